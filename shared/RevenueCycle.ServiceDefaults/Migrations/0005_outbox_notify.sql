-- The outbox relay is woken when events are committed instead of polling for them (issue 20): a statement that inserts
-- outbox rows notifies the channel 'outbox' of its database, delivered when (and only if) its transaction commits, once
-- per transaction however many rows it wrote.
CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
