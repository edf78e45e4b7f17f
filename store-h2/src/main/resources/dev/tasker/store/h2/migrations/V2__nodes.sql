-- Tasker schema version 2 (H2): the node registry table, so that both databases have the same tables.
-- An embedded H2 file is opened by one process at a time, so one engine owns it and the registry stays
-- unused there (WorkflowStore.nodes() is empty); unlike PostgreSQL's file, no index on
-- tasker_tasks.node_id, which would cost every task insert a B-tree write for queries H2 never runs.
CREATE TABLE IF NOT EXISTS tasker_nodes (
    node_id          VARCHAR                  NOT NULL PRIMARY KEY,
    epoch            BIGINT                   NOT NULL,
    status           VARCHAR(16)              NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Cancels asked on a node that does not own the task (unused on an embedded file, like the registry).
CREATE TABLE IF NOT EXISTS tasker_cancel_requests (
    task_id       UUID                     NOT NULL PRIMARY KEY,
    requested_by  VARCHAR                  NOT NULL,
    reason        VARCHAR,
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
