-- Code sets: global reference data shared by every tenant (ICD-10-CM, CPT, HCPCS Level II, CMS place of
-- service), the NCCI practitioner PTP edits and the practitioner MUE values. Written by the starter-set
-- loader at start-up and replaced by CodeSetImporter from the official CMS files.

CREATE TABLE IF NOT EXISTS code_set (
    system            text     NOT NULL CHECK (system IN ('icd10cm', 'hcpcs', 'cpt', 'pos')),
    code              text     NOT NULL,
    short_description text     NOT NULL,
    long_description  text     NOT NULL,
    billable          boolean  NOT NULL,
    effective_from    date     NOT NULL,
    effective_to      date     NULL,          -- last day the code is valid; set when a release retires it
    sex               char(1)  NULL CHECK (sex IN ('F', 'M')),
    age_min           smallint NULL CHECK (age_min BETWEEN 0 AND 124),
    age_max           smallint NULL CHECK (age_max BETWEEN 0 AND 124),
    source            text     NOT NULL,      -- 'starter' or the imported file's name
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (system, code),
    CHECK (effective_to IS NULL OR effective_to >= effective_from - 1),
    CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)
);

-- The code-set search (GET /api/coding/code-sets/{system}?q=) matches descriptions by words.
CREATE INDEX IF NOT EXISTS code_set_description_search
    ON code_set USING gin (to_tsvector('english', long_description));

CREATE TABLE IF NOT EXISTS ncci_ptp (
    column1              text    NOT NULL,
    column2              text    NOT NULL,
    effective_from       date    NOT NULL,
    deletion_date        date    NULL,        -- last day the edit applies; NULL while in force
    modifier_indicator   char(1) NOT NULL CHECK (modifier_indicator IN ('0', '1', '9')),
    prior_to_1996        boolean NOT NULL DEFAULT false,
    rationale            text    NOT NULL,
    source               text    NOT NULL,
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (column1, column2, effective_from)
);

CREATE INDEX IF NOT EXISTS ncci_ptp_column2 ON ncci_ptp (column2);

CREATE TABLE IF NOT EXISTS mue (
    code                   text     NOT NULL PRIMARY KEY,
    mue_value              integer  NOT NULL CHECK (mue_value >= 0),
    adjudication_indicator smallint NOT NULL CHECK (adjudication_indicator IN (1, 2, 3)),
    rationale              text     NOT NULL,
    source                 text     NOT NULL,
    updated_at             timestamptz NOT NULL DEFAULT now()
);

-- One row per load: what was imported, when, and what changed.
CREATE TABLE IF NOT EXISTS code_set_load (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         text        NOT NULL,       -- 'starter', 'icd10cm', 'hcpcs', 'ncci_ptp', 'mue'
    source       text        NOT NULL,
    content_hash text        NOT NULL,
    lines        bigint      NOT NULL,
    added        integer     NOT NULL,
    changed      integer     NOT NULL,
    retired      integer     NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS code_set_load_kind_hash ON code_set_load (kind, content_hash);
