package grantscli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/oauth"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/verify"
)

// settings is what `onboard grants` reads from the environment.
//
// It reads these few variables itself rather than through config.Load:
// Load describes the Chat service and requires CHAT_AUDIENCE (and derives
// the redirect URL from it), which an operator revoking a grant from their
// own machine has no reason to know. The values are checked as config
// checks them (oauth.ParseKey for the keys), and the defaults are
// config's.
type settings struct {
	databaseURL            string
	clientID, clientSecret string
	redirectURL            string
	key, previous          []byte
	authURL, tokenURL      string
	revokeURL, certsURL    string
}

// unusedRedirect stands in for OAUTH_REDIRECT_URL when it is not set:
// oauth.New requires one, but these commands never start a sign-in, so
// no browser is ever sent to it.
const unusedRedirect = "https://redirect-unused.invalid/oauth2/callback"

func readSettings(getenv func(string) string) (settings, error) {
	s := settings{databaseURL: getenv("DATABASE_URL"), clientID: getenv("OAUTH_CLIENT_ID"),
		clientSecret: getenv("OAUTH_CLIENT_SECRET"), redirectURL: getenv("OAUTH_REDIRECT_URL")}
	if s.databaseURL == "" {
		s.databaseURL = config.DefaultDatabaseURL
	}
	if s.redirectURL == "" {
		s.redirectURL = unusedRedirect
	}
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if s.clientID == "" || s.clientSecret == "" {
		fail("OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET are required: the deployment's OAuth client, " +
			"which revokes its grants at Google")
	}
	var err error
	if v := getenv("TOKEN_ENCRYPTION_KEY"); v == "" {
		fail("TOKEN_ENCRYPTION_KEY is required: the key the deployment seals grants with")
	} else if s.key, err = oauth.ParseKey(v); err != nil {
		fail("TOKEN_ENCRYPTION_KEY: %v", err)
	}
	if v := getenv("TOKEN_ENCRYPTION_KEY_PREVIOUS"); v != "" {
		if s.previous, err = oauth.ParseKey(v); err != nil {
			fail("TOKEN_ENCRYPTION_KEY_PREVIOUS: %v", err)
		}
	}
	for _, u := range []struct {
		name, def string
		dst       *string
	}{
		{"GOOGLE_OAUTH_AUTH_URL", config.DefaultOAuthAuthURL, &s.authURL},
		{"GOOGLE_OAUTH_TOKEN_URL", config.DefaultOAuthTokenURL, &s.tokenURL},
		{"GOOGLE_OAUTH_REVOKE_URL", config.DefaultOAuthRevokeURL, &s.revokeURL},
		{"GOOGLE_CERTS_URL", config.DefaultGoogleCertsURL, &s.certsURL},
	} {
		*u.dst = u.def
		if v := getenv(u.name); v != "" {
			if p, err := url.Parse(v); err != nil || p.Host == "" || (p.Scheme != "https" && p.Scheme != "http") {
				fail("%s=%q: want an http(s) URL", u.name, v)
			}
			*u.dst = v
		}
	}
	return s, errors.Join(errs...)
}

// keyIDs are the ids of the configured keys, to label each grant's key.
type keyIDs struct{ current, previous string }

func (k keyIDs) label(id string) string {
	switch id {
	case k.current:
		return id + " (current)"
	case "":
		return "(none)"
	case k.previous:
		return id + " (previous: run rekey)"
	}
	return id + " (not configured: cannot be opened)"
}

// open opens the database and wires a Flow on it. The caller closes the
// store.
func open(ctx context.Context, e env) (*oauth.Flow, *store.Store, keyIDs, error) {
	s, err := readSettings(e.getenv)
	if err != nil {
		return nil, nil, keyIDs{}, fmt.Errorf("grants: configuration:\n%w", err)
	}
	var older [][]byte
	ids := keyIDs{}
	if s.previous != nil {
		older = append(older, s.previous)
		prev, err := oauth.NewKeyring(s.previous)
		if err != nil {
			return nil, nil, ids, fmt.Errorf("grants: TOKEN_ENCRYPTION_KEY_PREVIOUS: %w", err)
		}
		ids.previous = prev.CurrentKeyID()
	}
	ring, err := oauth.NewKeyring(s.key, older...)
	if err != nil {
		return nil, nil, ids, fmt.Errorf("grants: TOKEN_ENCRYPTION_KEY: %w", err)
	}
	ids.current = ring.CurrentKeyID()
	st, err := openStore(ctx, s.databaseURL)
	if err != nil {
		return nil, nil, ids, err
	}
	hc := &http.Client{Timeout: 30 * time.Second}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	idt, err := verify.NewSignIn(verify.SignInConfig{ClientID: s.clientID, CertsURL: s.certsURL, HTTPClient: hc, Logger: log})
	if err == nil {
		var f *oauth.Flow
		f, err = oauth.New(oauth.Config{ClientID: s.clientID, ClientSecret: s.clientSecret, RedirectURL: s.redirectURL,
			AuthURL: s.authURL, TokenURL: s.tokenURL, RevokeURL: s.revokeURL, Keyring: ring, Store: st,
			IDTokens: idt, HTTPClient: hc, Logger: log})
		if err == nil {
			return f, st, ids, nil
		}
	}
	st.Close()
	return nil, nil, ids, fmt.Errorf("grants: %w", err)
}

// openStore opens and migrates the database u names. As for `onboard
// audit`, an SQLite file must exist already: an operator in the wrong
// directory would otherwise be told nobody is connected, from a database
// made on the spot.
func openStore(ctx context.Context, u string) (*store.Store, error) {
	if path, ok := strings.CutPrefix(u, "sqlite:"); ok {
		path = strings.TrimPrefix(path, "//")
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("grants: database %s: %w (set DATABASE_URL to the deployment's database)", u, err)
		}
	}
	st, err := store.Open(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("grants: database: %w", err)
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, fmt.Errorf("grants: database migrations: %w", err)
	}
	return st, nil
}
