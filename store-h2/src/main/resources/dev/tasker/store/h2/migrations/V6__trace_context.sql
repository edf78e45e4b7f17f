-- Tasker schema version 6 (H2): the propagation context an instrumentation stores with a task at submit
-- (a W3C traceparent, optionally with its tracestate), so that a task resumed after a restart, or on another
-- node, continues its submitter's trace. Null when no instrumentation asked for one.
ALTER TABLE tasker_tasks ADD COLUMN IF NOT EXISTS trace_context VARCHAR;
