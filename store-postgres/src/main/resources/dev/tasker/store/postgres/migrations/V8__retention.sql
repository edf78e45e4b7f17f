-- Tasker schema version 8 (PostgreSQL): indexes for retention (see the H2 file). The completed_at index is
-- partial: unfinished tasks (completed_at NULL) never enter it.
CREATE INDEX IF NOT EXISTS tasker_tasks_completed_ix ON tasker_tasks (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS tasker_event_outbox_task_ix ON tasker_event_outbox (task_id);
