-- Tasker schema version 5 (H2): one engine at a time runs an H2 database (StoreOwnership). The running
-- engine keeps a transaction open for its lifetime, on a connection of its own, that holds row 1 locked
-- (SELECT ... FOR UPDATE); a second engine's lock attempt times out and its build() is refused. Row 2
-- describes the owner (written by the engine holding the lock, read by the refused one and by the command
-- line); it is a separate row because the locked row's new values would stay invisible to the others.
-- PostgreSQL has the same table (both databases have the same tables) but leaves it unused: engines share
-- that database by design (tasker_nodes, leases and fencing, V2).
CREATE TABLE IF NOT EXISTS tasker_store_owner (
    id          INT                      NOT NULL PRIMARY KEY,
    node_id     VARCHAR,
    host        VARCHAR,
    pid         BIGINT,
    started_at  TIMESTAMP WITH TIME ZONE
);
INSERT INTO tasker_store_owner (id) SELECT v FROM (VALUES (1), (2)) AS t (v) WHERE v NOT IN (SELECT id FROM tasker_store_owner);
