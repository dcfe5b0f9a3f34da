-- A statement trigger's function that notifies the channel its argument names (CREATE TRIGGER … EXECUTE FUNCTION
-- notify_channel('api_keys')), delivered when (and only if) the statement's transaction commits: the gateway's key cache
-- listens this way (issue 20), and the outbox's trigger since 0007.
CREATE OR REPLACE FUNCTION notify_channel() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(TG_ARGV[0], '');
    RETURN NULL;
END
$$;
