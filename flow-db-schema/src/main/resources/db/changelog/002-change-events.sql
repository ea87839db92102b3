--liquibase formatted sql

--changeset flow:002-change-events-table
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'change_events'
--comment: the audit log; no foreign key, so the history of a deleted feature stays (a Rust-port file keeps its own table)
CREATE TABLE change_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    feature_id INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    agent TEXT,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL
);

--changeset flow:002-change-events-index
CREATE INDEX IF NOT EXISTS ix_change_events_feature_id ON change_events (feature_id, id);
