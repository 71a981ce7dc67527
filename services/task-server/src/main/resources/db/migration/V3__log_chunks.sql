-- Log lines are stored as agents send them: one gzip'd chunk of consecutive lines per row (a JSON array of
-- {stream, text, at}; LogChunks in libs/core). Log text compresses several-fold, and a chunk is one row, not hundreds.
-- Lines stored before, one per row in instance_log, are still read from there.
CREATE TABLE instance_log_chunk (
    instance_id uuid   NOT NULL REFERENCES task_instance (id) ON DELETE CASCADE,
    first_seq   bigint NOT NULL,
    last_seq    bigint NOT NULL,
    line_count  int    NOT NULL,
    raw_bytes   bigint NOT NULL,
    lines       bytea  NOT NULL,
    PRIMARY KEY (instance_id, first_seq)
);
-- gzip'd already: keep PostgreSQL from trying to compress it again.
ALTER TABLE instance_log_chunk ALTER COLUMN lines SET STORAGE EXTERNAL;
