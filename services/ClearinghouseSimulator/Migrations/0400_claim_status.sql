-- Real-time claim status (276 → 277): the check each 835 paid a claim with (its TRN02 and date), kept with the claim so a
-- 276 can be answered with STC08/STC09 — also for a payer that withholds its 835s (withholdEras: the check was issued,
-- the ERA never delivered).
ALTER TABLE claim_payments ADD COLUMN IF NOT EXISTS check_number text;
ALTER TABLE claim_payments ADD COLUMN IF NOT EXISTS check_date date;
ALTER TABLE claim_payments ADD COLUMN IF NOT EXISTS era_withheld boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS claim_payments_by_patient_control ON claim_payments (submitter_id, payer_id, patient_control_number);
