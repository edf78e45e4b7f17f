-- Tasker schema version 7 (H2): delayed tasks and recurring schedules.
-- run_at: when a task in state 'scheduled' may start (the engine's clock); null for a task that started when
-- submitted. tasker_schedules: the state of each cron schedule the engines declare (the definition is copied
-- at every start, so that tools can list it): the last fire time considered and whether an operator paused it.
-- A fire creates its task with an identity derived from the schedule's name and the fire time, so that the
-- unique identity index makes each fire time run at most once, across restarts and nodes.
ALTER TABLE tasker_tasks ADD COLUMN IF NOT EXISTS run_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE IF NOT EXISTS tasker_schedules (
    name          VARCHAR                  NOT NULL PRIMARY KEY,
    cron          VARCHAR                  NOT NULL,
    cron_type     VARCHAR(16)              NOT NULL,
    zone          VARCHAR                  NOT NULL,
    namespace     VARCHAR                  NOT NULL,
    task_name     VARCHAR                  NOT NULL,
    version       VARCHAR,
    missed_fires  VARCHAR(16)              NOT NULL,
    paused        BOOLEAN                  NOT NULL,
    last_fire_at  TIMESTAMP WITH TIME ZONE,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
