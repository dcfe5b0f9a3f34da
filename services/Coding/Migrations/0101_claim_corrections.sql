-- Corrected codes a biller sent for a claim the payer answered: checked by the same edits as a finalize, kept with the
-- coding they replaced, so the encounter's coding history shows who changed what and why it was (or was not) accepted.
CREATE TABLE IF NOT EXISTS coding_corrections (
    correction_id       uuid        PRIMARY KEY,            -- the Claims correction's id: one decision per correction
    tenant_id           uuid        NOT NULL,
    encounter_id        uuid        NOT NULL,
    claim_id            uuid        NOT NULL,
    requested_by        text        NOT NULL,
    requested_at        timestamptz NOT NULL,
    previous_diagnoses  jsonb,
    previous_procedures jsonb,
    diagnoses           jsonb       NOT NULL,
    procedures          jsonb       NOT NULL,
    edits               jsonb       NOT NULL,
    outcome             text        NOT NULL CHECK (outcome IN ('coded', 'refused')),
    reason              text,
    decided_at          timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS coding_corrections_encounter ON coding_corrections (tenant_id, encounter_id, decided_at);
