-- The store's generation (StoreGeneration): one row, raised every few seconds while the engine writes,
-- and mirrored in the marker file <database>.tasker-generation next to an H2 file. A file whose row is
-- older than the marker went back in time (truncated, rolled back, replaced) and is refused at open.
CREATE TABLE IF NOT EXISTS tasker_store_generation (
    id INT NOT NULL PRIMARY KEY,
    store_id UUID NOT NULL,
    generation BIGINT NOT NULL,
    raised_at TIMESTAMP WITH TIME ZONE NOT NULL
);
