-- Tasker schema version 14 (PostgreSQL): why a step waits, readable from another process (the command line, an
-- operator client, the dashboard of another engine): waiting for a signal, for a child task (a sub-workflow),
-- or for a per-key concurrency slot or rate limit with its key. The engine writes it only when a step starts
-- waiting and clears it when the step moves on; a step that never waits never writes it. NULL: nothing holds
-- the step back (or it was last written by an engine before this version).
ALTER TABLE tasker_steps ADD COLUMN IF NOT EXISTS waiting_reason TEXT;
