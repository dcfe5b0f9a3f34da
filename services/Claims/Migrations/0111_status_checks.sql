-- Claim status checks (X12 276/277, 005010X212): each one sent for a claim, manual or by the scheduled checker, with the 276
-- sent and the 277 answered (or the error that kept it from being answered). The A/R follow-up queue is derived from the
-- claims and their latest check, not kept as a list of its own.
CREATE TABLE IF NOT EXISTS claim_status_checks (
    id                 uuid          PRIMARY KEY,
    tenant_id          uuid          NOT NULL,
    claim_id           uuid          NOT NULL REFERENCES claims (id),
    payer_id           text          NOT NULL,
    trigger            text          NOT NULL CHECK (trigger IN ('manual', 'scheduled')),
    result             text          NOT NULL CHECK (result IN ('not-found', 'pending', 'paid', 'denied', 'finalized', 'acknowledged',
                                                                'information-requested', 'payer-error', 'other', 'error')),
    category_code      text,
    status_code        text,
    entity_code        text,
    meaning            text,
    message            text,
    total_charge       numeric(12,2),
    paid_amount        numeric(12,2),
    adjudication_date  date,
    payment_method     text,
    check_number       text,
    check_date         date,
    payer_claim_number text,
    error              text,
    x276               text,
    x277               text,
    checked_by         text          NOT NULL,
    checked_at         timestamptz   NOT NULL
);
CREATE INDEX IF NOT EXISTS claim_status_checks_claim ON claim_status_checks (claim_id, checked_at DESC);
CREATE INDEX IF NOT EXISTS claim_status_checks_payer_day ON claim_status_checks (tenant_id, payer_id, checked_at);

-- When to check (statusCheckAfterDays without an 835, 0 never; at most once per statusCheckEveryDays) and how many a payer takes a day.
ALTER TABLE payer_settings ADD COLUMN IF NOT EXISTS status_check_after_days int CHECK (status_check_after_days BETWEEN 0 AND 3650);
ALTER TABLE payer_settings ADD COLUMN IF NOT EXISTS status_check_every_days int CHECK (status_check_every_days BETWEEN 1 AND 3650);
ALTER TABLE payer_settings ADD COLUMN IF NOT EXISTS status_checks_per_day int CHECK (status_checks_per_day BETWEEN 0 AND 100000);
