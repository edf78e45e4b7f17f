-- Tasker schema version 5 (PostgreSQL): the table H2 uses so that one engine at a time runs an H2 file
-- (StoreOwnership; see the H2 file). Unused here, like the node registry on H2: engines share a
-- PostgreSQL database by design, with leases and fencing (tasker_nodes, V2); it exists so that both
-- databases have the same tables.
CREATE TABLE IF NOT EXISTS tasker_store_owner (
    id          integer      NOT NULL PRIMARY KEY,
    node_id     text,
    host        text,
    pid         bigint,
    started_at  timestamptz
);
INSERT INTO tasker_store_owner (id) SELECT v FROM (VALUES (1), (2)) AS t (v) WHERE v NOT IN (SELECT id FROM tasker_store_owner);
