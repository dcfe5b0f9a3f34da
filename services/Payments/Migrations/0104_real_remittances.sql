-- Remittances as real payers and clearinghouses send them (issue 14).

-- 1. A payment is the payer's trace number (TRN02) under the payer's identity (TRN03, else the N1*PR id, else its name):
--    a clearinghouse re-delivers the same ERA in a new envelope (new ISA13), so the envelope identifies nothing.
--    Rows posted twice before this rule are kept (their money is on the ledger) and marked as the later copy.
ALTER TABLE remittances ADD COLUMN payer_key text;
UPDATE remittances SET payer_key = upper(coalesce(payer_identifier, payer_name));
ALTER TABLE remittances ALTER COLUMN payer_key SET NOT NULL;
ALTER TABLE remittances ADD COLUMN duplicate_of uuid;
UPDATE remittances r SET duplicate_of = first.id
FROM (SELECT DISTINCT ON (tenant_id, payer_key, trace_number) id, tenant_id, payer_key, trace_number
      FROM remittances ORDER BY tenant_id, payer_key, trace_number, id) first
WHERE r.tenant_id = first.tenant_id AND r.payer_key = first.payer_key AND r.trace_number = first.trace_number AND r.id <> first.id;
DO $$
DECLARE name text;
BEGIN
    SELECT conname INTO name FROM pg_constraint
    WHERE conrelid = 'remittances'::regclass AND contype = 'u';
    IF name IS NOT NULL THEN EXECUTE format('ALTER TABLE remittances DROP CONSTRAINT %I', name); END IF;
END $$;
CREATE UNIQUE INDEX remittances_one_payment ON remittances (tenant_id, payer_key, trace_number) WHERE duplicate_of IS NULL;
-- The ids the payer names itself by (N1*PR N104, REF*2U): the payer ids claims were sent to (837P 2010BB).
ALTER TABLE remittances ADD COLUMN payer_ids text[] NOT NULL DEFAULT '{}';

-- 2. Ledger buckets: what a denial took (still owed: it stays in AR until appealed or written off), what a prior
--    payer settled on a secondary claim, and refunds to payers of a credit balance.
ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_entries_bucket_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_bucket_check
    CHECK (bucket IN ('charge', 'insurance-paid', 'adjustment', 'patient-responsibility', 'denied'));
ALTER TABLE ledger_entries ADD COLUMN remittance_id uuid;

-- 3. Provider-level adjustments (PLB) are posted: each to the provider ledger of its remittance, and a recoupment
--    naming a claim to that claim for what no reversal already took back.
ALTER TABLE provider_adjustments ADD COLUMN kind text NOT NULL DEFAULT 'other';
ALTER TABLE provider_adjustments ADD COLUMN payer_key text;
ALTER TABLE provider_adjustments ADD COLUMN claim_id uuid;
ALTER TABLE provider_adjustments ADD COLUMN posted_to_claim numeric(12,2) NOT NULL DEFAULT 0;
ALTER TABLE provider_adjustments ADD COLUMN note text NOT NULL DEFAULT '';
CREATE INDEX provider_adjustments_by_claim ON provider_adjustments (tenant_id, claim_id) WHERE claim_id IS NOT NULL;

-- 4. Refunds to a payer of what it paid too much (a credit balance), each recorded in the claim's ledger.
CREATE TABLE payer_refunds (
    id            uuid          PRIMARY KEY,
    tenant_id     uuid          NOT NULL,
    claim_id      uuid          NOT NULL,
    amount        numeric(12,2) NOT NULL CHECK (amount > 0),
    reference     text,
    refunded_on   date          NOT NULL,
    note          text,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, claim_id) REFERENCES claims (tenant_id, claim_id)
);
CREATE INDEX payer_refunds_by_claim ON payer_refunds (tenant_id, claim_id);

-- 5. Claims the practice wrote off (Claims' ClaimWrittenOff), once each.
CREATE TABLE claim_write_offs (
    tenant_id   uuid          NOT NULL,
    claim_id    uuid          NOT NULL,
    write_off_id uuid         NOT NULL,
    amount      numeric(12,2) NOT NULL,
    reason      text          NOT NULL,
    written_off_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, write_off_id)
);

-- 6. A posting is the payer's adjudication, or a payment of what it had already paid (an overpayment: a credit balance).
ALTER TABLE postings ADD COLUMN kind text NOT NULL DEFAULT 'adjudication' CHECK (kind IN ('adjudication', 'overpayment'));
