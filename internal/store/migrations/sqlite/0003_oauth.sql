-- A person's own authority (OAuth): pending sign-ins and connected grants.
-- Keep in step with migrations/postgres/0003_oauth.sql: the only
-- difference is TIMESTAMP for timestamptz.
--
-- Secrets are never stored in clear: a state is kept as its SHA-256, and the
-- PKCE verifier, Chat's completion URL (a capability) and refresh tokens are
-- sealed with TOKEN_ENCRYPTION_KEY (AES-256-GCM, the key named in the value).

CREATE TABLE onboard_oauth_signins (
    state_hash      text PRIMARY KEY,          -- hex SHA-256 of the state sent to Google
    chat_user       text NOT NULL,             -- users/{id} the sign-in was made for
    email           text NOT NULL DEFAULT '',  -- login_hint; personal data (erasable)
    scopes          text NOT NULL,             -- space-separated, as asked for
    complete_sealed text NOT NULL DEFAULT '',  -- configCompleteRedirectUrl, sealed; '' after a click
    verifier_sealed text NOT NULL,             -- PKCE code_verifier, sealed
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    used_at         TIMESTAMP                  -- NULL until the callback claims it (single use)
);

CREATE INDEX onboard_oauth_signins_expires ON onboard_oauth_signins (expires_at);

CREATE TABLE onboard_grants (
    chat_user      text PRIMARY KEY,  -- users/{id}: the ID token's sub, checked against the sign-in's
    email          text NOT NULL DEFAULT '',
    scopes         text NOT NULL,     -- space-separated, as Google granted them
    refresh_sealed text NOT NULL,     -- the refresh token, sealed
    key_id         text NOT NULL,     -- the key that sealed it (rekey finds the old ones)
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
