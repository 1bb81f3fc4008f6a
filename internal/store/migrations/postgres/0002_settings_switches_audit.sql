-- Guardrails and a record: per-space settings, global switches (the kill
-- switch), and the append-only audit log.
-- Keep in step with migrations/sqlite/0002_settings_switches_audit.sql: the
-- differences are timestamptz for TIMESTAMP, and bigserial for INTEGER
-- PRIMARY KEY AUTOINCREMENT (ids are never reused after a purge on either).

CREATE TABLE onboard_space_settings (
    space           text PRIMARY KEY,
    invite_policy   text NOT NULL DEFAULT '',
    remove_policy   text NOT NULL DEFAULT '',
    allowed_domains text NOT NULL DEFAULT '', -- comma-joined; '' = the organisation's
    max_people      integer NOT NULL DEFAULT 0,
    plans_allowed   boolean,                  -- NULL = the default (yes)
    updated_by      text NOT NULL DEFAULT '',
    updated_at      timestamptz NOT NULL
);

CREATE TABLE onboard_switches (
    name       text PRIMARY KEY,
    value      text NOT NULL,
    updated_by text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL
);

-- Append-only: rows are inserted, and only retention (DELETE) and erasure
-- (blanking personal data) ever touch them again.
CREATE TABLE onboard_audit (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    actor    text NOT NULL DEFAULT '',
    email    text NOT NULL DEFAULT '',
    space    text NOT NULL DEFAULT '',
    command  text NOT NULL DEFAULT '',
    person   text NOT NULL DEFAULT '',
    outcome  text NOT NULL DEFAULT '',
    reason   text NOT NULL DEFAULT '',
    batch_id text NOT NULL DEFAULT '',
    detail   text NOT NULL DEFAULT ''
);

CREATE INDEX onboard_audit_space_at ON onboard_audit (space, at);
CREATE INDEX onboard_audit_person_at ON onboard_audit (person, at);
