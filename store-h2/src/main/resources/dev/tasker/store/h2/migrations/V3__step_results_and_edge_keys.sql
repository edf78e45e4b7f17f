-- Tasker schema version 3 (H2): a step's latest result lives on its own row, and edges are keyed by task.
-- The guarded UPDATE that records an outcome now writes the result with it, instead of a MERGE into
-- tasker_step_results: that table's UUID key (plus H2's hidden row-id map) and its task_id index were
-- 2-3 more B-trees changed, and serialised at commit, for every finished step. result_success is NULL
-- while a step has no result; result_json is set on success, error_json on failure.
-- V2 is left to another change: the runner applies every version the database lacks, in index order.
-- Idempotent like V1 (H2 commits DDL at once, so a cut-off run starts again from the top): the columns
-- are added IF NOT EXISTS, and the copy and the delete run in the transaction that records the version.
-- tasker_step_results stays (empty, no longer written or read) so that this file can run again.

ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_success BOOLEAN;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_json CLOB;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS error_json CLOB;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_metadata_json CLOB;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_attempt INT;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_recorded_at TIMESTAMP WITH TIME ZONE;
UPDATE tasker_steps SET (result_success, result_json, error_json, result_metadata_json, result_attempt, result_recorded_at) = (SELECT r.success, r.result_json, r.error_json, r.metadata_json, r.attempt, r.recorded_at FROM tasker_step_results r WHERE r.step_id = tasker_steps.step_id) WHERE step_id IN (SELECT step_id FROM tasker_step_results);
DELETE FROM tasker_step_results;

-- Edges: the primary key starts with task_id (the key (from, to, name) plus the task, which follows from
-- the steps), so it also serves the per-task reads and the separate task_id index goes: one B-tree fewer
-- written for every edge. The new key is dropped first too, so that the file can run again.
ALTER TABLE tasker_step_edges DROP CONSTRAINT IF EXISTS tasker_step_edges_pk;
ALTER TABLE tasker_step_edges DROP CONSTRAINT IF EXISTS tasker_step_edges_task_pk;
ALTER TABLE tasker_step_edges ADD CONSTRAINT tasker_step_edges_task_pk PRIMARY KEY (task_id, from_step_id, to_step_id, name);
DROP INDEX IF EXISTS tasker_step_edges_task_ix;
