package verify

import (
	"cmp"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// SignInConfig configures a verifier of the ID tokens Google's token
// endpoint returns to our OAuth client when a person connects their account
// (openid email): aud is the client id, iss is accounts.google.com, email is
// the person's and email_verified must be true, sub is their Google id —
// the same number as their Chat users/{id}. Keys are Google's OAuth 2.0
// certificates, cached as for Chat's tokens.
type SignInConfig struct {
	ClientID   string
	CertsURL   string // default DefaultGoogleCertsURL
	HTTPClient *http.Client
	Now        func() time.Time
	Logger     *slog.Logger
}

// NewSignIn returns a Verifier for sign-in ID tokens (see SignInConfig).
// Its Verify returns the person's Subject and Email in Claims.
//
// The same checks as for Chat's URL-mode tokens apply — RS256 by a
// published key, exact audience, 5 min skew, an hour's lifetime at most —
// because Google mints both the same way.
func NewSignIn(cfg SignInConfig) (*Verifier, error) {
	if cfg.ClientID == "" {
		return nil, errors.New("verify: a sign-in verifier needs the OAuth client id")
	}
	v := &Verifier{audience: cfg.ClientID, signIn: true, now: cfg.Now, skew: defaultSkew}
	if v.now == nil {
		v.now = time.Now
	}
	v.keys = &keyCache{
		url:        cmp.Or(cfg.CertsURL, DefaultGoogleCertsURL),
		client:     cmp.Or(cfg.HTTPClient, &http.Client{Timeout: fetchTimeout}),
		now:        v.now,
		minRefresh: time.Minute,
		log:        cmp.Or(cfg.Logger, slog.New(slog.DiscardHandler)),
	}
	return v, nil
}
