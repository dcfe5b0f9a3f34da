-- A practice admin's read of its own audit (GET /api/audit) pages by id within the practice.
CREATE INDEX audit_log_tenant_id ON audit_log (tenant_id, id);
