-- A crossover (835 CLP02 19/20/21): the primary's claim names the next payer's claim the payer forwarded for it, which the practice never sends.
ALTER TABLE claims ADD COLUMN crossed_over_to uuid;
