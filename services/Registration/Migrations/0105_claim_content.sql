-- 837P content real payers require (005010X222A1).
-- 2010AB: where payment goes when it is a P.O. box or lockbox, never the billing provider's street address (2010AA N3).
-- 2010AA NM102 1 / REF*SY: a sole practitioner billing under their own name and, when they have no EIN, their SSN.
ALTER TABLE practice
    ADD COLUMN provider_last_name text,
    ADD COLUMN provider_first_name text,
    ADD COLUMN tax_id_type text NOT NULL DEFAULT 'EIN' CHECK (tax_id_type IN ('EIN', 'SSN')),
    ADD COLUMN pay_to_line1 text,
    ADD COLUMN pay_to_line2 text,
    ADD COLUMN pay_to_city text,
    ADD COLUMN pay_to_state text,
    ADD COLUMN pay_to_zip text;

-- 2000B/2320 SBR05: why Medicare is not primary, on the Medicare coverage that is secondary or tertiary.
ALTER TABLE coverages ADD COLUMN medicare_secondary_payer_type text
    CHECK (medicare_secondary_payer_type IN ('12', '13', '14', '15', '16', '41', '42', '43', '47'));

-- 2310C: where the care was given when not at the practice (a hospital, a nursing facility).
ALTER TABLE encounters
    ADD COLUMN facility_name text,
    ADD COLUMN facility_npi text,
    ADD COLUMN facility_line1 text,
    ADD COLUMN facility_line2 text,
    ADD COLUMN facility_city text,
    ADD COLUMN facility_state text,
    ADD COLUMN facility_zip text;
