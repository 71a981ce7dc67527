-- What nodes keep between executions of a workflow (libs/core ProcessedDataStore: n8n's processed data, Remove
-- Duplicates' history of values it has seen), per context the node names (n:<node id>, or '' for the workflow's);
-- gone with its workflow. A row whose value is NULL is only a lock being taken for a first write.
CREATE TABLE processed_data (
    tenant_id   uuid        NOT NULL,
    workflow_id uuid        NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
    context     text        NOT NULL,
    value       jsonb,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, workflow_id, context)
);
