-- What patients paid the practice (PatientBilling's PatientPaymentReceived) and what it paid back (PatientRefundIssued),
-- copied here so the net collection rate can put every payment, insurance's and patients', over the charges.
-- A refund is stored negative. on_day is the day the money moved (a payment may be entered later).
CREATE TABLE IF NOT EXISTS patient_collections (
    id          uuid          PRIMARY KEY,
    tenant_id   uuid          NOT NULL,
    patient_id  uuid          NOT NULL,
    kind        text          NOT NULL CHECK (kind IN ('payment', 'refund')),
    amount      numeric(12,2) NOT NULL,
    method      text,
    reference   text,
    on_day      date          NOT NULL,
    recorded_at timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS patient_collections_by_day ON patient_collections (tenant_id, on_day);
