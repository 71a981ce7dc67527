-- Triggers of active workflows (area trigger/live, see README "Triggers"). Rows are written by Triggers.activate in the
-- workflow API's transaction and announced on channel hetumind_triggers, so every replica refreshes its in-memory
-- routes at commit.

-- Production webhooks. Paths are global (the URL names no tenant): one (method, path shape) per instance.
CREATE TABLE webhook (
    method           text        NOT NULL,            -- GET, POST … upper case
    path_key         text        NOT NULL,            -- the path with every ':param' segment written ':'
    path             text        NOT NULL,            -- as configured, no leading slash
    tenant_id        uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    workflow_version integer     NOT NULL,
    node             jsonb       NOT NULL,            -- the Webhook node as saved (parameters, credential refs)
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (method, path_key)
);
CREATE INDEX webhook_workflow ON webhook (workflow_id);

-- The designer's listen mode: one registration per workflow, captured by the first request within its lifetime.
CREATE TABLE webhook_test (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    workflow_version integer     NOT NULL,
    nodes            jsonb       NOT NULL,            -- [{method, path, pathKey, node}] one entry per method
    created_by       uuid,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    captured_at      timestamptz,                     -- set once, by the request that won the capture
    execution_id     text
);
CREATE INDEX webhook_test_workflow ON webhook_test (tenant_id, workflow_id);
CREATE INDEX webhook_test_live ON webhook_test (expires_at) WHERE captured_at IS NULL;

-- Schedules: one row per enabled schedule trigger node. A tick is claimed by the compare-and-set
-- UPDATE … SET next_fire_at = <following tick> WHERE id = ? AND next_fire_at = <tick>: one replica wins it.
CREATE TABLE schedule (
    id               uuid        PRIMARY KEY,
    tenant_id        uuid        NOT NULL,
    workflow_id      uuid        NOT NULL,
    workflow_version integer     NOT NULL,
    node             jsonb       NOT NULL,            -- the trigger node as saved: its rules are read from it
    timezone         text        NOT NULL,
    next_fire_at     timestamptz NOT NULL,
    last_fire_at     timestamptz,                     -- the last tick fired (not skipped)
    fires            bigint      NOT NULL DEFAULT 0,
    misfires         bigint      NOT NULL DEFAULT 0,  -- ticks skipped: older than the grace window when claimed
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX schedule_due ON schedule (next_fire_at);
CREATE INDEX schedule_workflow ON schedule (workflow_id);
