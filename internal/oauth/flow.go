package oauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/verify"
)

// StateLifetime is how long a sign-in link works.
const StateLifetime = 10 * time.Minute

// IDTokens verifies the ID token Google's token endpoint returns
// (*verify.Verifier from verify.NewSignIn).
type IDTokens interface {
	Verify(ctx context.Context, token string) (verify.Claims, error)
}

// Config wires a Flow. Every field but HTTPClient, Now and Logger is
// required.
type Config struct {
	ClientID, ClientSecret string
	RedirectURL            string // OAUTH_REDIRECT_URL: …/oauth2/callback
	AuthURL                string // GOOGLE_OAUTH_AUTH_URL
	TokenURL               string // GOOGLE_OAUTH_TOKEN_URL
	RevokeURL              string // GOOGLE_OAUTH_REVOKE_URL
	Keyring                *Keyring
	Store                  *store.Store
	IDTokens               IDTokens
	HTTPClient             *http.Client // token exchange, refresh and revoke; default http.DefaultClient
	Now                    func() time.Time
	Logger                 *slog.Logger
}

// Flow connects people's Google accounts and lends their authority.
type Flow struct {
	cfg   Config
	oauth *oauth2.Config
	log   *slog.Logger
}

// New checks cfg and returns a Flow.
func New(cfg Config) (*Flow, error) {
	switch {
	case cfg.ClientID == "" || cfg.ClientSecret == "" || cfg.RedirectURL == "":
		return nil, errors.New("oauth: the client id, secret and redirect URL are required")
	case cfg.AuthURL == "" || cfg.TokenURL == "" || cfg.RevokeURL == "":
		return nil, errors.New("oauth: Google's authorization, token and revoke URLs are required")
	case cfg.Keyring == nil || cfg.Store == nil || cfg.IDTokens == nil:
		return nil, errors.New("oauth: a keyring, a store and an ID-token verifier are required")
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = http.DefaultClient
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Flow{cfg: cfg, log: cfg.Logger, oauth: &oauth2.Config{
		ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL,
		// Google takes the client secret in the form body
		// (https://developers.google.com/identity/protocols/oauth2/web-server#exchange-authorization-code).
		Endpoint: oauth2.Endpoint{AuthURL: cfg.AuthURL, TokenURL: cfg.TokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}}, nil
}

// Request is a sign-in to start: for whom, with which scopes (besides
// openid and email), and where Chat wants the browser back.
type Request struct {
	ChatUser    string   // users/{id}: the person who must consent
	Email       string   // their address when the event carries it: Google's login_hint
	Scopes      []string // what the pending command needs
	CompleteURL string   // the event's configCompleteRedirectUrl; "" after a click
}

// AuthURL records a sign-in for r and returns Google's authorization URL
// for it.
func (f *Flow) AuthURL(ctx context.Context, r Request) (string, error) {
	if r.ChatUser == "" {
		return "", &bot.Error{Op: "oauth.AuthURL", Kind: bot.KindInvalid, Err: errors.New("no Chat user")}
	}
	state := rand.Text() // 26 base32 characters: 128 bits
	verifier := oauth2.GenerateVerifier()
	scopes := withSignIn(r.Scopes)
	in := store.SignIn{StateHash: hashState(state), ChatUser: r.ChatUser, Email: r.Email, Scopes: scopes,
		CreatedAt: f.cfg.Now(), ExpiresAt: f.cfg.Now().Add(StateLifetime)}
	var err error
	if in.VerifierSealed, err = f.cfg.Keyring.Seal(verifier, in.StateHash); err != nil {
		return "", err
	}
	if r.CompleteURL != "" {
		if in.CompleteSealed, err = f.cfg.Keyring.Seal(r.CompleteURL, in.StateHash); err != nil {
			return "", err
		}
	}
	if err := f.cfg.Store.SaveSignIn(ctx, in); err != nil {
		return "", err
	}
	opts := []oauth2.AuthCodeOption{oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("include_granted_scopes", "true")}
	if r.Email != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", r.Email))
	}
	if !f.hasRefreshToken(ctx, r.ChatUser) {
		// Google sends a refresh token only with the first consent, or
		// when asked to show the consent screen again.
		opts = append(opts, oauth2.ApprovalForce)
	}
	c := *f.oauth
	c.Scopes = scopes
	return c.AuthCodeURL(state, opts...), nil
}

func (f *Flow) hasRefreshToken(ctx context.Context, chatUser string) bool {
	g, err := f.cfg.Store.Grant(ctx, chatUser)
	return err == nil && g.RefreshSealed != ""
}

// hashState is how a state is kept: a leaked database names no live link.
func hashState(state string) string {
	sum := sha256.Sum256([]byte(state))
	return hex.EncodeToString(sum[:])
}

// client is the context x/oauth2 reads its HTTP client from.
func (f *Flow) client(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, f.cfg.HTTPClient)
}

// tokenError says whether err is Google's invalid_grant: the grant was
// revoked or expired, and only a new consent helps.
func invalidGrant(err error) bool {
	var re *oauth2.RetrieveError
	return errors.As(err, &re) && re.ErrorCode == "invalid_grant"
}

// scopesOf reads the scopes a token response granted.
func scopesOf(t *oauth2.Token) []string {
	if s, ok := t.Extra("scope").(string); ok {
		return Normalize(strings.Fields(s))
	}
	return nil
}

var errNoRefresh = fmt.Errorf("oauth: Google returned no refresh token")
