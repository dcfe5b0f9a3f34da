-- The claim lifecycle (Building/ClaimLifecycle.cs): a claim and each history row carry one of its statuses, nothing else.
ALTER TABLE claims ADD CONSTRAINT claims_status_check CHECK (status IN
    ('draft', 'held', 'ready', 'submitted', 'accepted', 'rejected', 'paid', 'partially-paid', 'denied', 'appealed', 'voided', 'closed', 'crossed-over'));
ALTER TABLE claim_history ADD CONSTRAINT claim_history_status_check CHECK (status IN
    ('draft', 'held', 'ready', 'submitted', 'accepted', 'rejected', 'paid', 'partially-paid', 'denied', 'appealed', 'voided', 'closed', 'crossed-over'));
