-- Tasker schema version 7 (PostgreSQL): delayed tasks (run_at) and recurring schedules (see the H2 file).
ALTER TABLE tasker_tasks ADD COLUMN IF NOT EXISTS run_at timestamptz;

CREATE TABLE IF NOT EXISTS tasker_schedules (
    name          text        NOT NULL PRIMARY KEY,
    cron          text        NOT NULL,
    cron_type     varchar(16) NOT NULL,
    zone          text        NOT NULL,
    namespace     text        NOT NULL,
    task_name     text        NOT NULL,
    version       text,
    missed_fires  varchar(16) NOT NULL,
    paused        boolean     NOT NULL,
    last_fire_at  timestamptz,
    updated_at    timestamptz NOT NULL
);
