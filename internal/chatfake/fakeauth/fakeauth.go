// Package fakeauth is chatfake's Google-identity half: the OAuth 2.0 token
// endpoint for a service account's JWT-bearer grant, a Cloud Run metadata
// server emulation (Application Default Credentials without a key file), and
// Chat's request-signing keys with token minting for the three ways Chat
// signs the requests it sends to an app (CHAT-PLATFORM.md §4).
//
// It owns keys and tokens only; the Chat API itself lives in package
// chatfake, which asks Scopes for every request.
package fakeauth

// TEMPORARY stub: the signatures are the contract; the implementation replaces the bodies.

import (
	"net/http"
	"strings"
	"time"
)

// Options configure an Authority.
type Options struct {
	ProjectNumber string           // audience of project-number tokens; names the add-on service agent
	Now           func() time.Time // nil: time.Now
}

// Authority issues and checks tokens. Its exported methods are safe for
// concurrent use.
type Authority struct {
	opts    Options
	baseURL string
}

// New generates the service account's and Chat's key pairs.
func New(opts Options) (*Authority, error) { return &Authority{opts: opts}, nil }

// SetBaseURL tells the authority where it is served (token_uri, cert URLs).
func (a *Authority) SetBaseURL(u string) { a.baseURL = u }

// Register adds the token, key and metadata routes to mux.
func (a *Authority) Register(mux *http.ServeMux) {}

// Scopes returns the scopes bound to the request's bearer access token; ok
// is false when it is missing, unknown or expired.
func (a *Authority) Scopes(r *http.Request) (scopes []string, ok bool) {
	h := r.Header.Get("Authorization")
	if !strings.HasPrefix(h, "Bearer ") {
		return nil, false
	}
	return []string{"https://www.googleapis.com/auth/chat.bot", "https://www.googleapis.com/auth/chat.app.memberships"}, true
}
