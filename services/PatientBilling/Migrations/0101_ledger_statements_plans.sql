-- The patient side of the cycle: demographics kept current, the practice's statement header,
-- claims still with insurance, an append-only ledger, statements, payment plans and dunning.

ALTER TABLE accounts
    ADD COLUMN phone              text,
    ADD COLUMN demographics_as_of timestamptz NOT NULL DEFAULT '-infinity',
    ADD COLUMN dunning_step       int         NOT NULL DEFAULT 0,
    ADD COLUMN collections_at     date;
CREATE INDEX accounts_status ON accounts (tenant_id, status, patient_id);

-- The date each amount became the patient's (or was paid): aging and statements count from it.
ALTER TABLE ledger_entries
    ADD COLUMN effective_date date NOT NULL DEFAULT current_date,
    ADD COLUMN source_id      uuid,
    ADD COLUMN method         text,
    ADD COLUMN reference      text,
    ADD COLUMN reason         text,
    ADD COLUMN date_of_service date,
    ADD CONSTRAINT ledger_entries_amount_not_zero CHECK (amount <> 0);
-- One entry per kind per source (a posting, a payment): a republished event cannot double a charge.
CREATE UNIQUE INDEX ledger_entries_source ON ledger_entries (tenant_id, source_id, kind) WHERE source_id IS NOT NULL;

-- Append-only: corrections are new entries (a reversal, an adjustment), never edits.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only';
END $$;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- The practice as the statement's header and remit-to address (from PracticeProfileChanged).
CREATE TABLE practices (
    tenant_id     uuid PRIMARY KEY,
    name          text        NOT NULL,
    npi           text        NOT NULL,
    tax_id        text        NOT NULL,
    address_line1 text        NOT NULL,
    address_line2 text,
    city          text        NOT NULL,
    state         text        NOT NULL,
    zip           text        NOT NULL,
    phone         text,
    changed_at    timestamptz NOT NULL
);

-- Claims as submitted (ClaimSubmitted): which are still with insurance, and their lines for statements.
CREATE TABLE claims (
    tenant_id         uuid        NOT NULL,
    claim_id          uuid        NOT NULL,
    patient_id        uuid        NOT NULL,
    payer_name        text        NOT NULL,
    date_of_service   date        NOT NULL,
    total_charge      numeric(12,2) NOT NULL,
    lines             jsonb       NOT NULL,
    with_insurance    boolean     NOT NULL,
    submitted_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, claim_id)
);
CREATE INDEX claims_with_insurance ON claims (tenant_id, patient_id) WHERE with_insurance;

-- Each service line as the payer adjudicated it (ClaimPaymentPosted), for the statement's detail.
CREATE TABLE claim_services (
    tenant_id        uuid          NOT NULL,
    posting_id       uuid          NOT NULL,
    seq              int           NOT NULL,
    claim_id         uuid          NOT NULL,
    patient_id       uuid          NOT NULL,
    payer_name       text          NOT NULL,
    line_number      int,
    procedure_code   text          NOT NULL,
    modifiers        text[]        NOT NULL,
    date_of_service  date          NOT NULL,
    charge           numeric(12,2) NOT NULL,
    insurance_paid   numeric(12,2) NOT NULL,
    adjustments      numeric(12,2) NOT NULL,
    patient_owes     numeric(12,2) NOT NULL,
    payment_date     date          NOT NULL,
    is_reversal      boolean       NOT NULL,
    PRIMARY KEY (tenant_id, posting_id, seq)
);
CREATE INDEX claim_services_patient ON claim_services (tenant_id, patient_id, date_of_service);

CREATE TABLE billing_settings (
    tenant_id                 uuid PRIMARY KEY,
    minimum_statement_balance numeric(12,2) NOT NULL,
    cycle_days                int           NOT NULL,
    due_days                  int           NOT NULL,
    dunning_sequence          text[]        NOT NULL,
    collections_after_days    int           NOT NULL,
    updated_at                timestamptz   NOT NULL DEFAULT now()
);

CREATE TABLE statements (
    id               uuid PRIMARY KEY,
    tenant_id        uuid          NOT NULL,
    patient_id       uuid          NOT NULL,
    statement_date   date          NOT NULL,
    due_date         date          NOT NULL,
    balance          numeric(12,2) NOT NULL,
    amount_due       numeric(12,2) NOT NULL,
    dunning_step     int           NOT NULL,
    notice           text          NOT NULL,
    content          jsonb         NOT NULL,
    issued_at        timestamptz   NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, patient_id) REFERENCES accounts (tenant_id, patient_id)
);
CREATE INDEX statements_account ON statements (tenant_id, patient_id, statement_date);

CREATE TABLE payment_plans (
    id               uuid PRIMARY KEY,
    tenant_id        uuid          NOT NULL,
    patient_id       uuid          NOT NULL,
    amount           numeric(12,2) NOT NULL CHECK (amount > 0),
    status           text          NOT NULL,
    created_at       timestamptz   NOT NULL DEFAULT now(),
    evaluated_as_of  date,
    delinquent_since date,
    FOREIGN KEY (tenant_id, patient_id) REFERENCES accounts (tenant_id, patient_id)
);
-- One open plan (active or delinquent) per account.
CREATE UNIQUE INDEX payment_plans_open ON payment_plans (tenant_id, patient_id) WHERE status IN ('active', 'delinquent');

CREATE TABLE plan_installments (
    plan_id   uuid          NOT NULL REFERENCES payment_plans (id),
    number    int           NOT NULL,
    due_date  date          NOT NULL,
    amount    numeric(12,2) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (plan_id, number)
);
