-- A dependent with a member id of their own is sent as the subscriber of a 270 (X279A1 1.4.7, 2100C notes).
ALTER TABLE coverages ADD COLUMN patient_member_id text;

-- The service type a check asked about (270 EQ01: 98 an office visit, 30 the plan) picks the cost share,
-- and the family's deductible is shown beside the patient's.
ALTER TABLE eligibility_checks ADD COLUMN service_type_code text NOT NULL DEFAULT '30';
ALTER TABLE eligibility_checks ADD COLUMN family_deductible numeric(12,2);
ALTER TABLE eligibility_checks ADD COLUMN family_deductible_remaining numeric(12,2);
