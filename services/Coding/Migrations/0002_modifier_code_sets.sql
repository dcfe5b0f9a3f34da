-- Modifiers are code sets like the codes they modify: CPT (Level I) modifiers from the starter file, HCPCS
-- Level II modifiers from the starter file and from the modifier records of the CMS HCPCS annual file. Two
-- systems, because a HCPCS release is complete for its own modifiers only: importing it must not retire 25 or 59.

ALTER TABLE code_set DROP CONSTRAINT IF EXISTS code_set_system_check;
ALTER TABLE code_set ADD CONSTRAINT code_set_system_check
    CHECK (system IN ('icd10cm', 'hcpcs', 'cpt', 'pos', 'cpt-modifier', 'hcpcs-modifier'));
