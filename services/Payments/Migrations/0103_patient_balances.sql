-- What patients owe, copied from PatientBilling (PatientBalanceChanged after every change to a patient's ledger), so that
-- days in AR count the patients' share with the payers'. One row per state of an account: version is the number of
-- entries in its ledger then, so the latest state before a moment is the highest version changed before it, in whatever
-- order the events arrived.
CREATE TABLE IF NOT EXISTS patient_balances (
    tenant_id   uuid          NOT NULL,
    patient_id  uuid          NOT NULL,
    version     bigint        NOT NULL,
    owed        numeric(12,2) NOT NULL,
    credit      numeric(12,2) NOT NULL,
    changed_at  timestamptz   NOT NULL,
    recorded_at timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, patient_id, version)
);
CREATE INDEX IF NOT EXISTS patient_balances_by_time ON patient_balances (tenant_id, changed_at);
