-- Bank deposits matched to remittances (issue 17; CAQH CORE 370 EFT & ERA Reassociation (CCD+/835) Rule): the practice's bank
-- reports each payer's EFT (a BAI2 file, or a CSV), and each deposit is matched to the 835 whose TRN02 it carries (the NACHA CCD+
-- addenda "TRN*1*<trace>*<originator id>\") and whose BPR02 it equals.

-- A payer's trace compared as the bank and the payer may write it: upper case, letters and digits only, no leading zeros.
ALTER TABLE remittances ADD COLUMN trace_key text
    GENERATED ALWAYS AS (ltrim(regexp_replace(upper(trace_number), '[^A-Z0-9]', '', 'g'), '0')) STORED;
CREATE INDEX remittances_by_trace_key ON remittances (tenant_id, trace_key) WHERE duplicate_of IS NULL;

CREATE TABLE deposit_files (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    format       text        NOT NULL CHECK (format IN ('bai2', 'csv')),
    size_bytes   bigint      NOT NULL,
    raw          bytea       NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deposits (
    id                 uuid          PRIMARY KEY,
    tenant_id          uuid          NOT NULL,
    file_id            uuid          NOT NULL REFERENCES deposit_files (id),
    line               int           NOT NULL,
    -- What makes this deposit itself: the bank's reference, else date + amount + trace (+ its occurrence in the file).
    identity           text          NOT NULL,
    deposit_date       date          NOT NULL,
    amount             numeric(12,2) NOT NULL CHECK (amount > 0),
    trace_number       text,
    trace_key          text,
    payer_id           text,
    bank_reference     text,
    customer_reference text,
    type_code          text,
    account_number     text,
    description        text,
    status             text          NOT NULL DEFAULT 'unmatched' CHECK (status IN ('unmatched', 'flagged', 'matched')),
    remittance_id      uuid          REFERENCES remittances (id),
    flag               text          CHECK (flag IN ('amount-differs', 'ambiguous')),
    flag_detail        text,
    -- A deposit a person unmatched is not matched again automatically.
    automatic_matching boolean       NOT NULL DEFAULT true,
    matched_at         timestamptz,
    matched_by         text,
    match_method       text          CHECK (match_method IN ('automatic', 'manual')),
    match_note         text,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, identity),
    CHECK ((status = 'matched') = (remittance_id IS NOT NULL)),
    CHECK ((status = 'flagged') = (flag IS NOT NULL))
);
CREATE UNIQUE INDEX deposits_one_per_remittance ON deposits (tenant_id, remittance_id) WHERE remittance_id IS NOT NULL;
CREATE INDEX deposits_by_trace_key ON deposits (tenant_id, trace_key) WHERE status <> 'matched';
CREATE INDEX deposits_by_date ON deposits (tenant_id, deposit_date, id);

-- Every match and unmatch, automatic or by hand: who, when, why.
CREATE TABLE deposit_matches (
    id            uuid        PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    deposit_id    uuid        NOT NULL REFERENCES deposits (id),
    remittance_id uuid        NOT NULL REFERENCES remittances (id),
    action        text        NOT NULL CHECK (action IN ('matched', 'unmatched')),
    method        text        NOT NULL CHECK (method IN ('automatic', 'manual')),
    performed_by  text        NOT NULL,
    reason        text,
    at            timestamptz NOT NULL
);
CREATE INDEX deposit_matches_by_deposit ON deposit_matches (tenant_id, deposit_id, at);

CREATE TABLE deposit_settings (
    tenant_id                      uuid PRIMARY KEY,
    remittance_wait_business_days  int  NOT NULL CHECK (remittance_wait_business_days BETWEEN 0 AND 60)
);
