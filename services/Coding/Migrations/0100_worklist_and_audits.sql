-- The coding work queue (one item per completed encounter, filled from EncounterCompleted) and the
-- coding audits drawn from it. Everything here is per tenant; the code sets (0001) are global.

CREATE TABLE IF NOT EXISTS coding_items (
    id               uuid        PRIMARY KEY,              -- UUIDv7 at receipt: the queue's oldest-first order and paging key
    tenant_id        uuid        NOT NULL,
    encounter_id     uuid        NOT NULL UNIQUE,          -- one item per encounter, however often the event arrives
    patient_id       uuid        NOT NULL,
    patient_name     text        NOT NULL,
    patient_birth_date date      NOT NULL,
    patient_sex      text        NOT NULL,
    provider_id      uuid        NOT NULL,
    provider_name    text        NOT NULL,
    date_of_service  date        NOT NULL,
    place_of_service text        NOT NULL,
    note             text        NULL,
    encounter        jsonb       NOT NULL,                 -- the EncounterCompleted as received, carried on in EncounterCoded
    status           text        NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'in-progress', 'coded')),
    diagnoses        jsonb       NOT NULL DEFAULT '[]',
    procedures       jsonb       NOT NULL DEFAULT '[]',
    edits            jsonb       NOT NULL DEFAULT '[]',
    coded_by         text        NULL,                     -- the API key id that last saved the codes
    saved_at         timestamptz NULL,
    finalized_by     text        NULL,
    finalized_at     timestamptz NULL,
    received_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS coding_items_queue ON coding_items (tenant_id, status, id);
CREATE INDEX IF NOT EXISTS coding_items_finalized ON coding_items (tenant_id, finalized_at) WHERE status = 'coded';

CREATE TABLE IF NOT EXISTS coding_audits (
    id          uuid        PRIMARY KEY,
    tenant_id   uuid        NOT NULL,
    coded_from  date        NOT NULL,
    coded_to    date        NOT NULL,
    sample_size integer     NOT NULL CHECK (sample_size > 0),
    seed        text        NOT NULL,
    created_by  text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS coding_audit_encounters (
    audit_id              uuid        NOT NULL REFERENCES coding_audits (id),
    tenant_id             uuid        NOT NULL,
    encounter_id          uuid        NOT NULL,
    position              integer     NOT NULL,
    coded_by              text        NOT NULL,
    diagnoses             jsonb       NOT NULL,           -- the codes as finalized, so a later change does not move the audit
    procedures            jsonb       NOT NULL,
    verdict               text        NULL CHECK (verdict IN ('agrees', 'corrected')),
    corrected_diagnoses   jsonb       NULL,
    corrected_procedures  jsonb       NULL,
    reason                text        NULL,
    audited_by            text        NULL,
    audited_at            timestamptz NULL,
    PRIMARY KEY (audit_id, encounter_id)
);
