-- A patient's account, opened from Registration's PatientRegistered; the ledger is append-only.
CREATE TABLE accounts (
    tenant_id     uuid        NOT NULL,
    patient_id    uuid        NOT NULL,
    mrn           text        NOT NULL,
    first_name    text        NOT NULL,
    last_name     text        NOT NULL,
    date_of_birth date        NOT NULL,
    address_line1 text        NOT NULL,
    address_line2 text,
    city          text        NOT NULL,
    state         char(2)     NOT NULL,
    zip           text        NOT NULL,
    status        text        NOT NULL DEFAULT 'active',
    opened_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, patient_id)
);

CREATE TABLE ledger_entries (
    id          uuid PRIMARY KEY,
    tenant_id   uuid          NOT NULL,
    patient_id  uuid          NOT NULL,
    kind        text          NOT NULL,
    amount      numeric(12,2) NOT NULL,
    description text          NOT NULL,
    claim_id    uuid,
    posted_at   timestamptz   NOT NULL DEFAULT now(),
    FOREIGN KEY (tenant_id, patient_id) REFERENCES accounts (tenant_id, patient_id)
);
CREATE INDEX ledger_entries_account ON ledger_entries (tenant_id, patient_id, posted_at);
