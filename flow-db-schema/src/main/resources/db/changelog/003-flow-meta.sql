--liquibase formatted sql

--changeset flow:003-flow-meta-table
--comment: flow-db's own bookkeeping (schema checksum and version, graph version); other tools ignore it
CREATE TABLE IF NOT EXISTS flow_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT OR IGNORE INTO flow_meta (key, value) VALUES ('graph_version', '0');

--changeset flow:003-graph-version-triggers splitStatements:false
--comment: any writer (flow-db, the Python tool, a script) that changes the dependency graph or the priorities bumps graph_version, so cached scheduling scores know when they are stale
CREATE TRIGGER IF NOT EXISTS flow_graph_on_insert AFTER INSERT ON features
BEGIN
    UPDATE flow_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'graph_version';
END;

--changeset flow:003-graph-version-trigger-delete splitStatements:false
CREATE TRIGGER IF NOT EXISTS flow_graph_on_delete AFTER DELETE ON features
BEGIN
    UPDATE flow_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'graph_version';
END;

--changeset flow:003-graph-version-trigger-update splitStatements:false
CREATE TRIGGER IF NOT EXISTS flow_graph_on_update AFTER UPDATE OF id, priority, dependencies ON features
BEGIN
    UPDATE flow_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'graph_version';
END;

--changeset flow:003-status-version
INSERT OR IGNORE INTO flow_meta (key, value) VALUES ('status_version', '0');

--changeset flow:003-status-version-trigger splitStatements:false
--comment: any writer that changes a feature's flags bumps status_version, so an in-memory picture of the ready and blocked sets knows when it is stale
CREATE TRIGGER IF NOT EXISTS flow_status_on_update AFTER UPDATE OF passes, in_progress, needs_human_input ON features
BEGIN
    UPDATE flow_meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'status_version';
END;
