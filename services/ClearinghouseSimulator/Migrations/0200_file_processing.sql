-- An 837 is taken on the request (syntax, the front-end edit, its 999) and processed after it (277CA,
-- adjudication, 835s) by one processor at a time, in the order taken: sequence orders them, accepted_sets
-- keeps the 999's verdict for the processor, processed_at marks the file done.
ALTER TABLE received_files ADD COLUMN IF NOT EXISTS sequence bigserial;
ALTER TABLE received_files ADD COLUMN IF NOT EXISTS accepted_sets text[] NOT NULL DEFAULT '{}';
ALTER TABLE received_files ADD COLUMN IF NOT EXISTS processed_at timestamptz;
ALTER TABLE received_files ADD COLUMN IF NOT EXISTS process_attempts int NOT NULL DEFAULT 0;
ALTER TABLE received_files ADD COLUMN IF NOT EXISTS next_attempt_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE received_files ADD COLUMN IF NOT EXISTS last_error text;
-- Files taken before this change were processed on their request.
UPDATE received_files SET processed_at = received_at WHERE processed_at IS NULL;
CREATE INDEX IF NOT EXISTS received_files_waiting ON received_files (sequence) WHERE processed_at IS NULL;
