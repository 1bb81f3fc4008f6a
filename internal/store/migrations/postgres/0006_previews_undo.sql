-- Previews of large requests, kept until they are confirmed or cancelled
-- (and cleared a day after they were made); who undid a batch, so that a
-- second Undo is refused; a space's own preview setting.
-- Keep in step with migrations/sqlite/0006_previews_undo.sql: the only
-- difference is the timestamp type.

CREATE TABLE onboard_previews (
    id             text PRIMARY KEY,
    actor_name     text NOT NULL,               -- users/{id} (personal data: erasable)
    actor_email    text NOT NULL DEFAULT '',    -- personal data: erasable
    actor_display  text NOT NULL DEFAULT '',    -- personal data: erasable
    origin_space   text NOT NULL DEFAULT '',
    origin_display text NOT NULL DEFAULT '',
    origin_type    text NOT NULL DEFAULT '',
    request        text NOT NULL,               -- the command, JSON: whom it names (personal data: erasable)
    state          text NOT NULL DEFAULT 'pending',
    created_at     timestamptz NOT NULL
);

CREATE INDEX onboard_previews_created_at ON onboard_previews (created_at);

ALTER TABLE onboard_batches ADD COLUMN undone_by text NOT NULL DEFAULT ''; -- users/{id} (personal data: erasable)
ALTER TABLE onboard_batches ADD COLUMN undone_at timestamptz;                        -- NULL: not undone
ALTER TABLE onboard_space_settings ADD COLUMN preview_over integer;            -- NULL: PREVIEW_OVER; 0: never
