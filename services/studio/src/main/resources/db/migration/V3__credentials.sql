-- Credentials: typed data sealed with AES-256-GCM under a per-record data key, that key wrapped by a master key
-- (envelope encryption). Nothing secret is stored in clear: name and type are labels, the data is in `sealed`.
CREATE TABLE credential (
    id                 uuid PRIMARY KEY,          -- UUIDv7, doubles as the list cursor
    tenant_id          uuid        NOT NULL,
    name               text        NOT NULL,
    type               text        NOT NULL,      -- a CredentialType id (httpHeaderAuth, postgres…); never changes
    owner_id           uuid        NOT NULL,      -- the creator: may change, share and delete it
    shared_with_tenant boolean     NOT NULL DEFAULT false,
    key_id             text        NOT NULL,      -- the master key that wrapped data_key
    data_key           bytea       NOT NULL,      -- version byte, 12-byte IV, AES-GCM(master key, data key) + tag
    sealed             bytea       NOT NULL,      -- version byte, 12-byte IV, AES-GCM(data key, JSON data) + tag
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
-- n8n exports reference credentials by {id, name}; within a tenant and type a name finds one credential.
CREATE UNIQUE INDEX credential_name ON credential (tenant_id, type, name);
CREATE INDEX credential_tenant ON credential (tenant_id, id);
-- Re-wrapping after a master key rotation looks for rows under older keys.
CREATE INDEX credential_key ON credential (key_id);

-- Users of the tenant a credential is shared with (they may use it in their runs, not change it).
CREATE TABLE credential_share (
    credential_id uuid NOT NULL REFERENCES credential (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL,
    PRIMARY KEY (credential_id, user_id)
);
CREATE INDEX credential_share_user ON credential_share (user_id);
