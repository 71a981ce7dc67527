-- Hardening (issue 11): invitations instead of direct membership, a sign-in throttle that treats known and unknown
-- addresses alike, e-mails normalised with a confusable skeleton, and a revocation list for access tokens.

-- The per-account lockout is replaced by signin_throttle (keyed by address, whether or not it has an account).
ALTER TABLE app_user DROP COLUMN failed_signins, DROP COLUMN locked_until;
-- E-mails are stored normalised (NFKC, lower case); for the ASCII addresses stored so far that is lower().
UPDATE app_user SET email = lower(email);
-- UTS #39 skeleton of the e-mail: two addresses that look alike share it. Filled by IAM at start for older rows.
ALTER TABLE app_user ADD COLUMN email_skeleton text;
CREATE UNIQUE INDEX app_user_email_skeleton_key ON app_user (email_skeleton);

CREATE TABLE invitation (
    id           uuid PRIMARY KEY,
    tenant_id    uuid NOT NULL REFERENCES tenant (id) ON DELETE CASCADE,
    email        text NOT NULL, -- normalised
    role_id      uuid NOT NULL REFERENCES role (id) ON DELETE CASCADE,
    invited_by   uuid NOT NULL,
    token_hash   text NOT NULL UNIQUE,
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    created_at   timestamptz NOT NULL
);
CREATE INDEX invitation_tenant ON invitation (tenant_id, id);

-- Failed sign-ins per address (key: 'a:' || sha256 of the normalised e-mail); known and unknown addresses alike.
CREATE TABLE signin_throttle (
    key            text PRIMARY KEY,
    failures       integer NOT NULL,
    blocked_until  timestamptz,
    updated_at     timestamptz NOT NULL
);

-- Access tokens (by jti) and sessions (by sid) revoked before they expire. Every verifying service keeps this list
-- in memory (libs/platform RevocationList): it loads the rows when it (re)connects and LISTENs for new ones.
CREATE TABLE revoked_token (
    token_id    uuid PRIMARY KEY,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX revoked_token_expiry ON revoked_token (expires_at);

CREATE FUNCTION revoked_token_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hetumind_token_revoked', NEW.token_id::text || ' ' || extract(epoch FROM NEW.expires_at)::bigint);
    RETURN NEW;
END $$;
CREATE TRIGGER revoked_token_notify AFTER INSERT OR UPDATE ON revoked_token
    FOR EACH ROW EXECUTE FUNCTION revoked_token_notify();
