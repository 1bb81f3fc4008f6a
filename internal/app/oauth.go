package app

import (
	"fmt"
	"log/slog"
	"net/http"

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
