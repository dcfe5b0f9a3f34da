-- Deadlines a billing office works to: the timely-filing limit of claims not yet accepted, and the appeal window of denials.
-- The filing deadline follows the claim's data: the payer's filing days (coverage.payer.timelyFilingDays, 0 = none) from the
-- date of service, or, for a secondary or tertiary claim, from the prior payer's remittance (priorPayer.paymentDate).
-- (make_date over the ISO text keeps the expression immutable, as a generated column requires.)
ALTER TABLE claims ADD COLUMN IF NOT EXISTS filing_deadline date GENERATED ALWAYS AS (
    CASE WHEN COALESCE((data->'coverage'->'payer'->>'timelyFilingDays')::int, 0) > 0 THEN
        COALESCE(
            CASE WHEN responsibility <> 'primary' AND data->'priorPayer'->>'paymentDate' IS NOT NULL THEN
                make_date(substr(data->'priorPayer'->>'paymentDate', 1, 4)::int, substr(data->'priorPayer'->>'paymentDate', 6, 2)::int,
                          substr(data->'priorPayer'->>'paymentDate', 9, 2)::int) END,
            date_of_service) + (data->'coverage'->'payer'->>'timelyFilingDays')::int
    END) STORED;

-- The appeal window opens at the remittance that denied (or partly paid) the claim, or at the decision that upheld an appeal;
-- its length is the payer's appeal days (payer_settings.appeal_days; 120 when unset, Medicare's redetermination limit).
ALTER TABLE claims ADD COLUMN IF NOT EXISTS appeal_window_from date;
ALTER TABLE payer_settings ADD COLUMN IF NOT EXISTS appeal_days int CHECK (appeal_days BETWEEN 1 AND 3650);
ALTER TABLE tenant_settings ADD COLUMN IF NOT EXISTS deadline_warning_days int NOT NULL DEFAULT 15 CHECK (deadline_warning_days BETWEEN 0 AND 365);

CREATE TABLE IF NOT EXISTS claim_appeals (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    claim_id     uuid        NOT NULL REFERENCES claims (id),
    level        int         NOT NULL CHECK (level BETWEEN 1 AND 3), -- 1 first, 2 second, 3 external review
    status_at_filing text    NOT NULL,         -- denied or partially-paid: where an upheld or withdrawn appeal returns the claim
    reason       text        NOT NULL,
    sent_on      date        NOT NULL,
    deadline     date,                         -- the window this appeal was filed in (null when none was known)
    outcome      text        NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'overturned', 'partially-overturned', 'upheld', 'withdrawn')),
    decided_on   date,
    note         text,
    filed_by     text        NOT NULL,
    decided_by   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (claim_id, level)
);
CREATE INDEX IF NOT EXISTS claim_appeals_claim ON claim_appeals (tenant_id, claim_id, level);
