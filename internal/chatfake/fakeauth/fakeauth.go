// Package fakeauth is chatfake's Google-identity half: the OAuth 2.0 token
// endpoint for a service account's JWT-bearer grant and for a person's
// authorization-code and refresh-token grants, the authorization and
// revocation endpoints of user authorization (userauth.go), a Cloud Run metadata
// server emulation (Application Default Credentials without a key file), and
// Chat's request-signing keys with token minting for the three ways Chat
// signs the requests it sends to an app (docs/chat-platform.md §4).
//
// It owns keys and tokens only; the Chat API itself lives in package
// chatfake, which asks Principal (who the token speaks for, and its scopes)
// for every request. It never logs a key or a token.
//
// What the real Go client sends (google.golang.org/api v0.312.0 through
// cloud.google.com/go/auth v0.24.4): chat.NewService with
// option.WithCredentialsFile and option.WithScopes does NOT use a
// self-signed JWT as the bearer. chat.NewService adds EnableNewAuthLibrary
// but not EnableJwtWithScope, and no audience is given, so
// httptransport leaves DetectOptions.UseSelfSignedJWT false; for a
// service_account file whose universe_domain is "googleapis.com",
// credentials.handleServiceAccount builds the 2-legged OAuth provider, which
// POSTs grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer with an RS256
// assertion {iss: client_email, aud: token_uri, scope: "a b", iat: now-10s,
// exp: iat+1h} (header kid = private_key_id) to token_uri. A self-signed JWT
// bearer is only sent with internaloption.EnableJwtWithScope, an explicit
// audience, or a non-default universe_domain; Scopes accepts that form too
// (see selfSignedScopes).
package fakeauth

import (
	"crypto/rsa"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configure an Authority.
type Options struct {
	ProjectNumber string // audience of project-number tokens; names the add-on service agent; empty: "123456789012"
	// Now is the clock for minted iat/exp, assertion checks and access
	// token expiry; nil means time.Now. Google's libraries sign assertions
	// and check ID-token exp with time.Now, so keep it near the wall clock
	// (start at time.Now() and advance it) when real clients are involved.
	Now func() time.Time
	// ProjectID is the project of the service account and of the metadata
	// server; empty means "onboard-fake".
	ProjectID string
	// Users are the people who can consent at the authorization endpoint.
	Users []Identity
	// OAuthClients are the project's OAuth web clients (AddOAuthClient adds
	// more at run time).
	OAuthClients []OAuthClient
}

const (
	defaultProjectID     = "onboard-fake"
	defaultProjectNumber = "123456789012"
	serviceAccountName   = "onboard-app"
	// chatSubject is the numeric id Chat's tokens carry in sub and azp.
	chatSubject = "110925541547427093331"
	// addonSubject is the numeric id of the add-on service agent.
	addonSubject = "104218392275011453322"
	// serviceAccountClientID is the client_id of the app's service account.
	serviceAccountClientID = "117381429540381274566"
)

// Authority issues and checks tokens. Its exported methods are safe for
// concurrent use.
type Authority struct {
	opts Options
	now  func() time.Time

	mu          sync.Mutex // guards everything below
	baseURL     string
	sa          *signingKey // the app's service account key; never rotated
	sets        [2]keyRing  // indexed by KeySet
	grants      map[string]grant
	fetches     map[string]int
	keysFail    bool
	certsMaxAge time.Duration
	user        userState // user authorization (userauth.go)
}

// New generates the service account's and Chat's key pairs.
func New(opts Options) (*Authority, error) {
	if opts.ProjectNumber == "" {
		opts.ProjectNumber = defaultProjectNumber
	}
	if opts.ProjectID == "" {
		opts.ProjectID = defaultProjectID
	}
	a := &Authority{
		opts:        opts,
		now:         opts.Now,
		grants:      map[string]grant{},
		fetches:     map[string]int{},
		certsMaxAge: 20000 * time.Second,
	}
	if a.now == nil {
		a.now = time.Now
	}
	a.initUsers(opts)
	var err error
	if a.sa, err = newSigningKey(a.now(), serviceAccountName); err != nil {
		return nil, err
	}
	for set := range a.sets {
		k, err := newSigningKey(a.now(), KeySet(set).certSubject())
		if err != nil {
			return nil, err
		}
		a.sets[set].push(k)
	}
	return a, nil
}

// SetBaseURL tells the authority where it is served (token_uri, cert URLs).
func (a *Authority) SetBaseURL(u string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.baseURL = strings.TrimSuffix(u, "/")
}

func (a *Authority) base() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.baseURL
}

// Register adds the token, authorization, revocation, key and metadata
// routes to mux.
func (a *Authority) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /token", a.serveToken)
	mux.HandleFunc("GET "+AuthorizePath, a.serveAuthorize)
	mux.HandleFunc("POST "+RevokePath, a.serveRevoke)
	a.registerKeys(mux)
	mux.HandleFunc("GET /computeMetadata/v1/", a.serveMetadata)
}

// ChatEmail is the service account that signs classic Chat app requests.
const ChatEmail = "chat@system.gserviceaccount.com"

// AddonServiceAgent is the email of the add-on service agent that signs
// requests to a Google Workspace add-on Chat app of the project.
func (a *Authority) AddonServiceAgent() string {
	return "service-" + a.opts.ProjectNumber + "@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
}

// ServiceAccountEmail is the client_email of the app's service account.
func (a *Authority) ServiceAccountEmail() string {
	return serviceAccountName + "@" + a.opts.ProjectID + ".iam.gserviceaccount.com"
}

// MetadataHost is the value for GCE_METADATA_HOST (host:port, no scheme).
func (a *Authority) MetadataHost() string { return strings.TrimPrefix(a.base(), "http://") }

// saPublicKey returns the service account's key id and public key.
func (a *Authority) saPublicKey() (kid string, pub *rsa.PublicKey) {
	return a.sa.kid, &a.sa.priv.PublicKey
}
