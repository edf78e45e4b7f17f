-- Tasker schema version 3 (PostgreSQL): a step's latest result lives on its own row, and edges are keyed
-- by task; the same columns, keys and copy as the H2 file of this version (see there why). The whole
-- file runs in the migration's transaction under the runner's advisory lock.
-- tasker_step_results stays (empty, no longer written or read), as on H2.

ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_success boolean;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_json text;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS error_json text;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_metadata_json text;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_attempt int;
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS result_recorded_at timestamptz;
UPDATE tasker_steps SET (result_success, result_json, error_json, result_metadata_json, result_attempt, result_recorded_at) = (SELECT r.success, r.result_json, r.error_json, r.metadata_json, r.attempt, r.recorded_at FROM tasker_step_results r WHERE r.step_id = tasker_steps.step_id) WHERE step_id IN (SELECT step_id FROM tasker_step_results);
DELETE FROM tasker_step_results;

-- Edges: the primary key starts with task_id (the key (from, to, name) plus the task, which follows from
-- the steps), so it also serves the per-task reads and the separate task_id index goes: one B-tree fewer
-- written for every edge. The new key is dropped first too, so that the file can run again.
ALTER TABLE tasker_step_edges DROP CONSTRAINT IF EXISTS tasker_step_edges_pk;
ALTER TABLE tasker_step_edges DROP CONSTRAINT IF EXISTS tasker_step_edges_task_pk;
ALTER TABLE tasker_step_edges ADD CONSTRAINT tasker_step_edges_task_pk PRIMARY KEY (task_id, from_step_id, to_step_id, name);
DROP INDEX IF EXISTS tasker_step_edges_task_ix;
