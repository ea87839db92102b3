--liquibase formatted sql

--changeset flow:005-content-version
--comment: with graph_version and status_version, content_version changes whenever any column of a feature does, so a process can keep a list of the rows for as long as none of the three moves
INSERT OR IGNORE INTO flow_meta (key, value) VALUES ('content_version', '0');

--changeset flow:005-content-version-trigger splitStatements:false
--comment: the columns neither the graph nor the status trigger watches (inserts and deletes already move graph_version)
CREATE TRIGGER IF NOT EXISTS flow_content_on_update
AFTER UPDATE OF category, name, description, steps, human_input_request, human_input_response, claimed_by, claimed_at, created_at, updated_at ON features
BEGIN
    UPDATE flow_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'content_version';
END;
