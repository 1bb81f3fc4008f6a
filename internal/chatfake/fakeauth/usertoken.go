package fakeauth

// The token endpoint's user grants and the revocation endpoint
// (https://developers.google.com/identity/protocols/oauth2/web-server).
//
//	POST /token  grant_type=authorization_code&code=…&redirect_uri=…
//	             &code_verifier=…  (+ client_id/client_secret, in the form or HTTP Basic)
//	POST /token  grant_type=refresh_token&refresh_token=…  (+ client credentials)
//	POST /revoke token=…  (an access or a refresh token; form body or query)
//
// A code exchange answers access_token, expires_in, token_type, scope, an
// id_token when the scopes ask for identity (openid, email or profile, as
// Google documents), and a refresh_token when the authorization asked for
// access_type=offline and either no refresh token was issued on this
// consent before or prompt included consent (Google returns a refresh token
// "the first time" only). A refresh answers a new access token for the
// scopes the consent holds now, incremental additions included (and a new
// id_token when they ask for identity), never a new refresh token.
//
// The ID token is RS256, signed with the Google key set served at
// /oauth2/v3/certs and /oauth2/v1/certs: iss https://accounts.google.com,
// aud and azp the client id, sub the Chat user id, email, email_verified,
// hd for a Workspace account, nonce when the authorization sent one, iat,
// exp one hour later.
//
// Errors (RFC 6749 §5.2 bodies {"error","error_description"}):
//
//   - unknown client → 401 invalid_client "The OAuth client was not found."
//   - wrong secret → 401 invalid_client "Unauthorized"
//   - unknown, used or expired code, a code of another client, a wrong or
//     missing PKCE verifier → 400 invalid_grant
//   - redirect_uri unlike the authorization's → 400 redirect_uri_mismatch
//   - unknown or revoked refresh token → 400 invalid_grant "Token has been
//     expired or revoked."
//
// Assumption: Google's error_description texts other than those above are
// not documented; callers must match on error only. Assumption: replaying a
// used code is invalid_grant and does not revoke what the first exchange
// issued (RFC 6749 §4.1.2 says it SHOULD; Google does not say).
//
// Revocation answers 200 {} and revokes the consent the token belongs to:
// its refresh tokens and all its access tokens (Google: revoking an access
// token also revokes its refresh token). A service account's access token
// is just forgotten. An unknown token answers 400 invalid_token.

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

const (
	authorizationCodeGrant = "authorization_code"
	refreshTokenGrant      = "refresh_token"
)

// identityScopes ask for an ID token.
var identityScopes = []string{
	"openid", "email", "profile",
	"https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile",
}

// clientCredentials reads client_id and client_secret from HTTP Basic
// (RFC 6749 §2.3.1: each form-urlencoded) or the form, and checks them.
func (a *Authority) clientCredentials(r *http.Request) (string, *oauthError) {
	id, secret, basic := r.BasicAuth()
	if basic {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	a.mu.Lock()
	c := a.user.clients[id]
	a.mu.Unlock()
	if c == nil {
		return "", &oauthError{http.StatusUnauthorized, "invalid_client", "The OAuth client was not found."}
	}
	if subtle.ConstantTimeCompare([]byte(c.ClientSecret), []byte(secret)) != 1 {
		return "", &oauthError{http.StatusUnauthorized, "invalid_client", "Unauthorized"}
	}
	return id, nil
}

func (a *Authority) serveAuthorizationCode(w http.ResponseWriter, r *http.Request) {
	clientID, oerr := a.clientCredentials(r)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	f := r.PostForm
	code, oerr := a.takeCode(f.Get("code"), clientID, f.Get("redirect_uri"), f.Get("code_verifier"))
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	body, oerr := a.userTokens(code)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	writeTokenResponse(w, body)
}

// takeCode removes a code from the table (whatever the verdict: a code is
// good for one try) and checks it against the exchange.
func (a *Authority) takeCode(code, clientID, redirectURI, verifier string) (*authCode, *oauthError) {
	a.mu.Lock()
	c := a.user.codes[code]
	delete(a.user.codes, code)
	a.mu.Unlock()
	switch {
	case code == "":
		return nil, &oauthError{http.StatusBadRequest, "invalid_request", "Missing required parameter: code"}
	case c == nil || !a.now().Before(c.expiry) || c.clientID != clientID:
		return nil, invalidGrant("Malformed auth code.")
	case c.redirectURI != redirectURI:
		return nil, &oauthError{http.StatusBadRequest, "redirect_uri_mismatch", "Bad Request"}
	case c.challenge == "":
		return c, nil
	case verifier == "":
		return nil, invalidGrant("Missing code verifier.")
	case !pkceMatches(c.challenge, c.method, verifier):
		return nil, invalidGrant("Invalid code verifier.")
	}
	return c, nil
}

// pkceMatches checks a code_verifier against its challenge (RFC 7636 §4.6).
func pkceMatches(challenge, method, verifier string) bool {
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		verifier = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(challenge), []byte(verifier)) == 1
}

