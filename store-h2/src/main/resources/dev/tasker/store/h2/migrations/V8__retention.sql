-- Tasker schema version 8 (H2): indexes for retention (Retention, WorkflowStore.purgeFinished).
-- The purge scans "finished before X" (completed_at is NULL while a task is unfinished), and deletes a task's
-- outbox events by task_id, after checking that none is undelivered: before V8 nothing read the outbox by task.
-- Idempotent like V1.
CREATE INDEX IF NOT EXISTS tasker_tasks_completed_ix ON tasker_tasks (completed_at);
CREATE INDEX IF NOT EXISTS tasker_event_outbox_task_ix ON tasker_event_outbox (task_id);
