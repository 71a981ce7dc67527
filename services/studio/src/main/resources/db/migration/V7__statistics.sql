-- Execution statistics: one row per ended execution, written by the Settler in the same transaction (one JDBC batch
-- per group commit) that records the execution. Kept apart from `execution` so that executions a workflow does not
-- save, and pruned ones, still count; rows older than hetumind.studio.statistics.retention are deleted.
-- nodes: [{"node","type","runs","ms","items","errors","error"}] — per node of the run: runs, summed run time (ms),
-- items output, failed runs and the last failure's message.
CREATE TABLE execution_stat (
    execution_id  uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    workflow_id   uuid        NOT NULL,
    finished_at   timestamptz NOT NULL,
    status        text        NOT NULL,
    duration_ms   bigint      NOT NULL,
    error_message text,
    nodes         jsonb       NOT NULL
);
CREATE INDEX execution_stat_window ON execution_stat (tenant_id, workflow_id, finished_at);
CREATE INDEX execution_stat_age ON execution_stat (finished_at);
