-- Tasker schema version 2 (PostgreSQL): engines sharing the database (SPEC §6, NodeRegistry).
-- A node joins with a new epoch and a lease that its heartbeat renews; a node whose lease ran out is
-- declared dead by another, which puts its unfinished tasks back in the queue (tasker_tasks.node_id
-- NULL). Every write batch of a node first locks its row FOR SHARE and checks status and epoch, so a
-- node declared dead writes nothing more. Lease times are the database's clock.
CREATE TABLE IF NOT EXISTS tasker_nodes (
    node_id          text         NOT NULL PRIMARY KEY,
    epoch            bigint       NOT NULL,
    status           varchar(16)  NOT NULL,
    started_at       timestamptz  NOT NULL,
    heartbeat_at     timestamptz  NOT NULL,
    lease_expires_at timestamptz  NOT NULL
);
-- A node's own tasks (release, takeover, the registry's counts).
CREATE INDEX IF NOT EXISTS tasker_tasks_node_ix ON tasker_tasks (node_id);
-- The queue in claim order: only tasks nobody owns are in it, so a claim reads the first rows instead of
-- sorting the whole queue (measured with `./tasker bench claims`: with 22,000 queued tasks a claim took
-- ~10 ms without it).
CREATE INDEX IF NOT EXISTS tasker_tasks_queue_ix ON tasker_tasks (priority DESC, created_at) WHERE node_id IS NULL;

-- A cancel asked on a node that does not own the task: the owner applies it when signalled, or
-- whichever node takes the task next applies it when it loads the task (the request outlives nodes).
CREATE TABLE IF NOT EXISTS tasker_cancel_requests (
    task_id       uuid         NOT NULL PRIMARY KEY,
    requested_by  text         NOT NULL,
    reason        text,
    requested_at  timestamptz  NOT NULL
);
