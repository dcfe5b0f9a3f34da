-- Which visit a claim bills and in which payer's turn, so a patient's share left by the primary payer
-- moves to the secondary's claim instead of being billed twice.
ALTER TABLE claims ADD COLUMN encounter_id uuid;
ALTER TABLE claims ADD COLUMN payer_rank smallint NOT NULL DEFAULT 1;
CREATE INDEX claims_encounter ON claims (tenant_id, encounter_id);
