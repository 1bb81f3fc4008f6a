-- The language and time zone a batch's progress message is read in, and a
-- space's own language for what everyone there reads.
-- Keep in step with migrations/postgres/0007_locale.sql: they are the same.

ALTER TABLE onboard_batches ADD COLUMN locale text NOT NULL DEFAULT '';        -- BCP 47; '': English
ALTER TABLE onboard_batches ADD COLUMN time_zone text NOT NULL DEFAULT '';     -- IANA; '': UTC
ALTER TABLE onboard_space_settings ADD COLUMN locale text NOT NULL DEFAULT ''; -- '': the asker's, then DEFAULT_LOCALE
