-- Durable invite batches, their items (one per space and person), and plans.
-- Keep in step with migrations/sqlite/0001_batches_plans.sql: the only
-- difference is timestamptz (here) for TIMESTAMP (there).

CREATE TABLE onboard_batches (
    id                  text PRIMARY KEY,
    request_key         text NOT NULL UNIQUE, -- a redelivered request finds its batch
    actor_name          text NOT NULL,
    actor_email         text NOT NULL DEFAULT '',
    actor_display       text NOT NULL DEFAULT '',
    origin_space        text NOT NULL DEFAULT '',
    origin_display      text NOT NULL DEFAULT '',
    origin_type         text NOT NULL DEFAULT '',
    created_at          timestamptz NOT NULL,
    done                boolean NOT NULL DEFAULT FALSE,
    cancelled           boolean NOT NULL DEFAULT FALSE,
    reporting           text NOT NULL DEFAULT '',
    progress_message    text NOT NULL DEFAULT '',
    progress_updated_at timestamptz
);

CREATE INDEX onboard_batches_actor ON onboard_batches (actor_name, created_at);

CREATE TABLE onboard_items (
    batch_id       text NOT NULL REFERENCES onboard_batches (id),
    idx            integer NOT NULL,
    space          text NOT NULL,
    space_display  text NOT NULL DEFAULT '',
    space_type     text NOT NULL DEFAULT '',
    target_user    text NOT NULL DEFAULT '',
    target_display text NOT NULL DEFAULT '',
    target_email   text NOT NULL DEFAULT '',
    mentioned      boolean NOT NULL DEFAULT FALSE,
    welcome        text NOT NULL DEFAULT '',
    queued         boolean NOT NULL, -- pending when saved: it has a job
    outcome        text NOT NULL,
    reason         text NOT NULL DEFAULT '',
    canonical_user text NOT NULL DEFAULT '',
    attempts       integer NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (batch_id, idx)
);

-- One job per (request, space, person). Items decided before any call
-- (skipped duplicates, unrecognised words with no user) are not queued and
-- may repeat a person or have none.
CREATE UNIQUE INDEX onboard_items_one_job ON onboard_items (batch_id, space, target_user) WHERE queued;

CREATE INDEX onboard_items_pending_space ON onboard_items (space) WHERE outcome = 'pending';

CREATE TABLE onboard_plans (
    name       text PRIMARY KEY,
    updated_by text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL
);

CREATE TABLE onboard_plan_spaces (
    plan_name    text NOT NULL REFERENCES onboard_plans (name) ON DELETE CASCADE,
    position     integer NOT NULL,
    space        text NOT NULL,
    display_name text NOT NULL DEFAULT '',
    space_type   text NOT NULL DEFAULT '',
    welcome      text NOT NULL DEFAULT '',
    PRIMARY KEY (plan_name, position)
);
