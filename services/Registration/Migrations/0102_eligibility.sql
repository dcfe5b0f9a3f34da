-- Every 270/271 exchange, with both X12 texts, so a front-desk answer can always be explained.
CREATE TABLE eligibility_checks (
    id                   uuid PRIMARY KEY,
    tenant_id            uuid          NOT NULL,
    coverage_id          uuid          NOT NULL REFERENCES coverages (id),
    patient_id           uuid          NOT NULL,
    service_date         date          NOT NULL,
    trigger              text          NOT NULL CHECK (trigger IN ('request', 'encounter')),
    status               text          NOT NULL CHECK (status IN ('active', 'inactive', 'error')),
    copay                numeric(12,2),
    deductible           numeric(12,2),
    deductible_remaining numeric(12,2),
    coinsurance_percent  numeric(5,2),
    plan_begin           date,
    plan_end             date,
    rejection_code       text,
    reason               text,
    request_x12          text,
    response_x12         text,
    checked_at           timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX eligibility_checks_coverage ON eligibility_checks (tenant_id, coverage_id, checked_at DESC);

-- ISA13/GS06 per tenant and kind of interchange: unique per sender, persisted across restarts.
CREATE TABLE x12_control_numbers (
    tenant_id uuid NOT NULL,
    kind      text NOT NULL,
    last      int  NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE registration_settings (
    tenant_id                uuid PRIMARY KEY,
    eligibility_recheck_days int NOT NULL CHECK (eligibility_recheck_days >= 0)
);
