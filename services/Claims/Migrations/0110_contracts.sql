-- Payer contracts (what each payer agreed to allow per code), the reference schedules a contract can be a percent of,
-- and the underpayment queue: paid lines whose allowed amount fell short of the contract by more than the practice's tolerance.

ALTER TABLE tenant_settings ADD COLUMN IF NOT EXISTS underpayment_tolerance numeric(12,2) NOT NULL DEFAULT 1.00;

-- A fee table the practice loads (e.g. medicare-2026: the Medicare physician fee schedule for its locality), replaced whole by each PUT.
CREATE TABLE reference_schedule_items (
    id             uuid          PRIMARY KEY,
    tenant_id      uuid          NOT NULL,
    schedule       text          NOT NULL,
    code           text          NOT NULL,
    modifier       text          NOT NULL DEFAULT '',   -- '' = the code without modifier (global); 26 / TC rows are their own
    amount         numeric(12,2) NOT NULL,
    effective_from date          NOT NULL,
    effective_to   date,
    UNIQUE (tenant_id, schedule, code, modifier, effective_from)
);
CREATE INDEX reference_schedule_items_code ON reference_schedule_items (tenant_id, schedule, code);

-- One line of a payer's contract: a contracted allowed amount per unit for a code (and modifiers), or, with no code,
-- a percent of a reference schedule for every code that schedule lists. effective_from NULL = from any date.
CREATE TABLE contract_lines (
    id                 uuid          PRIMARY KEY,
    tenant_id          uuid          NOT NULL,
    payer_id           text          NOT NULL,
    code               text,
    modifiers          text          NOT NULL DEFAULT '',  -- sorted, ':'-separated; '' = any modifiers
    allowed            numeric(12,2),
    reference_schedule text,
    percent            numeric(7,3),
    effective_from     date,
    effective_to       date,
    CHECK ((allowed IS NOT NULL AND code IS NOT NULL AND reference_schedule IS NULL AND percent IS NULL)
        OR (allowed IS NULL AND code IS NULL AND reference_schedule IS NOT NULL AND percent IS NOT NULL)),
    CHECK (effective_to IS NULL OR effective_from IS NULL OR effective_to >= effective_from)
);
CREATE INDEX contract_lines_payer ON contract_lines (tenant_id, payer_id, code);

-- One item per claim line (its id stays while the payer's decisions on the line change): open while the standing decision
-- underpays; resolved when a later decision pays at contract; reversed when the payer took the decision back (CLP02 22)
-- and none stands; superseded when a replacement claim (frequency 7) was paid instead.
CREATE TABLE underpayments (
    id                     uuid          PRIMARY KEY,
    tenant_id              uuid          NOT NULL,
    claim_id               uuid          NOT NULL,
    line_number            int           NOT NULL,
    posting_id             uuid          NOT NULL,
    patient_control_number text          NOT NULL,
    payer_id               text          NOT NULL,
    payer_name             text          NOT NULL,
    date_of_service        date          NOT NULL,
    payment_date           date          NOT NULL,
    code                   text          NOT NULL,
    modifiers              text          NOT NULL,
    units                  numeric(9,3)  NOT NULL,
    expected               numeric(12,2) NOT NULL,
    allowed                numeric(12,2) NOT NULL,
    paid                   numeric(12,2) NOT NULL,
    variance               numeric(12,2) NOT NULL,
    basis                  text          NOT NULL,
    status                 text          NOT NULL CHECK (status IN ('open', 'resolved', 'reversed', 'superseded')),
    created_at             timestamptz   NOT NULL,
    updated_at             timestamptz   NOT NULL,
    UNIQUE (tenant_id, claim_id, line_number)
);
CREATE INDEX underpayments_queue ON underpayments (tenant_id, status, payment_date);
