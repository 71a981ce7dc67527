-- Item data of executions run on Temporal (hetumind.executor=temporal): Temporal's history keeps only references, the
-- data lives here (libs/executor-temporal RunDataStore). kind/ref: input/'' (the ExecutionInput), trigger/'' (the
-- start node's items), run/<task id> (a node run), state/<task id> (node state), resume/<node> (outputs of an outside
-- resume). value: gzip of the JSON. Each row carries its execution's tenant.
CREATE TABLE temporal_run_data (
    execution_id  uuid  NOT NULL,
    tenant_id     uuid  NOT NULL,
    kind          text  NOT NULL CHECK (kind IN ('input', 'trigger', 'run', 'state', 'resume')),
    ref           text  NOT NULL,
    value         bytea NOT NULL,
    PRIMARY KEY (execution_id, kind, ref)
);
CREATE INDEX temporal_run_data_tenant ON temporal_run_data (tenant_id);

-- The data lives as long as the execution is unsettled: when its queue row goes (settled, canceled, deleted), the
-- record holds the run in runData shape and this goes in the same transaction. One statement-level pass per delete,
-- which costs native executions one probe of an empty table. The function keeps the migration's search path, so a
-- session with another one (tools, tests naming studio.execution_queue) deletes from the right table.
CREATE FUNCTION temporal_run_data_gone() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM temporal_run_data) THEN
        DELETE FROM temporal_run_data r USING gone g WHERE r.execution_id = g.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER temporal_run_data_gone AFTER DELETE ON execution_queue
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION temporal_run_data_gone();
