-- Gateways keep the keys they have resolved (ApiKeyCache): a change to a key (its revocation, above all) is told to every
-- gateway at once on the channel api_keys, and each forgets what it kept. One notification a statement: the payload is
-- not needed, as a change is rare and a gateway forgets everything.
DROP TRIGGER IF EXISTS api_keys_changed ON api_keys;
CREATE TRIGGER api_keys_changed AFTER UPDATE OR DELETE OR TRUNCATE ON api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION notify_channel('api_keys');
