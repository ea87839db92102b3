--liquibase formatted sql

--changeset flow:004-status-log-table
--comment: which feature each status_version step changed, so a process can catch up with other writers' claims without reloading the backlog
CREATE TABLE IF NOT EXISTS flow_status_log (
    version INTEGER PRIMARY KEY,
    feature_id INTEGER NOT NULL
);

--changeset flow:004-status-log-drop-old-trigger
DROP TRIGGER IF EXISTS flow_status_on_update;

--changeset flow:004-status-log-trigger splitStatements:false
--comment: one statement per changeset: with splitStatements off, SQLite runs only the first statement of a text
CREATE TRIGGER flow_status_on_update AFTER UPDATE OF passes, in_progress, needs_human_input ON features
BEGIN
    UPDATE flow_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'status_version';
    INSERT OR REPLACE INTO flow_status_log (version, feature_id)
        SELECT CAST(value AS INTEGER), NEW.id FROM flow_meta WHERE key = 'status_version';
END;
