-- A correction of a claim's codes waits for the coding edits (Coding answers ClaimCorrectionCoded or ClaimCorrectionRefused);
-- only then is the corrected claim built. One correction at a time per claim.
CREATE TABLE IF NOT EXISTS claim_corrections (
    id                   uuid        PRIMARY KEY,
    tenant_id            uuid        NOT NULL,
    claim_id             uuid        NOT NULL REFERENCES claims (id),
    status               text        NOT NULL CHECK (status IN ('coding', 'built', 'refused', 'failed')),
    request              jsonb       NOT NULL,   -- the corrected diagnoses and lines as sent to coding, and any prior authorization
    requested_by         text        NOT NULL,
    requested_at         timestamptz NOT NULL,
    decided_at           timestamptz,
    replacement_claim_id uuid,
    reason               text,
    edits                jsonb       NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX IF NOT EXISTS claim_corrections_one_open ON claim_corrections (claim_id) WHERE status = 'coding';
CREATE INDEX IF NOT EXISTS claim_corrections_claim ON claim_corrections (tenant_id, claim_id, requested_at);
