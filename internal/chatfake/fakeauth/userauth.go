package fakeauth

// User authorization (OAuth 2.0 for web server applications,
// https://developers.google.com/identity/protocols/oauth2/web-server): the
// OAuth clients of the project, the people who can consent, and what each
// person has granted each client.
//
// A consent is Google's record that a person granted a client some scopes;
// it appears in the person's Google Account under "Third-party apps with
// account access". Every access and refresh token issued from it dies when
// it is revoked (POST /revoke with any of its tokens, or RevokeUserGrants,
// the person removing access in their account). A later authorization
// starts a new consent.

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// OAuthClient is an OAuth 2.0 web client of the project (Google Cloud
// console → Credentials → OAuth client ID, type "Web application").
type OAuthClient struct {
	ClientID     string   `json:"clientId"`
	ClientSecret string   `json:"clientSecret"`
	RedirectURIs []string `json:"redirectURIs"` // exact matches, as Google compares them
}

// Identity is a Google account that can consent: a Chat user. Its ID is
// the ID token's sub and the Chat user id (users/{ID} is the same person,
// https://developers.google.com/workspace/chat/authenticate-authorize-chat-user).
type Identity struct {
	ID    string
	Email string
	// HostedDomain is the Workspace domain (the ID token's hd claim);
	// empty for a consumer account.
	HostedDomain string
}

// UserGrant is one consent as tests see it; it never carries a token.
type UserGrant struct {
	User     string    `json:"user"` // Chat user id
	Email    string    `json:"email"`
	ClientID string    `json:"clientId"`
	Scopes   []string  `json:"scopes"`  // everything granted so far (include_granted_scopes)
	Offline  bool      `json:"offline"` // a refresh token was issued
	Revoked  bool      `json:"revoked"`
	Created  time.Time `json:"created"`
}

// consent is a person's grant to one client. Guarded by Authority.mu.
type consent struct {
	user          Identity
	clientID      string
	scopes        []string
	refreshIssued bool
	revoked       bool
	created       time.Time
}

// userState is the user-authorization half of the Authority, guarded by
// Authority.mu.
type userState struct {
	clients  map[string]*OAuthClient
	users    map[string]Identity    // by id and by lower-case email
	codes    map[string]*authCode   // authorization codes, single use
	live     map[[2]string]*consent // (user id, client id) → the live consent
	consents []*consent             // every consent ever made, oldest first
	refresh  map[string]*refreshGrant
}

// refreshGrant is what a refresh token stands for: a consent, whatever
// scopes it holds when the token is used.
type refreshGrant struct {
	consent *consent
}

func (a *Authority) initUsers(opts Options) {
	a.user = userState{
		clients: map[string]*OAuthClient{},
		users:   map[string]Identity{},
		codes:   map[string]*authCode{},
		live:    map[[2]string]*consent{},
		refresh: map[string]*refreshGrant{},
	}
	for _, u := range opts.Users {
		a.user.users[u.ID] = u
		a.user.users[strings.ToLower(u.Email)] = u
	}
	for _, c := range opts.OAuthClients {
		a.AddOAuthClient(c)
	}
}

// AddOAuthClient registers c, or adds c's redirect URIs and new secret to
// the client with the same id. Tests call it for callback URLs whose port
// is only known at run time.
func (a *Authority) AddOAuthClient(c OAuthClient) {
	a.mu.Lock()
	defer a.mu.Unlock()
	old := a.user.clients[c.ClientID]
	if old == nil {
		c.RedirectURIs = slices.Clone(c.RedirectURIs)
		a.user.clients[c.ClientID] = &c
		return
	}
	if c.ClientSecret != "" {
		old.ClientSecret = c.ClientSecret
	}
	for _, u := range c.RedirectURIs {
		if !slices.Contains(old.RedirectURIs, u) {
			old.RedirectURIs = append(old.RedirectURIs, u)
		}
	}
}

// lookupIdentity resolves an id or email. Callers hold a.mu.
func (a *Authority) lookupIdentity(idOrEmail string) (Identity, bool) {
	u, ok := a.user.users[strings.ToLower(idOrEmail)]
	return u, ok
}

// Grants returns every consent made so far, oldest first, revoked ones
// included.
func (a *Authority) Grants() []UserGrant {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]UserGrant, 0, len(a.user.consents))
	for _, c := range a.user.consents {
		out = append(out, UserGrant{
			User: c.user.ID, Email: c.user.Email, ClientID: c.clientID, Scopes: slices.Clone(c.scopes),
			Offline: c.refreshIssued, Revoked: c.revoked, Created: c.created,
		})
	}
	return out
}

// RevokeUserGrants revokes the live consents of user (id or email) to
// clientID (empty: to every client), as when the person removes the app's
// access in their Google Account; it reports how many it revoked.
func (a *Authority) RevokeUserGrants(user, clientID string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, ok := a.lookupIdentity(user)
	if !ok {
		return 0
	}
	n := 0
	for key, c := range a.user.live {
		if key[0] == u.ID && (clientID == "" || key[1] == clientID) {
			a.revokeLocked(c)
			n++
		}
	}
	return n
}

// revokeLocked kills c and every token issued from it. Callers hold a.mu.
func (a *Authority) revokeLocked(c *consent) {
	c.revoked = true
	delete(a.user.live, [2]string{c.user.ID, c.clientID})
	for tok, g := range a.user.refresh {
		if g.consent == c {
			delete(a.user.refresh, tok)
		}
	}
	for tok, g := range a.grants {
		if g.consent == c {
			delete(a.grants, tok)
		}
	}
}

// consentTo records that u granted clientID scopes (added to what the live
// consent already holds) and returns the live consent. Callers hold a.mu.
func (a *Authority) consentTo(u Identity, clientID string, scopes []string) *consent {
	key := [2]string{u.ID, clientID}
	c := a.user.live[key]
	if c == nil {
		c = &consent{user: u, clientID: clientID, created: a.now()}
		a.user.live[key] = c
		a.user.consents = append(a.user.consents, c)
	}
	c.scopes = unionScopes(c.scopes, scopes)
	return c
}

// unionScopes is a ∪ b, in first-seen order.
func unionScopes(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// UserAccessToken consents for user (an id or address) to clientID with
// scopes — as if they had gone through the authorization endpoint — and
// returns an access token of that grant. For tests of code that acts with a
// person's authority but is not about how the grant was obtained.
func (a *Authority) UserAccessToken(user, clientID string, scopes ...string) (string, error) {
	a.mu.Lock()
	u, ok := a.lookupIdentity(user)
	var c *consent
	if ok {
		c = a.consentTo(u, clientID, scopes)
	}
	a.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("fakeauth: no user %q", user)
	}
	return a.issue(scopes, c)
}
