--liquibase formatted sql

--changeset flow:pg-002-picture
--comment: what a process's scheduling picture checks per read: the graph version (moved only by graph writes, which are serialised anyway) and how far the status log has been pruned
CREATE TABLE flow_picture (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    graph_version BIGINT NOT NULL,
    graph_tx XID8,
    log_horizon BIGINT NOT NULL
);
INSERT INTO flow_picture (id, graph_version, log_horizon) VALUES (1, 0, 0);

--changeset flow:pg-002-meta
--comment: what flow-db records of itself: the checksum of the changelog last applied, so an open of an up-to-date database runs no Liquibase
CREATE TABLE flow_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

--changeset flow:pg-002-status-log
--comment: one row per change of a feature's flags, with the writing transaction: appended, never a hot row, read below and above the oldest running transaction
CREATE TABLE flow_status_log (
    tx XID8 NOT NULL DEFAULT pg_current_xact_id(),
    feature_id BIGINT NOT NULL
);
CREATE INDEX ix_flow_status_log_tx ON flow_status_log (tx);
CREATE INDEX ix_change_events_tx ON change_events (tx, id);

--changeset flow:pg-002-graph-function splitStatements:false
CREATE FUNCTION flow_graph_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- once per transaction: a bulk of 10 000 single-row inserts must not write this row 10 000 times
    UPDATE flow_picture SET graph_version = graph_version + 1, graph_tx = pg_current_xact_id()
        WHERE id = 1 AND graph_tx IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END
$$;

--changeset flow:pg-002-status-function splitStatements:false
CREATE FUNCTION flow_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO flow_status_log (feature_id) VALUES (NEW.id);
    RETURN NULL;
END
$$;

--changeset flow:pg-002-triggers
--comment: every writer's changes move them, raw SQL included: rows added or removed and edited ids, priorities or dependencies move the graph; edited flags are logged
CREATE TRIGGER features_graph_rows AFTER INSERT OR DELETE OR TRUNCATE ON features
    FOR EACH STATEMENT EXECUTE FUNCTION flow_graph_changed();
CREATE TRIGGER features_graph_edit AFTER UPDATE OF id, priority, dependencies ON features FOR EACH ROW
    WHEN (OLD.id IS DISTINCT FROM NEW.id OR OLD.priority IS DISTINCT FROM NEW.priority OR OLD.dependencies IS DISTINCT FROM NEW.dependencies)
    EXECUTE FUNCTION flow_graph_changed();
CREATE TRIGGER features_status_edit AFTER UPDATE OF passes, in_progress, needs_human_input ON features FOR EACH ROW
    WHEN (OLD.passes IS DISTINCT FROM NEW.passes OR OLD.in_progress IS DISTINCT FROM NEW.in_progress
          OR OLD.needs_human_input IS DISTINCT FROM NEW.needs_human_input)
    EXECUTE FUNCTION flow_status_changed();
