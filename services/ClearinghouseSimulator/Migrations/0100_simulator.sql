-- The simulator plays the clearinghouse and every payer: payers' settings, members' plans, the files it
-- took in, each submitter's mailbox, and the claims it adjudicated (for duplicates, replacements,
-- voids and the 835s it owes).

CREATE SEQUENCE IF NOT EXISTS interchange_control_numbers START 1 MAXVALUE 999999999 CYCLE;
CREATE SEQUENCE IF NOT EXISTS payer_claim_numbers START 1;
CREATE SEQUENCE IF NOT EXISTS payment_trace_numbers START 1;

CREATE TABLE IF NOT EXISTS payers (
    payer_id   text PRIMARY KEY,
    settings   jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS members (
    payer_id            text          NOT NULL,
    member_id           text          NOT NULL,
    active              boolean       NOT NULL,
    invalid             boolean       NOT NULL DEFAULT false,
    effective_from      date,
    effective_to        date,
    copay               numeric(12,2) NOT NULL,
    deductible          numeric(12,2) NOT NULL,
    deductible_met      numeric(12,2) NOT NULL,
    coinsurance_percent numeric(5,2)  NOT NULL,
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (payer_id, member_id)
);

CREATE TABLE IF NOT EXISTS received_files (
    id                         uuid PRIMARY KEY,
    submitter_id               text        NOT NULL,
    interchange_control_number text        NOT NULL,
    kind                       text        NOT NULL,
    status                     text        NOT NULL,
    claim_count                int         NOT NULL DEFAULT 0,
    x12                        text        NOT NULL,
    received_at                timestamptz NOT NULL DEFAULT now(),
    UNIQUE (submitter_id, interchange_control_number)
);

CREATE TABLE IF NOT EXISTS mailbox (
    id                         uuid PRIMARY KEY,
    submitter_id               text        NOT NULL,
    kind                       text        NOT NULL,
    interchange_control_number text        NOT NULL,
    x12                        text        NOT NULL,
    file_id                    uuid,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    collected_at               timestamptz
);
CREATE INDEX IF NOT EXISTS mailbox_waiting ON mailbox (submitter_id, kind, created_at) WHERE collected_at IS NULL;

-- One row per claim the payer adjudicated (or reversed): what the 835 says about it.
CREATE TABLE IF NOT EXISTS claim_payments (
    id                     uuid PRIMARY KEY,
    file_id                uuid          NOT NULL REFERENCES received_files (id),
    submitter_id           text          NOT NULL,
    payer_id               text          NOT NULL,
    member_id              text          NOT NULL,
    patient_control_number text          NOT NULL,
    payer_claim_number     text          NOT NULL,
    status_code            int           NOT NULL,
    charge                 numeric(12,2) NOT NULL,
    paid                   numeric(12,2) NOT NULL,
    patient_responsibility numeric(12,2) NOT NULL,
    deductible_applied     numeric(12,2) NOT NULL DEFAULT 0,
    payment                jsonb         NOT NULL,
    reversed               boolean       NOT NULL DEFAULT false,
    is_reversal            boolean       NOT NULL DEFAULT false,
    sequence               bigserial,
    due_at                 timestamptz   NOT NULL,
    remittance_id          uuid,
    created_at             timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS claim_payments_due ON claim_payments (due_at) WHERE remittance_id IS NULL;
CREATE INDEX IF NOT EXISTS claim_payments_by_number ON claim_payments (payer_id, payer_claim_number);

-- The services a payer paid or denied, by member, date and procedure: the duplicate-claim check (CARC 18).
CREATE TABLE IF NOT EXISTS adjudicated_services (
    claim_payment_id uuid NOT NULL REFERENCES claim_payments (id),
    payer_id         text NOT NULL,
    member_id        text NOT NULL,
    service_date     date NOT NULL,
    procedure_code   text NOT NULL,
    active           boolean NOT NULL DEFAULT true
);
CREATE INDEX IF NOT EXISTS adjudicated_services_lookup ON adjudicated_services (payer_id, member_id, service_date, procedure_code) WHERE active;
