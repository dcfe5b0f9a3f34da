CREATE TABLE patients (
    id            uuid PRIMARY KEY,
    tenant_id     uuid        NOT NULL,
    mrn           text        NOT NULL,
    first_name    text        NOT NULL,
    last_name     text        NOT NULL,
    date_of_birth date        NOT NULL,
    sex           char(1)     NOT NULL CHECK (sex IN ('F', 'M', 'U')),
    address_line1 text        NOT NULL,
    address_line2 text,
    city          text        NOT NULL,
    state         char(2)     NOT NULL,
    zip           text        NOT NULL,
    phone         text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, mrn)
);
CREATE INDEX patients_name ON patients (tenant_id, lower(last_name), lower(first_name));
