-- A deliberately non-idempotent effect: one row per handling, so only the inbox keeps it to one.
CREATE TABLE pings (id bigserial PRIMARY KEY, ping_id uuid NOT NULL, handled_at timestamptz NOT NULL DEFAULT now());
