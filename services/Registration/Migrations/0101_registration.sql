-- The practice as billing provider (837P 2010AA), one per tenant.
CREATE TABLE practice (
    tenant_id     uuid PRIMARY KEY,
    name          text        NOT NULL,
    npi           char(10)    NOT NULL,
    tax_id        char(9)     NOT NULL,
    taxonomy      text,
    address_line1 text        NOT NULL,
    address_line2 text,
    city          text        NOT NULL,
    state         char(2)     NOT NULL,
    zip           text        NOT NULL,
    phone         text,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Rendering providers (837P 2310B): individuals with a type-1 NPI.
CREATE TABLE providers (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL,
    npi        char(10)    NOT NULL,
    first_name text        NOT NULL,
    last_name  text        NOT NULL,
    taxonomy   text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, npi)
);

CREATE TABLE payers (
    id                 uuid PRIMARY KEY,
    tenant_id          uuid        NOT NULL,
    name               text        NOT NULL,
    payer_id           text        NOT NULL,
    claim_filing_code  text        NOT NULL,
    timely_filing_days int         NOT NULL,
    clearinghouse      text        NOT NULL CHECK (clearinghouse IN ('simulator', 'manual')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, payer_id)
);

CREATE TABLE coverages (
    id                     uuid PRIMARY KEY,
    tenant_id              uuid        NOT NULL,
    patient_id             uuid        NOT NULL REFERENCES patients (id),
    payer_ref              uuid        NOT NULL REFERENCES payers (id),
    member_id              text        NOT NULL,
    group_number           text,
    priority               text        NOT NULL CHECK (priority IN ('primary', 'secondary', 'tertiary')),
    relationship           text        NOT NULL CHECK (relationship IN ('self', 'spouse', 'child', 'other')),
    subscriber_first_name  text,
    subscriber_last_name   text,
    subscriber_dob         date,
    subscriber_sex         char(1),
    subscriber_line1       text,
    subscriber_line2       text,
    subscriber_city        text,
    subscriber_state       char(2),
    subscriber_zip         text,
    effective_from         date        NOT NULL,
    effective_to           date,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
);
CREATE INDEX coverages_patient ON coverages (tenant_id, patient_id);

CREATE TABLE encounters (
    id                         uuid PRIMARY KEY,
    tenant_id                  uuid        NOT NULL,
    patient_id                 uuid        NOT NULL REFERENCES patients (id),
    provider_id                uuid        NOT NULL REFERENCES providers (id),
    date_of_service            date        NOT NULL,
    place_of_service           char(2)     NOT NULL,
    note                       text,
    prior_authorization_number text,
    status                     text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
    self_pay                   boolean,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    completed_at               timestamptz
);
CREATE INDEX encounters_patient ON encounters (tenant_id, patient_id, date_of_service);