// userTokens issues the tokens of an exchanged code.
func (a *Authority) userTokens(code *authCode) (map[string]any, *oauthError) {
	a.mu.Lock()
	revoked := code.consent.revoked
	wantRefresh := code.offline && (!code.consent.refreshIssued || code.forceConsent)
	a.mu.Unlock()
	if revoked {
		return nil, invalidGrant("Token has been expired or revoked.")
	}
	body, oerr := a.accessAndID(code.consent, code.scopes, code.nonce)
	if oerr != nil || !wantRefresh {
		return body, oerr
	}
	rt, err := randomToken("1//fake-")
	if err != nil {
		return nil, errIssue
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	code.consent.refreshIssued = true
	a.user.refresh[rt] = &refreshGrant{consent: code.consent}
	body["refresh_token"] = rt
	return body, nil
}

// accessAndID issues an access token for scopes on c and, when the scopes
// ask for identity, an ID token.
func (a *Authority) accessAndID(c *consent, scopes []string, nonce string) (map[string]any, *oauthError) {
	tok, err := a.issue(scopes, c)
	if err != nil {
		return nil, errIssue
	}
	body := accessTokenResponse(tok)
	body["scope"] = strings.Join(scopes, " ")
	if !slices.ContainsFunc(scopes, func(s string) bool { return slices.Contains(identityScopes, s) }) {
		return body, nil
	}
	id, err := a.mintUserIDToken(c, nonce)
	if err != nil {
		return nil, errIssue
	}
	body["id_token"] = id
	return body, nil
}

// mintUserIDToken signs the OpenID Connect ID token of c's person for c's
// client with the Google key set.
func (a *Authority) mintUserIDToken(c *consent, nonce string) (string, error) {
	verified := true
	extra := map[string]any{"sub": c.user.ID, "azp": c.clientID}
	if c.user.HostedDomain != "" {
		extra["hd"] = c.user.HostedDomain
	}
	if nonce != "" {
		extra["nonce"] = nonce
	}
	return a.Mint(TokenSpec{Keys: GoogleKeys, Issuer: googleIssuer, Audience: c.clientID,
		Email: c.user.Email, EmailVerified: &verified, Extra: extra})
}

func (a *Authority) serveRefresh(w http.ResponseWriter, r *http.Request) {
	clientID, oerr := a.clientCredentials(r)
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	rt := r.PostForm.Get("refresh_token")
	a.mu.Lock()
	g := a.user.refresh[rt]
	var scopes []string
	if g != nil {
		// Assumption: the refresh token stands for the person's one grant
		// to the client, so it answers for every scope the grant holds now
		// — also those added later by incremental authorization, which
		// issues no new refresh token (draft-ietf-oauth-incremental-authz:
		// the tokens carry the union of all granted scopes).
		scopes = slices.Clone(g.consent.scopes)
	}
	a.mu.Unlock()
	if g == nil || g.consent.revoked || g.consent.clientID != clientID {
		writeOAuthError(w, invalidGrant("Token has been expired or revoked."))
		return
	}
	// OpenID Connect Core §12.2: a refreshed ID token carries no nonce.
	body, oerr := a.accessAndID(g.consent, scopes, "")
	if oerr != nil {
		writeOAuthError(w, oerr)
		return
	}
	writeTokenResponse(w, body)
}

func (a *Authority) serveRevoke(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil || r.Form.Get("token") == "" {
		writeOAuthError(w, &oauthError{http.StatusBadRequest, "invalid_request", "Bad Request"})
		return
	}
	tok := r.Form.Get("token")
	a.mu.Lock()
	defer a.mu.Unlock()
	var c *consent
	if g, ok := a.user.refresh[tok]; ok {
		c = g.consent
	} else if g, ok := a.grants[tok]; ok {
		c = g.consent
		delete(a.grants, tok)
	} else {
		writeOAuthError(w, &oauthError{http.StatusBadRequest, "invalid_token", "Token expired or revoked"})
		return
	}
	if c != nil {
		a.revokeLocked(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{})
}
