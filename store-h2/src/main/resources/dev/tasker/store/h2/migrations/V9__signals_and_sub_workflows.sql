-- Tasker schema version 9 (H2): signals and sub-workflows (template extensions).
-- A signal sent to a step (Tasker.signal): at most one per step, kept until the step is reached
-- (delivered_at NULL) and then delivered (delivered_at set). A second signal to the step is a duplicate.
CREATE TABLE IF NOT EXISTS tasker_signals (
    task_id      UUID                     NOT NULL,
    step_name    VARCHAR                  NOT NULL,
    payload_json CLOB                     NOT NULL,
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT tasker_signals_pk PRIMARY KEY (task_id, step_name)
);

-- A child task started by a sub-workflow step: written with the child's insert, in the same transaction.
CREATE TABLE IF NOT EXISTS tasker_task_links (
    child_task_id    UUID                     NOT NULL PRIMARY KEY,
    parent_task_id   UUID                     NOT NULL,
    parent_step_name VARCHAR                  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS tasker_task_links_parent_ix ON tasker_task_links (parent_task_id);
