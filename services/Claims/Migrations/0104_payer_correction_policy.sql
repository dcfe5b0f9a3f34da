-- How each payer wants corrected claims: a replacement (frequency 7) or a new original (e.g. Medicare Part B for unprocessable claims).
CREATE TABLE payer_settings (
    tenant_id         uuid NOT NULL,
    payer_id          text NOT NULL,
    correction_policy text NOT NULL DEFAULT 'replacement' CHECK (correction_policy IN ('replacement', 'new-claim')),
    PRIMARY KEY (tenant_id, payer_id)
);
