-- What a listening trigger node saved (libs/core ListenContext.saveState: n8n's node static data, such as the Email
-- Trigger's last message UID), kept across restarts, reactivations and replicas; gone with its workflow.
CREATE TABLE listener_state (
    tenant_id   uuid        NOT NULL,
    workflow_id uuid        NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
    node_name   text        NOT NULL,
    state       jsonb       NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, workflow_id, node_name)
);
