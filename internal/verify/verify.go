package verify

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

// Issuers, emails and key URLs Google uses (docs/chat-platform.md §4.1).
const (
	ChatEmail             = "chat@system.gserviceaccount.com"
	DefaultGoogleCertsURL = "https://www.googleapis.com/oauth2/v3/certs"
	DefaultChatCertsURL   = "https://www.googleapis.com/service_accounts/v1/metadata/x509/" + ChatEmail

	googleIssuer     = "https://accounts.google.com"
	googleIssuerBare = "accounts.google.com"
	defaultSkew      = 5 * time.Minute
	maxSkew          = 5 * time.Minute
	maxLifetime      = time.Hour // what Chat mints; exp-iat beyond this+skew is malformed
)

var (
	projectNumberRE = regexp.MustCompile(`^[0-9]+$`)
	addonAgentRE    = regexp.MustCompile(`^service-[0-9]+@gcp-sa-gsuiteaddons\.iam\.gserviceaccount\.com$`)
)

// Config for a Verifier.
type Config struct {
	Audience            string       // "https://…" → URL mode; all digits → project-number mode; anything else is an error from New
	AddonServiceAccount string       // optional: full email service-<N>@gcp-sa-gsuiteaddons.iam.gserviceaccount.com also allowed in URL mode
	GoogleCertsURL      string       // default https://www.googleapis.com/oauth2/v3/certs (URL mode keys)
	ChatCertsURL        string       // default https://www.googleapis.com/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com (project-number mode keys)
	HTTPClient          *http.Client // default: a client with a 10 s timeout
	Now                 func() time.Time
	Skew                time.Duration // default 5 min; maximum allowed
	MinRefresh          time.Duration // an unknown kid refetches at most once per MinRefresh (default 1 min)
	Logger              *slog.Logger  // optional: key fetch outcomes (never keys or tokens); nil discards
	// Remember is how many verified tokens are remembered (seenTokens);
	// 0: 1,024; negative: none, so every token is checked with RSA (for
	// benchmarks of the first sight of a token).
	Remember int
}

// Verifier checks Chat's bearer tokens. It is safe for concurrent use.
type Verifier struct {
	audience    string
	projectMode bool
	signIn      bool // a Google sign-in ID token for our OAuth client (NewSignIn)
	addonEmail  string
	now         func() time.Time
	skew        time.Duration
	keys        *keyCache
	seen        *seenTokens
}

// Claims are the checked claims of a verified token.
type Claims struct {
	Issuer, Audience, Email, Subject string
	Addon                            bool // signed for the Workspace add-on service agent
	IssuedAt, Expiry                 time.Time
}

// New checks cfg and returns a Verifier. It does no I/O; call Warm to load
// the keys at start-up.
func New(cfg Config) (*Verifier, error) {
	v := &Verifier{audience: cfg.Audience, addonEmail: cfg.AddonServiceAccount, now: cfg.Now, skew: cfg.Skew}
	switch {
	case projectNumberRE.MatchString(cfg.Audience):
		v.projectMode = true
	case isHTTPSURL(cfg.Audience):
	default:
		return nil, errors.New("verify: Audience must be an https:// URL or a project number")
	}
	if v.addonEmail != "" {
		if v.projectMode {
			return nil, errors.New("verify: AddonServiceAccount is only accepted with a URL Audience")
		}
		if !addonAgentRE.MatchString(v.addonEmail) {
			return nil, errors.New("verify: AddonServiceAccount must be service-<N>@gcp-sa-gsuiteaddons.iam.gserviceaccount.com")
		}
	}
	if v.skew == 0 {
		v.skew = defaultSkew
	}
	if v.skew < 0 || v.skew > maxSkew {
		return nil, fmt.Errorf("verify: Skew must be between 0 and %v", maxSkew)
	}
	if cfg.MinRefresh < 0 {
		return nil, errors.New("verify: MinRefresh must not be negative")
	}
	if v.now == nil {
		v.now = time.Now
	}
	if cfg.Remember >= 0 {
		v.seen = newSeenTokens(cmp.Or(cfg.Remember, maxSeen))
	}
	v.keys = &keyCache{
		url:        certsURL(cfg, v.projectMode),
		client:     cmp.Or(cfg.HTTPClient, &http.Client{Timeout: fetchTimeout}),
		now:        v.now,
		minRefresh: cmp.Or(cfg.MinRefresh, time.Minute),
		log:        cmp.Or(cfg.Logger, slog.New(slog.DiscardHandler)),
	}
	return v, nil
}

func isHTTPSURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && len(s) > len("https://") && s[:8] == "https://"
}

func certsURL(cfg Config, projectMode bool) string {
	if projectMode {
		return cmp.Or(cfg.ChatCertsURL, DefaultChatCertsURL)
	}
	return cmp.Or(cfg.GoogleCertsURL, DefaultGoogleCertsURL)
}

// Warm loads the key set if it is not loaded or has expired. It returns an
// error only when no keys are available at all; after a failed refresh the
// last good keys keep serving and Warm returns nil.
func (v *Verifier) Warm(ctx context.Context) error { return v.keys.warm(ctx) }

// Ready reports whether a key set has been loaded.
func (v *Verifier) Ready() bool { return v.keys.ready() }

// signedByAny reports whether one of keys made t's RS256 signature.
func signedByAny(keys []*rsaKey, t compactJWT) bool {
	digest := sha256.Sum256(t.signed)
	for _, k := range keys {
		if k.verifyRS256(&digest, t.signature) {
			return true
		}
	}
	return false
}

// Verify checks token (the JWT, without "Bearer ") and returns its claims.
// Every failure is an *Error. A token whose signature verified before is
// not checked with RSA again (seenTokens); its claims always are.
func (v *Verifier) Verify(ctx context.Context, token string) (Claims, error) {
	if len(token) > maxTokenBytes {
		return Claims{}, fail(ReasonMalformed, "token too large")
	}
	var h [sha256.Size]byte
	if v.seen != nil { // sign-in tokens are used once: nothing to remember
		h = sha256.Sum256([]byte(token))
		if c, ok := v.seen.get(h); ok {
			return v.check(&c)
		}
	}
	t, err := parseJWT(token)
	if err != nil {
		return Claims{}, err
	}
	keys, err := v.keys.keys(ctx, t.header.Kid)
	if err != nil {
		return Claims{}, err
	}
	if !signedByAny(keys, t) {
		return Claims{}, fail(ReasonBadSignature, "")
	}
	c, err := decodeClaims(t.payload)
	if err != nil {
		return Claims{}, err
	}
	out, err := v.check(&c)
	if err == nil && v.seen != nil {
		v.seen.put(h, c, v.now(), v.skew)
	}
	return out, err
}
