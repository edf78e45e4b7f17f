-- Tasker schema version 11 (PostgreSQL): indexes for the task list (the dashboard, TaskerOperations.tasks) at a
-- million rows. The list is ordered newest first by (created_at, task_id), filtered by state, by template or
-- by neither; each index below ends with those two columns, so a page is a short backward range scan from
-- the start or from a cursor, with no sort. They replace the three narrower indexes of V1 (each new one has
-- the old one as its prefix, so the unfinished-task scan and the template lookups keep their index), so a
-- write still updates the same number of indexes. The audit's time index serves the step activity chart
-- (steps per minute over the last hour) without reading the whole audit.
DROP INDEX IF EXISTS tasker_tasks_state_ix;
DROP INDEX IF EXISTS tasker_tasks_template_ix;
DROP INDEX IF EXISTS tasker_tasks_created_ix;
CREATE INDEX IF NOT EXISTS tasker_tasks_state_created_ix ON tasker_tasks (state, created_at, task_id);
CREATE INDEX IF NOT EXISTS tasker_tasks_template_created_ix ON tasker_tasks (namespace, name, created_at, task_id);
CREATE INDEX IF NOT EXISTS tasker_tasks_created_id_ix ON tasker_tasks (created_at, task_id);
CREATE INDEX IF NOT EXISTS tasker_step_transitions_at_ix ON tasker_step_transitions (occurred_at);
