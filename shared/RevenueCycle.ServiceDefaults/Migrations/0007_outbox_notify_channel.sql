-- The outbox's trigger notifies through the platform's notify_channel (0006) like every other channel, and its own copy of that
-- function, outbox_notify (0005), goes. Same channel, same moment (the statement's commit), one notification a statement.
DROP TRIGGER IF EXISTS outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION notify_channel('outbox');
DROP FUNCTION IF EXISTS outbox_notify();
