-- The NPI is intelligence-free (CMS NPPES): whether it names an individual (1) or an organisation (2)
-- is what the practice states, not something its first digit tells.
ALTER TABLE practice ADD COLUMN npi_entity_type int NOT NULL DEFAULT 2 CHECK (npi_entity_type IN (1, 2));
ALTER TABLE providers ADD COLUMN npi_entity_type int NOT NULL DEFAULT 1 CHECK (npi_entity_type IN (1, 2));
