-- An acknowledgement (999, 277CA) the platform could not read is never thrown away: it waits here, raw, for a person.
CREATE TABLE acknowledgement_exceptions (
    id           uuid        PRIMARY KEY,
    tenant_id    uuid        NOT NULL,
    kind         text        NOT NULL,
    mailbox_item text        NOT NULL,
    x12          text        NOT NULL,
    error        text        NOT NULL,
    segment      text,
    position     bigint,
    status       text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution_note text,
    received_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at  timestamptz,
    UNIQUE (tenant_id, kind, mailbox_item)
);
CREATE INDEX acknowledgement_exceptions_open ON acknowledgement_exceptions (tenant_id, status, id);
