package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/onboard-chat/onboard/handlers"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/oauth"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/verify"
)

// newFlow wires people's own authority when an OAuth client is configured;
// nil (and no error) when it is not.
func newFlow(cfg config.Config, st *store.Store, hc *http.Client, log *slog.Logger) (*oauth.Flow, error) {
	o := cfg.OAuth
	if !o.Enabled() {
		return nil, nil
	}
	var older [][]byte
	if o.PreviousKey != nil {
		older = append(older, o.PreviousKey)
	}
	ring, err := oauth.NewKeyring(o.Key, older...)
	if err != nil {
		return nil, fmt.Errorf("token encryption key: %w", err)
	}
	ids, err := verify.NewSignIn(verify.SignInConfig{ClientID: o.ClientID, CertsURL: cfg.GoogleCertsURL, HTTPClient: hc, Logger: log})
	if err != nil {
		return nil, err
	}
	return oauth.New(oauth.Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, RedirectURL: o.RedirectURL,
		AuthURL: o.AuthURL, TokenURL: o.TokenURL, RevokeURL: o.RevokeURL, Keyring: ring, Store: st, IDTokens: ids,
		HTTPClient: hc, Logger: log})
}

// RunSignIn serves only the sign-in callback (and /health) until ctx ends:
// `onboard signin`, the public Cloud Run service that people's browsers
// reach after consent. It shares the Chat service's database and keys.
func RunSignIn(ctx context.Context, cfg config.Config, log *slog.Logger) error {
	if !cfg.OAuth.Enabled() {
		return errors.New("the sign-in service needs OAUTH_CLIENT_ID (and its secret and TOKEN_ENCRYPTION_KEY)")
	}
	st, err := store.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return fmt.Errorf("database: %w", err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil { // idempotent, and safe beside the Chat service's
		return fmt.Errorf("database migrations: %w", err)
	}
	flow, err := newFlow(cfg, st, &http.Client{Timeout: 30 * time.Second}, log)
	if err != nil {
		return fmt.Errorf("oauth: %w", err)
	}
	ln, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	log.Info("sign-in service listening", "addr", ln.Addr().String())
	return serve(ctx, ln, handlers.NewSignInOnly(flow, log), log)
}
