-- The public events (the change feed) and the webhook endpoints they are delivered to.

-- Per practice, the next position of its feed: taking it locks the row until the event's transaction commits, so a
-- practice's events commit in position order and a reader following the cursor never skips one committed late.
CREATE TABLE feed_positions (
    tenant_id uuid   PRIMARY KEY,
    last      bigint NOT NULL
);

-- Per resource (a claim, a patient's balance…), the sequence number a receiver discards stale events with.
CREATE TABLE resource_sequences (
    tenant_id     uuid   NOT NULL,
    resource_type text   NOT NULL,
    resource_id   uuid   NOT NULL,
    last          bigint NOT NULL,
    PRIMARY KEY (tenant_id, resource_type, resource_id)
);

-- body is the exact text delivered and signed (text, not jsonb, which would reorder its keys).
CREATE TABLE events (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    position      bigint      NOT NULL,
    type          text        NOT NULL,
    resource_type text        NOT NULL,
    resource_id   uuid        NOT NULL,
    sequence      bigint      NOT NULL,
    occurred_at   timestamptz NOT NULL,
    in_feed       boolean     NOT NULL DEFAULT true,
    body          text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, position)
);
CREATE INDEX events_feed ON events (tenant_id, position) WHERE in_feed;
CREATE INDEX events_age ON events (created_at);

-- Which patient a claim is for (from claim.created/claim.submitted), so claim.accepted and claim.rejected name it too.
CREATE TABLE claim_patients (
    tenant_id  uuid NOT NULL,
    claim_id   uuid NOT NULL,
    patient_id uuid NOT NULL,
    PRIMARY KEY (tenant_id, claim_id)
);

-- A secret is AES-GCM sealed (nonce | tag | ciphertext) with Integrations:SecretKey; the previous one still signs until
-- previous_secret_expires_at after a rotation.
CREATE TABLE webhooks (
    id                        uuid        PRIMARY KEY,
    tenant_id                 uuid        NOT NULL,
    url                       text        NOT NULL,
    events                    text[]      NOT NULL,
    description               text,
    enabled                   boolean     NOT NULL DEFAULT true,
    disabled_reason           text,
    disabled_at               timestamptz,
    secret                    bytea       NOT NULL,
    previous_secret           bytea,
    previous_secret_expires_at timestamptz,
    last_success_at           timestamptz,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id, id);

CREATE TABLE deliveries (
    id              uuid        PRIMARY KEY,
    tenant_id       uuid        NOT NULL,
    webhook_id      uuid        NOT NULL REFERENCES webhooks ON DELETE CASCADE,
    event_id        uuid        NOT NULL REFERENCES events ON DELETE CASCADE,
    -- The resource ("claim:<id>"): a later event for it waits while an earlier one is pending.
    ordering_key    text        NOT NULL,
    event_position  bigint      NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    -- When the current series of attempts began (a redelivery starts a new one): back-off and the 3 days count from it.
    series_started_at timestamptz NOT NULL,
    delivered_at    timestamptz,
    last_status_code int,
    last_error      text,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_order ON deliveries (webhook_id, ordering_key, event_position) WHERE status = 'pending';
CREATE INDEX deliveries_log ON deliveries (tenant_id, webhook_id, id);

CREATE TABLE delivery_attempts (
    id            uuid        PRIMARY KEY,
    delivery_id   uuid        NOT NULL REFERENCES deliveries ON DELETE CASCADE,
    attempted_at  timestamptz NOT NULL,
    status_code   int,
    duration_ms   int         NOT NULL,
    error         text,
    response_body text
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, attempted_at);
