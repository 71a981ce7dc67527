-- Listening triggers of active workflows (MQTT Trigger …; libs/core ListenTrigger). One row per enabled listening
-- trigger node, written by Triggers.activate in the workflow API's transaction. Exactly one replica runs each: the one
-- holding the PostgreSQL advisory lock of (tenant, workflow, node) on a connection of its own (ListenerHost).
CREATE TABLE listener (
    tenant_id        uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    node_name        text        NOT NULL,
    workflow_version integer     NOT NULL,
    node             jsonb       NOT NULL,            -- the trigger node as saved (parameters, credential refs)
    run_as           uuid,                            -- the workflow's owner: whose credentials the listener may use
    timezone         text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, workflow_id, node_name)
);
