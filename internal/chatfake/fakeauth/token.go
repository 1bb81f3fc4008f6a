package fakeauth

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
)

const (
	jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	// accessTokenLifetime is what Google grants a service account.
	accessTokenLifetime = time.Hour
	// clockSkew is the slack allowed on an assertion's iat and exp. The Go
	// libraries back-date iat by 10 s, so exp-iat is exactly 1h for them.
	clockSkew = time.Minute
	// cloudPlatformScope is what the metadata server grants by default.
	cloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform"
	// chatAudience is the self-signed JWT audience for the Chat API.
	chatAudience = "https://chat.googleapis.com/"
)

// grant is what an opaque access token stands for: scopes for a while,
// on behalf of the app's service account (consent nil) or of a person's
// consent to an OAuth client (userauth.go), whose revocation kills it.
type grant struct {
	scopes  []string
	expiry  time.Time
	consent *consent
}

// oauthError is an OAuth 2.0 error response (RFC 6749 §5.2), in Google's
// words where we know them.
type oauthError struct {
	status      int
	code        string
	description string
}

func (e *oauthError) Error() string { return e.code + ": " + e.description }

func invalidGrant(desc string) *oauthError {
	return &oauthError{http.StatusBadRequest, "invalid_grant", desc}
}

// serveToken is Google's OAuth 2.0 token endpoint: the JWT-bearer grant
// (RFC 7523) a service account key uses, and the authorization_code and
// refresh_token grants of a person's consent (usertoken.go).
func (a *Authority) serveToken(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, &oauthError{http.StatusBadRequest, "invalid_request", "Malformed request body."})
		return
	}
	switch gt := r.PostForm.Get("grant_type"); gt {
	case jwtBearerGrant:
		a.serveJWTBearer(w, r)
	case authorizationCodeGrant:
		a.serveAuthorizationCode(w, r)
	case refreshTokenGrant:
		a.serveRefresh(w, r)
	default:
		writeOAuthError(w, &oauthError{http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: " + gt})
	}
}

// serveJWTBearer exchanges a service account's signed assertion.
func (a *Authority) serveJWTBearer(w http.ResponseWriter, r *http.Request) {
	assertion := r.PostForm.Get("assertion")
	if assertion == "" {
		writeOAuthError(w, &oauthError{http.StatusBadRequest, "invalid_request", "Missing required parameter: assertion"})
		return
	}
	scopes, oerr := a.verifyAssertion(assertion)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	tok, err := a.issue(scopes, nil)
	if err != nil {
		writeOAuthError(w, errIssue)
		return
	}
	writeTokenResponse(w, accessTokenResponse(tok))
}

// errIssue is the answer when no random token could be made.
var errIssue = &oauthError{http.StatusInternalServerError, "internal_failure", "Could not issue a token."}

// writeTokenResponse answers a token request; token responses must not be
// cached (RFC 6749 §5.1).
func writeTokenResponse(w http.ResponseWriter, body map[string]any) {
	w.Header().Set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
	w.Header().Set("Pragma", "no-cache")
	writeJSON(w, http.StatusOK, body)
}

func accessTokenResponse(tok string) map[string]any {
	return map[string]any{
		"access_token": tok,
		"expires_in":   int64(accessTokenLifetime / time.Second),
		"token_type":   "Bearer",
	}
}

func writeOAuthError(w http.ResponseWriter, e *oauthError) {
	writeJSON(w, e.status, map[string]string{"error": e.code, "error_description": e.description})
}

// verifyAssertion checks a JWT-bearer assertion the way Google does for a
// service account and returns the scopes it asks for.
func (a *Authority) verifyAssertion(assertion string) ([]string, *oauthError) {
	_, c, err := parseJWT(assertion, a.saKey)
	switch {
	case errors.Is(err, errSignature):
		return nil, invalidGrant("Invalid JWT Signature.")
	case err != nil:
		return nil, invalidGrant("Invalid JWT: malformed assertion.")
	}
	if c.Iss != a.ServiceAccountEmail() {
		return nil, invalidGrant("Invalid grant: account not found")
	}
	if want := a.tokenURL(); c.Aud != want {
		return nil, invalidGrant("Invalid JWT: Failed audience check. The expected value was " + want + " but got " + c.Aud + ".")
	}
	if !a.shortLived(c) {
		return nil, invalidGrant("Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
	}
	if c.Sub != "" && c.Sub != c.Iss {
		// Domain-wide delegation is not part of the fake.
		return nil, &oauthError{http.StatusUnauthorized, "unauthorized_client", "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested."}
	}
	if c.TargetAudience != "" {
		return nil, &oauthError{http.StatusBadRequest, "invalid_request", "ID tokens (target_audience) are not supported by the fake."}
	}
	scopes := strings.Fields(c.Scope)
	if len(scopes) == 0 {
		return nil, &oauthError{http.StatusBadRequest, "invalid_scope", "Empty or missing scope not allowed."}
	}
	return scopes, nil
}

// saKey resolves an assertion's kid: the service account's one key. An
// absent kid is accepted, as Google then tries the account's keys.
func (a *Authority) saKey(kid string) *rsa.PublicKey {
	id, pub := a.saPublicKey()
	if kid == "" || kid == id {
		return pub
	}
	return nil
}

// shortLived reports whether c's lifetime is at most an hour and covers now,
// with clockSkew either side.
func (a *Authority) shortLived(c jwtClaims) bool {
	now := a.now()
	iat, exp := time.Unix(c.Iat, 0), time.Unix(c.Exp, 0)
	return c.Iat > 0 && c.Exp > c.Iat &&
		exp.Sub(iat) <= time.Hour+clockSkew &&
		!iat.After(now.Add(clockSkew)) &&
		exp.After(now.Add(-clockSkew))
}

func (a *Authority) tokenURL() string { return a.base() + "/token" }

// issue records a new opaque access token bound to scopes for an hour, on
// behalf of c (nil: the app's service account).
func (a *Authority) issue(scopes []string, c *consent) (string, error) {
	tok, err := randomToken("ya29.fake-")
	if err != nil {
		return "", err
	}
	now := a.now()
	a.mu.Lock()
	defer a.mu.Unlock()
	for t, g := range a.grants { // keep the table small in long runs
		if !now.Before(g.expiry) {
			delete(a.grants, t)
		}
	}
	a.grants[tok] = grant{scopes: slices.Clone(scopes), expiry: now.Add(accessTokenLifetime), consent: c}
	return tok, nil
}

// randomToken is prefix followed by 48 random bytes, base64url.
func randomToken(prefix string) (string, error) {
	b := make([]byte, 48)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// Scopes returns the scopes bound to the request's bearer access token; ok
// is false when it is missing, unknown, expired or revoked. A self-signed
// service account JWT used directly as the bearer is accepted too (see the
// package comment for when the Go client sends one).
func (a *Authority) Scopes(r *http.Request) (scopes []string, ok bool) {
	p, ok := a.Principal(r)
	return p.Scopes, ok
}

// Principal is who a valid bearer token speaks for.
type Principal struct {
	Scopes []string
	// User is the person's Chat user id (users/{User}) for a token from a
	// person's consent; empty for the app's service account.
	User     string
	Email    string
	ClientID string // the OAuth client the person consented to
}

// Principal returns who the request's bearer token speaks for; ok is false
// when the token is missing, unknown, expired or revoked.
func (a *Authority) Principal(r *http.Request) (Principal, bool) {
	scheme, tok, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return Principal{}, false
	}
	now := a.now()
	a.mu.Lock()
	g, known := a.grants[tok]
	var p Principal
	valid := known && now.Before(g.expiry) && (g.consent == nil || !g.consent.revoked)
	if valid {
		p.Scopes = slices.Clone(g.scopes)
		if c := g.consent; c != nil {
			p.User, p.Email, p.ClientID = c.user.ID, c.user.Email, c.clientID
		}
	}
	a.mu.Unlock()
	if !known {
		scopes, ok := a.selfSignedScopes(tok)
		return Principal{Scopes: scopes}, ok
	}
	return p, valid
}

// selfSignedScopes accepts a JWT signed by the service account key and sent
// as the bearer itself (cloud.google.com/go/auth's selfSignedTokenProvider:
// iss = sub = client_email, scope, aud empty or the API). It must carry a
// scope claim: an audience-only JWT grants the whole API at Google, which
// the fake does not model as scopes, so it is refused.
func (a *Authority) selfSignedScopes(tok string) ([]string, bool) {
	_, c, err := parseJWT(tok, a.saKey)
	if err != nil {
		return nil, false
	}
	email := a.ServiceAccountEmail()
	if c.Iss != email || c.Sub != email || !a.shortLived(c) {
		return nil, false
	}
	if c.Aud != "" && c.Aud != chatAudience && c.Aud != a.base()+"/" {
		return nil, false
	}
	scopes := strings.Fields(c.Scope)
	if len(scopes) == 0 {
		return nil, false
	}
	return scopes, true
}
