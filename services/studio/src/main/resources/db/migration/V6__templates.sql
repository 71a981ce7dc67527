-- Templates: workflows with typed parameters (io.hetumind.core.template), one head per template and every saved
-- version (immutable) of its document. Names are unique per tenant: templates are picked by name (CLI, backups).
CREATE TABLE template (
    id          uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    name        text        NOT NULL,
    version     integer     NOT NULL,          -- the head version; updates must name it (optimistic concurrency)
    description text        NOT NULL DEFAULT '',
    created_by  uuid,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT template_tenant_name UNIQUE (tenant_id, name)
);

CREATE TABLE template_version (
    template_id uuid        NOT NULL REFERENCES template (id) ON DELETE CASCADE,
    version     integer     NOT NULL,
    tenant_id   uuid        NOT NULL,
    document    jsonb       NOT NULL,          -- the template document (TemplateFormat), format hetumindTemplate
    created_by  uuid,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (template_id, version)
);
