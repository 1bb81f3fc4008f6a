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

// ChatEmail is the service account that signs classic Chat app requests.
const ChatEmail = "chat@system.gserviceaccount.com"

// AddonServiceAgent is the email of the add-on service agent that signs
// requests to a Google Workspace add-on Chat app of the project.
func (a *Authority) AddonServiceAgent() string {
	return "service-" + a.opts.ProjectNumber + "@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
}

// KeySet names one of the two published key sets.
type KeySet int

const (
	GoogleKeys KeySet = iota // Google's OAuth2 keys: URL-audience and add-on ID tokens
	ChatKeys                 // chat@system.gserviceaccount.com's keys: project-number tokens
)

// TokenSpec describes a token to mint. Zero fields take the variant's
// defaults; tests set fields to build wrong tokens on purpose.
type TokenSpec struct {
	Keys          KeySet
	Issuer        string
	Audience      string
	Email         string // omitted when empty
	EmailVerified *bool  // omitted when nil
	IssuedAt      time.Time
	Lifetime      time.Duration // default 1h
	Kid           string        // default: the current key of Keys
	Extra         map[string]any
}

// Mint signs spec with the current key of spec.Keys (RS256).
func (a *Authority) Mint(spec TokenSpec) (string, error) { return "", nil }

// MintURLToken mints what Chat sends in "HTTP endpoint URL" mode.
func (a *Authority) MintURLToken(audience string) (string, error) { return "", nil }

// MintProjectToken mints what Chat sends in "Project number" mode.
func (a *Authority) MintProjectToken(projectNumber string) (string, error) { return "", nil }

// MintAddonToken mints what Chat sends to a Workspace add-on (URL audience).
func (a *Authority) MintAddonToken(audience string) (string, error) { return "", nil }

// RotateKeys makes a new key the signer of set; the previous key stays
// published until the next rotation.
func (a *Authority) RotateKeys(set KeySet) {}

// Key-set URLs, as served by this authority.
func (a *Authority) GoogleJWKURL() string  { return a.baseURL + "/oauth2/v3/certs" }
func (a *Authority) GoogleX509URL() string { return a.baseURL + "/oauth2/v1/certs" }
func (a *Authority) ChatX509URL() string {
	return a.baseURL + "/service_accounts/v1/metadata/x509/" + ChatEmail
}
func (a *Authority) ChatJWKURL() string {
	return a.baseURL + "/service_accounts/v1/metadata/jwk/" + ChatEmail
}

// KeyFetches counts GET requests served for a key-set URL path (e.g.
// "/oauth2/v3/certs"), so tests can show caching and single-flight.
func (a *Authority) KeyFetches(path string) int { return 0 }

// SetKeysFailing makes every key-set endpoint answer 503 while on.
func (a *Authority) SetKeysFailing(on bool) {}

// SetCertsMaxAge sets the Cache-Control max-age of key-set responses.
func (a *Authority) SetCertsMaxAge(d time.Duration) {}

// ServiceAccountEmail is the client_email of the app's service account.
func (a *Authority) ServiceAccountEmail() string { return "" }

// ServiceAccountKey returns the JSON key file of the app's service account,
// with token_uri pointing at this authority.
func (a *Authority) ServiceAccountKey() ([]byte, error) { return nil, nil }

// WriteServiceAccountKey writes ServiceAccountKey to path with mode 0600.
func (a *Authority) WriteServiceAccountKey(path string) error { return nil }

// MetadataHost is the value for GCE_METADATA_HOST (host:port, no scheme).
func (a *Authority) MetadataHost() string { return strings.TrimPrefix(a.baseURL, "http://") }
