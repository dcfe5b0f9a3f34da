-- Claims: the fee schedule, tenant settings, per-payer scrubber rules (data, editable without a deploy),
-- claims with their own copy of everything the 837P needs, their history, and the submission pipeline.

CREATE TABLE fee_schedule (
    tenant_id  uuid          NOT NULL,
    code       text          NOT NULL,
    amount     numeric(12,2) NOT NULL,
    changed_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, code)
);

CREATE TABLE tenant_settings (
    tenant_id   uuid PRIMARY KEY,
    auto_submit boolean     NOT NULL DEFAULT true,
    changed_at  timestamptz NOT NULL DEFAULT now()
);

-- kind: prior-authorization (procedure needs REF*G1), required-modifier, unit-limit.
CREATE TABLE payer_rules (
    tenant_id      uuid    NOT NULL,
    payer_id       text    NOT NULL,
    kind           text    NOT NULL,
    procedure_code text    NOT NULL,
    modifier       text,
    max_units      numeric(9,3),
    PRIMARY KEY (tenant_id, payer_id, kind, procedure_code)
);

CREATE TABLE claims (
    id                     uuid PRIMARY KEY,
    tenant_id              uuid          NOT NULL,
    encounter_id           uuid          NOT NULL,
    patient_id             uuid          NOT NULL,
    patient_control_number text          NOT NULL,
    payer_claim_number     text,
    status                 text          NOT NULL,
    frequency              int           NOT NULL DEFAULT 1,
    responsibility         text          NOT NULL DEFAULT 'primary',
    replaces_claim_id      uuid,
    payer_ref              uuid          NOT NULL,
    payer_id               text          NOT NULL,
    payer_name             text          NOT NULL,
    route                  text          NOT NULL,
    date_of_service        date          NOT NULL,
    total_charge           numeric(12,2) NOT NULL,
    data                   jsonb         NOT NULL,
    edits                  jsonb         NOT NULL DEFAULT '[]',
    denial                 jsonb,
    last_batch_id          uuid,
    created_at             timestamptz   NOT NULL DEFAULT now(),
    updated_at             timestamptz   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX claims_pcn ON claims (tenant_id, patient_control_number);
-- One original claim per encounter and payer responsibility: EncounterCoded redelivered builds nothing twice.
CREATE UNIQUE INDEX claims_encounter_original ON claims (tenant_id, encounter_id, responsibility) WHERE frequency = 1 AND replaces_claim_id IS NULL;
CREATE INDEX claims_tenant_status ON claims (tenant_id, status, id);
CREATE INDEX claims_tenant_patient ON claims (tenant_id, patient_id, date_of_service);

CREATE TABLE claim_history (
    id        bigserial PRIMARY KEY,
    tenant_id uuid        NOT NULL,
    claim_id  uuid        NOT NULL,
    at        timestamptz NOT NULL DEFAULT clock_timestamp(),
    status    text        NOT NULL,
    detail    text
);
CREATE INDEX claim_history_claim ON claim_history (claim_id, id);

CREATE TABLE tenant_counters (
    tenant_id uuid   NOT NULL,
    name      text   NOT NULL,
    value     bigint NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

-- Clean claims waiting for a batch; a worker takes rows with FOR UPDATE SKIP LOCKED and deletes them
-- in the transaction that writes the batch, so a claim goes into exactly one 837.
CREATE TABLE pending_submission (
    claim_id    uuid PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    payer_id    text        NOT NULL,
    route       text        NOT NULL,
    enqueued_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX pending_submission_group ON pending_submission (tenant_id, payer_id, route, enqueued_at);

CREATE TABLE batches (
    id                 uuid PRIMARY KEY,
    tenant_id          uuid        NOT NULL,
    payer_id           text        NOT NULL,
    route              text        NOT NULL,
    interchange_number int         NOT NULL,
    group_number       int         NOT NULL,
    transaction_number text        NOT NULL,
    claim_count        int         NOT NULL,
    x12                text        NOT NULL,
    worker             text        NOT NULL,
    created_at         timestamptz NOT NULL DEFAULT now(),
    sent_at            timestamptz,
    file_id            text,
    send_attempts      int         NOT NULL DEFAULT 0,
    last_error         text,
    ack_status         text,
    UNIQUE (tenant_id, interchange_number)
);
CREATE INDEX batches_unsent ON batches (created_at) WHERE sent_at IS NULL AND route = 'simulator';

CREATE TABLE batch_claims (
    batch_id uuid NOT NULL,
    claim_id uuid NOT NULL,
    PRIMARY KEY (batch_id, claim_id)
);
CREATE INDEX batch_claims_claim ON batch_claims (claim_id);

-- Acknowledgements already applied (ISA13 + sender): a file collected twice changes nothing.
CREATE TABLE collected_acknowledgements (
    tenant_id          uuid        NOT NULL,
    kind               text        NOT NULL,
    sender             text        NOT NULL,
    interchange_number text        NOT NULL,
    x12                text        NOT NULL,
    collected_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, kind, sender, interchange_number)
);

-- What each payer decided on each claim (ClaimPaymentPosted), kept for secondary claims (2320/2430).
CREATE TABLE claim_payments (
    posting_id   uuid PRIMARY KEY,
    tenant_id    uuid          NOT NULL,
    claim_id     uuid          NOT NULL,
    paid         numeric(12,2) NOT NULL,
    status_code  text          NOT NULL,
    posting      jsonb         NOT NULL,
    posted_at    timestamptz   NOT NULL
);
CREATE INDEX claim_payments_claim ON claim_payments (claim_id);
