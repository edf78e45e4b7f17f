-- Tasker schema version 6 (PostgreSQL): the propagation context an instrumentation stores with a task at
-- submit (see the H2 file). Null when no instrumentation asked for one.
ALTER TABLE tasker_tasks ADD COLUMN IF NOT EXISTS trace_context text;
