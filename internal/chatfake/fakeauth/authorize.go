package fakeauth

// The authorization endpoint (Google's is
// https://accounts.google.com/o/oauth2/v2/auth). There is no browser and no
// consent screen: the request itself says who consents.
//
//	GET /o/oauth2/v2/auth?response_type=code&client_id=…&redirect_uri=…
//	    &scope=a+b&state=…&code_challenge=…&code_challenge_method=S256
//	    &access_type=offline&prompt=consent&include_granted_scopes=true
//	    &login_hint=sam@example.com&nonce=…
//
// Test-only parameters (Google has none of them):
//
//	fake_user=<email or id>  the account that consents; wins over login_hint
//	fake_deny=1              the person clicks "Cancel"
//
// Answers:
//
//   - unknown client_id → 400 page "Error 400: invalid_client", no redirect
//   - redirect_uri not registered for the client (exact match) → 400 page
//     "Error 400: redirect_uri_mismatch", no redirect
//   - other malformed requests (response_type not code, no scope, a
//     code_challenge_method other than S256 or plain, no account chosen or
//     an unknown one) → 400 page "Error 400: invalid_request"
//   - fake_deny=1 → 302 to redirect_uri?error=access_denied&state=…
//   - otherwise → 302 to redirect_uri?code=…&scope=…&state=…
//
// Assumption: Google shows its error pages with status 400 for every one
// of these (an unknown client may show "Error 401: invalid_client"); the
// fake answers 400 with a small HTML page naming the error.
//
// include_granted_scopes=true makes the code carry every scope the person
// has already granted this client as well as the new ones (incremental
// authorization). The code lives 10 minutes (Assumption: Google documents
// no lifetime; RFC 6749 §4.1.2 recommends at most 10 minutes) and is good
// for one exchange.

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// AuthorizePath and RevokePath are where the fake serves Google's
// authorization (accounts.google.com) and revocation
// (oauth2.googleapis.com) endpoints.
const (
	AuthorizePath = "/o/oauth2/v2/auth"
	RevokePath    = "/revoke"
	codeLifetime  = 10 * time.Minute
)

// authCode is an authorization code waiting to be exchanged.
type authCode struct {
	clientID, redirectURI string
	consent               *consent
	scopes                []string
	challenge, method     string // PKCE (RFC 7636)
	offline, forceConsent bool
	nonce                 string
	expiry                time.Time
}

// AuthorizeURL is the authorization endpoint served here, for an
// oauth2.Endpoint's AuthURL.
func (a *Authority) AuthorizeURL() string { return a.base() + AuthorizePath }

// TokenURL is the token endpoint served here, for an oauth2.Endpoint's
// TokenURL.
func (a *Authority) TokenURL() string { return a.tokenURL() }

// RevokeURL is the revocation endpoint served here.
func (a *Authority) RevokeURL() string { return a.base() + RevokePath }

func (a *Authority) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	clientID, redirectURI := q.Get("client_id"), q.Get("redirect_uri")
	a.mu.Lock()
	client := a.user.clients[clientID]
	registered := client != nil && slices.Contains(client.RedirectURIs, redirectURI)
	a.mu.Unlock()
	switch {
	case client == nil:
		errorPage(w, "invalid_client", "The OAuth client was not found.")
		return
	case !registered:
		errorPage(w, "redirect_uri_mismatch", fmt.Sprintf("The redirect URI in the request, %s, does not match the ones authorized for the OAuth client.", redirectURI))
		return
	}
	code, scopes, problem := a.authorize(q)
	if problem != "" {
		errorPage(w, "invalid_request", problem)
		return
	}
	back := url.Values{}
	if code == "" {
		back.Set("error", "access_denied")
	} else {
		back.Set("code", code)
		back.Set("scope", strings.Join(scopes, " "))
	}
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	http.Redirect(w, r, withQuery(redirectURI, back), http.StatusFound)
}

// authorize checks the rest of an authorization request from a known
// client to one of its redirect URIs, records the consent and returns a
// new code and its scopes; an empty code with no problem means the person
// said no.
func (a *Authority) authorize(q url.Values) (code string, scopes []string, problem string) {
	if rt := q.Get("response_type"); rt != "code" {
		return "", nil, "Invalid response_type: " + rt + " (the fake serves the authorization-code flow only)."
	}
	scopes = strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		return "", nil, "Missing required parameter: scope"
	}
	challenge, method := q.Get("code_challenge"), q.Get("code_challenge_method")
	if challenge != "" && method == "" {
		method = "plain" // RFC 7636 §4.3
	}
	if method != "" && method != "S256" && method != "plain" {
		return "", nil, "Invalid code_challenge_method: " + method
	}
	who := q.Get("fake_user")
	if who == "" {
		who = q.Get("login_hint")
	}
	if who == "" {
		return "", nil, "chatfake has no account chooser: pass login_hint or fake_user."
	}
	if q.Get("fake_deny") == "1" {
		return "", nil, ""
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	u, ok := a.lookupIdentity(who)
	if !ok {
		return "", nil, "No such account: " + who
	}
	c := a.consentTo(u, q.Get("client_id"), scopes)
	if q.Get("include_granted_scopes") == "true" {
		scopes = c.scopes
	}
	code, err := randomToken("4/fake-")
	if err != nil {
		return "", nil, "Could not issue a code."
	}
	a.user.codes[code] = &authCode{
		clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"), consent: c,
		scopes: append([]string(nil), scopes...), challenge: challenge, method: method,
		offline: q.Get("access_type") == "offline", forceConsent: strings.Contains(q.Get("prompt"), "consent"),
		nonce: q.Get("nonce"), expiry: a.now().Add(codeLifetime),
	}
	return code, scopes, ""
}

// withQuery adds v to the query of u (a registered redirect URI, so it
// parses; one that does not gets the query appended as is).
func withQuery(u string, v url.Values) string {
	p, err := url.Parse(u)
	if err != nil {
		return u + "?" + v.Encode()
	}
	q := p.Query()
	for k, vs := range v {
		q[k] = vs
	}
	p.RawQuery = q.Encode()
	return p.String()
}

// errorPage is Google's "Access blocked" page, reduced to its error code.
func errorPage(w http.ResponseWriter, code, detail string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	fmt.Fprintf(w, "<!doctype html>\n<title>Error 400: %s</title>\n<h1>Access blocked: authorization error</h1>\n<p>Error 400: %s</p>\n<p>%s</p>\n",
		code, code, html.EscapeString(detail))
}
