-- Payments: the claims it learnt from ClaimSubmitted, the remittances (raw 835 and parsed), the
-- append-only claim ledger, posting exceptions and provider-level (PLB) adjustments.

CREATE TABLE claims (
    tenant_id              uuid          NOT NULL,
    claim_id               uuid          NOT NULL,
    encounter_id           uuid          NOT NULL,
    patient_id             uuid          NOT NULL,
    patient_control_number text          NOT NULL,
    payer_claim_number     text,
    payer_ref              uuid          NOT NULL,
    payer_id               text          NOT NULL,
    payer_name             text          NOT NULL,
    payer_responsibility   text          NOT NULL,
    frequency              int           NOT NULL,
    replaces_claim_id      uuid,
    superseded_by          uuid,
    date_of_service        date          NOT NULL,
    total_charge           numeric(12,2) NOT NULL,
    submitted_at           timestamptz   NOT NULL,
    PRIMARY KEY (tenant_id, claim_id)
);
CREATE INDEX claims_by_pcn ON claims (tenant_id, patient_control_number, submitted_at DESC);
CREATE INDEX claims_by_payer_claim_number ON claims (tenant_id, payer_claim_number) WHERE payer_claim_number IS NOT NULL;

CREATE TABLE claim_lines (
    tenant_id       uuid          NOT NULL,
    claim_id        uuid          NOT NULL,
    line_number     int           NOT NULL,
    procedure_code  text          NOT NULL,
    modifiers       text[]        NOT NULL,
    units           numeric(9,3)  NOT NULL,
    charge          numeric(12,2) NOT NULL,
    date_of_service date          NOT NULL,
    PRIMARY KEY (tenant_id, claim_id, line_number),
    FOREIGN KEY (tenant_id, claim_id) REFERENCES claims (tenant_id, claim_id)
);

-- One row per 835 interchange received (upload or mailbox), kept as it came.
CREATE TABLE remittance_files (
    id                         uuid        PRIMARY KEY,
    tenant_id                  uuid        NOT NULL,
    source                     text        NOT NULL,
    mailbox_file_id            text,
    size_bytes                 bigint      NOT NULL,
    raw                        bytea       NOT NULL,
    status                     text        NOT NULL,
    error                      text,
    received_at                timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX remittance_files_by_tenant ON remittance_files (tenant_id, id);

-- One row per 835 transaction set (one payment, BPR/TRN).
CREATE TABLE remittances (
    id                         uuid          PRIMARY KEY,
    tenant_id                  uuid          NOT NULL,
    file_id                    uuid          NOT NULL REFERENCES remittance_files (id),
    sender_id                  text          NOT NULL,
    interchange_control_number int           NOT NULL,
    transaction_control_number text          NOT NULL,
    trace_number               text          NOT NULL,
    payer_name                 text          NOT NULL,
    payer_identifier           text,
    payee_name                 text          NOT NULL,
    payment_amount             numeric(12,2) NOT NULL,
    payment_method             text          NOT NULL,
    payment_date               date          NOT NULL,
    claim_count                int           NOT NULL,
    received_at                timestamptz   NOT NULL DEFAULT now(),
    -- The same 835 again (same sender, ISA13 and TRN02) posts nothing.
    UNIQUE (tenant_id, sender_id, interchange_control_number, trace_number)
);
CREATE INDEX remittances_by_tenant ON remittances (tenant_id, id);

-- Each CLP as the payer sent it, with its parsed detail (lines and adjustments) for exceptions resolved later.
CREATE TABLE remittance_claims (
    id                     uuid          PRIMARY KEY,
    tenant_id              uuid          NOT NULL,
    remittance_id          uuid          NOT NULL REFERENCES remittances (id),
    seq                    int           NOT NULL,
    patient_control_number text          NOT NULL,
    payer_claim_number     text,
    status_code            int           NOT NULL,
    charge                 numeric(12,2) NOT NULL,
    paid                   numeric(12,2) NOT NULL,
    patient_responsibility numeric(12,2) NOT NULL,
    claim_id               uuid,
    detail                 jsonb         NOT NULL
);
CREATE INDEX remittance_claims_by_remittance ON remittance_claims (remittance_id, seq);
CREATE INDEX remittance_claims_by_payer_claim_number ON remittance_claims (tenant_id, payer_claim_number) WHERE claim_id IS NOT NULL;

CREATE TABLE provider_adjustments (
    id                  uuid          PRIMARY KEY,
    tenant_id           uuid          NOT NULL,
    remittance_id       uuid          NOT NULL REFERENCES remittances (id),
    seq                 int           NOT NULL,
    provider_identifier text          NOT NULL,
    fiscal_period_date  date          NOT NULL,
    reason_code         text          NOT NULL,
    reference           text,
    amount              numeric(12,2) NOT NULL
);
CREATE INDEX provider_adjustments_by_remittance ON provider_adjustments (remittance_id, seq);

-- One CLP posted to one claim (or the reversal of an earlier one).
CREATE TABLE postings (
    id                   uuid        PRIMARY KEY,
    tenant_id            uuid        NOT NULL,
    claim_id             uuid        NOT NULL,
    remittance_id        uuid        NOT NULL REFERENCES remittances (id),
    remittance_claim_id  uuid        NOT NULL REFERENCES remittance_claims (id),
    status_code          int         NOT NULL,
    reverses_posting_id  uuid REFERENCES postings (id),
    reversed_by          uuid,
    posted_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX postings_by_claim ON postings (tenant_id, claim_id, posted_at);

-- Append-only. bucket says which total an entry moves: charge = insurance-paid + adjustment +
-- patient-responsibility + insurance balance, so the balance is what the other three leave.
CREATE TABLE ledger_entries (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           uuid          NOT NULL UNIQUE,
    tenant_id    uuid          NOT NULL,
    claim_id     uuid          NOT NULL,
    line_number  int,
    posting_id   uuid REFERENCES postings (id),
    kind         text          NOT NULL,
    bucket       text          NOT NULL CHECK (bucket IN ('charge', 'insurance-paid', 'adjustment', 'patient-responsibility')),
    adjustment_group text,
    carc         text,
    amount       numeric(12,2) NOT NULL,
    description  text          NOT NULL,
    created_at   timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX ledger_by_claim ON ledger_entries (tenant_id, claim_id, seq);
-- A claim's charge is entered once, however often its ClaimSubmitted arrives.
CREATE UNIQUE INDEX ledger_one_charge_per_line ON ledger_entries (tenant_id, claim_id, coalesce(line_number, 0)) WHERE kind = 'charge';

CREATE TABLE posting_exceptions (
    id                  uuid        PRIMARY KEY,
    tenant_id           uuid        NOT NULL,
    remittance_id       uuid        NOT NULL REFERENCES remittances (id),
    remittance_claim_id uuid        NOT NULL REFERENCES remittance_claims (id),
    reason              text        NOT NULL,
    detail              text        NOT NULL,
    status              text        NOT NULL DEFAULT 'open',
    resolved_claim_id   uuid,
    resolution_note     text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    resolved_at         timestamptz
);
CREATE INDEX posting_exceptions_by_tenant ON posting_exceptions (tenant_id, status, id);
