-- IAM's schema: tenants (teams), users, roles, memberships, tokens, keys and the audit log.
CREATE TABLE tenant (
    id          uuid PRIMARY KEY,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE app_user (
    id              uuid PRIMARY KEY,
    email           text NOT NULL,
    name            text NOT NULL,
    password_hash   text NOT NULL,
    instance_admin  boolean NOT NULL DEFAULT false,
    failed_signins  integer NOT NULL DEFAULT 0,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL
);
-- E-mail is unique per instance, whatever its case.
CREATE UNIQUE INDEX app_user_email_key ON app_user (lower(email));

CREATE TABLE role (
    id           uuid PRIMARY KEY,
    tenant_id    uuid REFERENCES tenant (id) ON DELETE CASCADE, -- null: a built-in role of every tenant
    name         text NOT NULL,
    permissions  text NOT NULL, -- space-separated
    created_at   timestamptz NOT NULL
);
CREATE UNIQUE INDEX role_name_key ON role (coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'), name);

CREATE TABLE membership (
    id          uuid PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role_id     uuid NOT NULL REFERENCES role (id),
    created_at  timestamptz NOT NULL,
    UNIQUE (tenant_id, user_id)
);
CREATE INDEX membership_user ON membership (user_id);

CREATE TABLE refresh_token (
    id          uuid PRIMARY KEY,
    family_id   uuid NOT NULL,
    user_id     uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    tenant_id   uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    token_hash  text NOT NULL UNIQUE,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX refresh_token_family ON refresh_token (family_id);

CREATE TABLE signing_key (
    kid              text PRIMARY KEY,
    public_jwk       text NOT NULL,
    private_key_enc  bytea NOT NULL, -- AES-256-GCM under hetumind.iam.master-key: iv || ciphertext
    created_at       timestamptz NOT NULL,
    retired_at       timestamptz
);

CREATE TABLE api_key (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    created_by    uuid NOT NULL,
    name          text NOT NULL,
    prefix        text NOT NULL UNIQUE,
    secret_hash   text NOT NULL,
    permissions   text NOT NULL,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    created_at    timestamptz NOT NULL
);
CREATE INDEX api_key_tenant ON api_key (tenant_id, id);

CREATE TABLE agent_token (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    created_by    uuid NOT NULL,
    name          text NOT NULL,
    namespace     text NOT NULL,
    prefix        text NOT NULL UNIQUE,
    secret_hash   text NOT NULL,
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz,
    created_at    timestamptz NOT NULL
);
CREATE INDEX agent_token_tenant ON agent_token (tenant_id, id);

CREATE TABLE audit_event (
    id         uuid PRIMARY KEY,
    tenant_id  uuid,
    actor_id   uuid,
    event      text NOT NULL,
    subject    text,
    ip         text,
    detail     text,
    at         timestamptz NOT NULL
);
CREATE INDEX audit_event_tenant ON audit_event (tenant_id, id);

INSERT INTO role (id, tenant_id, name, permissions, created_at) VALUES
 ('00000000-0000-7000-8000-000000000001', NULL, 'owner',
  'workflow:read workflow:write execution:run credential:use credential:write job:read job:write agent:register tenant:write tenant:delete user:read user:write role:write apikey:write agenttoken:write audit:read', now()),
 ('00000000-0000-7000-8000-000000000002', NULL, 'admin',
  'workflow:read workflow:write execution:run credential:use credential:write job:read job:write agent:register tenant:write user:read user:write role:write apikey:write agenttoken:write audit:read', now()),
 ('00000000-0000-7000-8000-000000000003', NULL, 'editor',
  'workflow:read workflow:write execution:run credential:use credential:write job:read job:write user:read', now()),
 ('00000000-0000-7000-8000-000000000004', NULL, 'viewer',
  'workflow:read job:read user:read', now());
