--liquibase formatted sql

--changeset flow:006-features-claim-renewed-at
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'claim_renewed_at'
--comment: a claim's lease: when its holder last renewed it (NULL: not since the claim, whose time is claimed_at); stale claims are measured from the later of the two. Nullable, so the originals' inserts never see it
ALTER TABLE features ADD COLUMN claim_renewed_at TEXT DEFAULT NULL;
