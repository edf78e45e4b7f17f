-- Tasker schema version 10 (H2): the tables of per-key limits shared by nodes, kept so that both databases
-- have the same tables. One engine runs an H2 database and keeps its limits in memory; it does not use them.
CREATE TABLE IF NOT EXISTS tasker_limit_keys (
    limit_id   VARCHAR NOT NULL,
    key_value  VARCHAR NOT NULL,
    PRIMARY KEY (limit_id, key_value)
);
CREATE TABLE IF NOT EXISTS tasker_limit_holds (
    limit_id   VARCHAR                  NOT NULL,
    key_value  VARCHAR                  NOT NULL,
    holder     UUID                     NOT NULL,
    node_id    VARCHAR                  NOT NULL,
    taken_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (limit_id, key_value, holder)
);
CREATE TABLE IF NOT EXISTS tasker_rate_buckets (
    bucket_id  VARCHAR                  NOT NULL PRIMARY KEY,
    next_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
