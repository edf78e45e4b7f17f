-- Tasker schema version 9 (PostgreSQL): signals and sub-workflows (see the H2 file).
CREATE TABLE IF NOT EXISTS tasker_signals (
    task_id      uuid        NOT NULL,
    step_name    text        NOT NULL,
    payload_json text        NOT NULL,
    received_at  timestamptz NOT NULL,
    delivered_at timestamptz,
    CONSTRAINT tasker_signals_pk PRIMARY KEY (task_id, step_name)
);

CREATE TABLE IF NOT EXISTS tasker_task_links (
    child_task_id    uuid        NOT NULL PRIMARY KEY,
    parent_task_id   uuid        NOT NULL,
    parent_step_name text        NOT NULL,
    created_at       timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS tasker_task_links_parent_ix ON tasker_task_links (parent_task_id);
