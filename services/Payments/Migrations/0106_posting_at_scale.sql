-- Posting at scale (issue 20): an 835 file is kept first (received), then posted (posting → posted, duplicate or rejected),
-- so a large one is answered 202 at once and a file whose posting a crash interrupted is posted again on restart.
ALTER TABLE remittance_files ADD COLUMN error_segment text;
ALTER TABLE remittance_files ADD COLUMN error_segment_position bigint;
ALTER TABLE remittance_files ADD COLUMN error_element int;
ALTER TABLE remittance_files ADD COLUMN posted_at timestamptz;
CREATE INDEX remittance_files_unfinished ON remittance_files (received_at) WHERE status IN ('received', 'posting');

-- A crossover's next payer posts to the visit's claim for that payer (ClaimPoster.MatchAsync), found by its encounter.
CREATE INDEX IF NOT EXISTS claims_by_encounter ON claims (tenant_id, encounter_id);
