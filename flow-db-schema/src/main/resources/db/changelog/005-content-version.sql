--liquibase formatted sql

--changeset flow:005-content-version
--comment: with graph_version and status_version, content_version changes whenever any column of a feature does, so a process can keep a list of the rows for as long as none of the three moves
INSERT OR IGNORE INTO flow_meta (key, value) VALUES ('content_version', '0');

--changeset flow:005-content-version-trigger splitStatements:false
--comment: the columns neither the graph nor the status trigger watches (inserts and deletes already move graph_version); an UPDATE that also moves the graph or the flags (a claim sets claimed_by with in_progress) leaves content_version alone, as another version moves anyway
CREATE TRIGGER IF NOT EXISTS flow_content_on_update
AFTER UPDATE OF category, name, description, steps, human_input_request, human_input_response, claimed_by, claimed_at, created_at, updated_at ON features
WHEN OLD.passes IS NEW.passes AND OLD.in_progress IS NEW.in_progress AND OLD.needs_human_input IS NEW.needs_human_input
    AND OLD.id IS NEW.id AND OLD.priority IS NEW.priority AND OLD.dependencies IS NEW.dependencies
BEGIN
    UPDATE flow_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'content_version';
END;
