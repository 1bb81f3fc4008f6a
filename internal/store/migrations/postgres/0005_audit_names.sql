-- What the audit log and /settings show people: names beside the ids, as they were when
-- the entry was written (a person's display name or address, a space's
-- name). Personal data: erasure blanks actor_name and person_name with the
-- ids. The same in both dialects.

ALTER TABLE onboard_audit ADD COLUMN actor_name text NOT NULL DEFAULT '';
ALTER TABLE onboard_audit ADD COLUMN person_name text NOT NULL DEFAULT '';
ALTER TABLE onboard_audit ADD COLUMN space_name text NOT NULL DEFAULT '';

-- Who last changed a space's settings, by the name people know.
ALTER TABLE onboard_space_settings ADD COLUMN updated_by_name text NOT NULL DEFAULT '';
