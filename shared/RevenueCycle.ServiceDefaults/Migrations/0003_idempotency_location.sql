-- A kept answer to a POST made with an Idempotency-Key replays its Location too (a 201's or 202's link to what it made).
ALTER TABLE idempotency_keys ADD COLUMN IF NOT EXISTS location text;
