-- A claim payment for a patient whose PatientRegistered has not arrived yet waits here (instead of
-- retrying and holding a consumer) and is applied when the account opens.
CREATE TABLE pending_claim_payments (
    tenant_id   uuid        NOT NULL,
    patient_id  uuid        NOT NULL,
    posting_id  uuid        NOT NULL,
    body        jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, posting_id)
);
CREATE INDEX pending_claim_payments_patient ON pending_claim_payments (tenant_id, patient_id, received_at);
