-- Workflows: the current head per workflow, and every saved version (immutable) of its definition.
CREATE TABLE workflow (
    id          uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    name        text        NOT NULL,
    version     integer     NOT NULL,          -- the head version; updates must name it (optimistic concurrency)
    active      boolean     NOT NULL DEFAULT false,
    tags        text[]      NOT NULL DEFAULT '{}',
    created_by  uuid,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE INDEX workflow_tenant ON workflow (tenant_id, id);
CREATE INDEX workflow_tags ON workflow USING gin (tags);

CREATE TABLE workflow_version (
    workflow_id uuid        NOT NULL REFERENCES workflow (id) ON DELETE CASCADE,
    version     integer     NOT NULL,
    tenant_id   uuid        NOT NULL,
    definition  jsonb       NOT NULL,          -- the Hetumind workflow document
    source      text        NOT NULL,          -- hetumind | n8n | rollback
    note        text,
    created_by  uuid,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (workflow_id, version)
);
