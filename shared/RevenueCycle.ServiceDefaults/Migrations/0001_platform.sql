-- Platform tables every service has: the transactional outbox, the consumer inbox and the
-- idempotency keys of POSTs that move money or create claims.

CREATE TABLE IF NOT EXISTS outbox (
    id              uuid PRIMARY KEY,
    tenant_id       uuid,
    message_type    text        NOT NULL,
    body            jsonb       NOT NULL,
    traceparent     text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    last_error      text
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (next_attempt_at, created_at) WHERE published_at IS NULL;

CREATE TABLE IF NOT EXISTS inbox (
    message_id   uuid        NOT NULL,
    consumer     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);

CREATE TABLE IF NOT EXISTS idempotency_keys (
    tenant_id     uuid        NOT NULL,
    key           text        NOT NULL,
    method        text        NOT NULL,
    path          text        NOT NULL,
    request_hash  text        NOT NULL,
    status_code   int,
    content_type  text,
    response_body bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    PRIMARY KEY (tenant_id, key)
);
