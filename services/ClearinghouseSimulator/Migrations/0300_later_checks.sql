-- A payer's later checks and what it carries between checks. check_ordinal splits one run's claims of a payer and payee
-- into separate 835s (0 the first check, 1 a later one: a second payment, a recoupment); is_duplicate marks a second payment
-- of a claim (not the payer's record of it). provider_receivables holds what a check could not balance below zero: a PLB
-- WO or FB with a negative amount in the check that created it, taken back (the same code and reference, positive) from
-- the next check of that payer to that payee with the money (X221A1 1.10.2.12, 1.10.2.17).
ALTER TABLE claim_payments ADD COLUMN IF NOT EXISTS check_ordinal int NOT NULL DEFAULT 0;
ALTER TABLE claim_payments ADD COLUMN IF NOT EXISTS is_duplicate boolean NOT NULL DEFAULT false;

CREATE TABLE IF NOT EXISTS provider_receivables (
    id                    uuid PRIMARY KEY,
    submitter_id          text          NOT NULL,
    payer_id              text          NOT NULL,
    payee_id              text          NOT NULL,
    reason_code           text          NOT NULL CHECK (reason_code IN ('WO', 'FB')),
    reference             text          NOT NULL,
    amount                numeric(12,2) NOT NULL CHECK (amount > 0),
    created_remittance_id uuid          NOT NULL,
    recovered_remittance_id uuid,
    sequence              bigserial,
    created_at            timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS provider_receivables_open ON provider_receivables (submitter_id, payer_id, payee_id, sequence)
    WHERE recovered_remittance_id IS NULL;
