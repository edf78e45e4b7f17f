-- Tasker schema version 10 (PostgreSQL): per-key concurrency and rate limits shared by the nodes of one
-- database (a template's extensions.limits, TaskerBuilder.concurrencyLimit/rateLimit).
-- One row per (limit, key value): its row lock serializes the nodes taking holds of that key.
CREATE TABLE IF NOT EXISTS tasker_limit_keys (
    limit_id   text NOT NULL,
    key_value  text NOT NULL,
    PRIMARY KEY (limit_id, key_value)
);
-- One row per slot held: the holder is a running step (or, for a task-scope limit, a task in process).
CREATE TABLE IF NOT EXISTS tasker_limit_holds (
    limit_id   text         NOT NULL,
    key_value  text         NOT NULL,
    holder     uuid         NOT NULL,
    node_id    text         NOT NULL,
    taken_at   timestamptz  NOT NULL,
    PRIMARY KEY (limit_id, key_value, holder)
);
-- One row per rate bucket (a rate's callable and/or key value): the next permitted start.
CREATE TABLE IF NOT EXISTS tasker_rate_buckets (
    bucket_id  text         NOT NULL PRIMARY KEY,
    next_at    timestamptz  NOT NULL
);
