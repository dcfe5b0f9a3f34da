-- Which patients each answer disclosed (HIPAA §164.528 accounting of disclosures): the services name them, the gateway keeps
-- them with the request's audit row; a GIN index answers "every request that disclosed this patient".
-- refusal: why Kestrel refused a request before any middleware saw it (request line or headers too long, malformed).
ALTER TABLE audit_log ADD COLUMN patient_ids uuid[], ADD COLUMN refusal text;
CREATE INDEX audit_log_patients ON audit_log USING gin (patient_ids);
