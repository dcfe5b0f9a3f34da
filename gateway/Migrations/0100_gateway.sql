-- Tenants (practices), their API keys (stored as SHA-256 hashes: a key is shown once, at creation)
-- and the access audit log (who read or changed what, never the body).
CREATE TABLE tenants (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES tenants (id),
    name       text        NOT NULL,
    key_prefix text        NOT NULL,
    key_hash   text        NOT NULL UNIQUE,
    roles      text[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE TABLE audit_log (
    id             bigserial PRIMARY KEY,
    at             timestamptz NOT NULL,
    key_id         uuid,
    tenant_id      uuid,
    method         text        NOT NULL,
    path           text        NOT NULL,
    query_keys     text,
    status         int         NOT NULL,
    duration_ms    numeric(10,2) NOT NULL,
    trace_id       text,
    correlation_id text,
    client_ip      text
);
CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at);
CREATE INDEX audit_log_at ON audit_log (at);
