-- Staff users of a practice and their sign-in (issue 18): users with the key roles, one-time set-password tokens, sessions kept here
-- so that sign-out, disabling and a password reset end them at once, failed sign-ins for the lockout, and the practice's setting.
CREATE TABLE staff_users (
    id                   uuid PRIMARY KEY,
    tenant_id            uuid        NOT NULL REFERENCES tenants (id),
    email                text        NOT NULL,
    name                 text        NOT NULL,
    roles                text[]      NOT NULL,
    -- "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>": the algorithm and its parameters travel with the hash, so they can be raised.
    password_hash        text,
    password_changed_at  timestamptz,
    totp_secret          bytea,
    totp_pending_secret  bytea,
    totp_last_step       bigint,
    disabled_at          timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
-- An email is one person's within a practice, whatever its case.
CREATE UNIQUE INDEX staff_users_tenant_email ON staff_users (tenant_id, lower(email));
CREATE INDEX staff_users_email ON staff_users (lower(email));

-- A set-password link (a new user's first, or a reset): stored as the SHA-256 of the token, used once, until it expires.
CREATE TABLE staff_password_tokens (
    token_hash  text PRIMARY KEY,
    user_id     uuid        NOT NULL REFERENCES staff_users (id),
    tenant_id   uuid        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX staff_password_tokens_user ON staff_password_tokens (user_id);

-- A session: the cookie carries a random id, only its SHA-256 is kept. stage: 'second-factor' (password right, TOTP to come),
-- 'enrol-second-factor' (an admin of a practice that requires TOTP, none enrolled yet) or 'full'.
CREATE TABLE staff_sessions (
    id           uuid PRIMARY KEY,
    id_hash      text        NOT NULL UNIQUE,
    user_id      uuid        NOT NULL REFERENCES staff_users (id),
    tenant_id    uuid        NOT NULL,
    stage        text        NOT NULL CHECK (stage IN ('second-factor', 'enrol-second-factor', 'full')),
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    ended_at     timestamptz,
    ended_why    text
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id) WHERE ended_at IS NULL;

-- Failed sign-ins by email (known or not, so the answer cannot tell them apart): the lockout counts those of the last 15 minutes.
CREATE TABLE staff_sign_in_failures (
    id     bigserial PRIMARY KEY,
    email  text        NOT NULL,
    at     timestamptz NOT NULL
);
CREATE INDEX staff_sign_in_failures_email_at ON staff_sign_in_failures (email, at);

CREATE TABLE staff_settings (
    tenant_id                          uuid PRIMARY KEY REFERENCES tenants (id),
    require_second_factor_for_admins   boolean     NOT NULL DEFAULT false,
    updated_at                         timestamptz NOT NULL
);

-- Which staff user made each request (a signed-in session), beside the API key for keys.
ALTER TABLE audit_log ADD COLUMN user_id uuid;
CREATE INDEX audit_log_user_at ON audit_log (user_id, at) WHERE user_id IS NOT NULL;
