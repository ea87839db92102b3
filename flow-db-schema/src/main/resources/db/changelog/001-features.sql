--liquibase formatted sql

--changeset flow:001-features-table
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'features'
--comment: a new file gets the Python autocoder's columns (same names and declared types, so the Python tool opens it) plus flow-db's
CREATE TABLE features (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    priority INTEGER NOT NULL DEFAULT 999,
    category VARCHAR(100) NOT NULL,
    name VARCHAR(255) NOT NULL,
    description TEXT NOT NULL,
    steps JSON NOT NULL,
    passes BOOLEAN NOT NULL DEFAULT 0,
    in_progress BOOLEAN NOT NULL DEFAULT 0,
    dependencies JSON,
    needs_human_input BOOLEAN NOT NULL DEFAULT 0,
    human_input_request JSON,
    human_input_response JSON,
    created_at TEXT,
    updated_at TEXT,
    claimed_by TEXT,
    claimed_at TEXT
);

--changeset flow:001-features-in-progress
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'in_progress'
ALTER TABLE features ADD COLUMN in_progress BOOLEAN DEFAULT 0;

--changeset flow:001-features-dependencies
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'dependencies'
ALTER TABLE features ADD COLUMN dependencies TEXT DEFAULT NULL;

--changeset flow:001-features-needs-human-input
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'needs_human_input'
ALTER TABLE features ADD COLUMN needs_human_input BOOLEAN DEFAULT 0;

--changeset flow:001-features-human-input-request
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'human_input_request'
ALTER TABLE features ADD COLUMN human_input_request TEXT DEFAULT NULL;

--changeset flow:001-features-human-input-response
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'human_input_response'
ALTER TABLE features ADD COLUMN human_input_response TEXT DEFAULT NULL;

--changeset flow:001-features-created-at
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'created_at'
--comment: SQLite refuses expression defaults in ADD COLUMN; rows that exist now are stamped once
ALTER TABLE features ADD COLUMN created_at TEXT DEFAULT NULL;
UPDATE features SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE created_at IS NULL;

--changeset flow:001-features-updated-at
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'updated_at'
ALTER TABLE features ADD COLUMN updated_at TEXT DEFAULT NULL;
UPDATE features SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE updated_at IS NULL;

--changeset flow:001-features-claimed-by
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'claimed_by'
ALTER TABLE features ADD COLUMN claimed_by TEXT DEFAULT NULL;

--changeset flow:001-features-claimed-at
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'claimed_at'
ALTER TABLE features ADD COLUMN claimed_at TEXT DEFAULT NULL;

--changeset flow:001-features-indexes
--comment: the Python tool's own index names; a 2-column ix_feature_status of an older file is kept as it is
CREATE INDEX IF NOT EXISTS ix_features_priority ON features (priority);
CREATE INDEX IF NOT EXISTS ix_features_passes ON features (passes);
CREATE INDEX IF NOT EXISTS ix_features_in_progress ON features (in_progress);
CREATE INDEX IF NOT EXISTS ix_features_needs_human_input ON features (needs_human_input);
CREATE INDEX IF NOT EXISTS ix_feature_status ON features (passes, in_progress, needs_human_input);
