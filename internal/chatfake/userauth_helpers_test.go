package chatfake

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"golang.org/x/oauth2"
	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/option"
)

// More ids of testdata/world.json.
const (
	spacePartners  = "AAAAextrn04" // SPACE, externalUserAllowed, Sam manager, Dave member, app not in
	spaceChat      = "AAAAgchat05" // GROUP_CHAT of Sam, Alice, Carol; app not in
	spaceDMSamAli  = "AAAAdmsal06" // DIRECT_MESSAGE Sam–Alice; app not in
	spacePeopleOps = "AAAApeopl07" // SPACE, manageMembers "members", Carol manager, Alice member
	spaceOtherOrg  = "AAAAother08" // SPACE of another organisation
	spaceSamBotDM  = "_dmSamOnb01"
	groupEng       = "03eng0example01" // eng@example.com
	webClientID    = "123456789012-onboardfake.apps.googleusercontent.com"
)

// Scopes a person grants, by short name.
var (
	memberships      = []string{chat.ChatMembershipsScope}
	membershipsApp   = []string{chat.ChatMembershipsAppScope}
	adminMemberships = []string{chat.ChatAdminMembershipsScope}
)

// grant runs the whole authorization-code dance for who with the real
// golang.org/x/oauth2 client (PKCE, offline access; the browser is a
// client that does not follow the redirect) and returns the config and
// the token.
func grant(t *testing.T, s *Server, who string, scopes ...string) (*oauth2.Config, *oauth2.Token) {
	t.Helper()
	ctx := context.Background()
	callback := s.URL + "/test/oauth2/callback" // never reached
	s.AddOAuthClient(OAuthClient{ClientID: webClientID, RedirectURIs: []string{callback}})
	cfg := &oauth2.Config{
		ClientID:     webClientID,
		ClientSecret: defaultClientSecret(t),
		RedirectURL:  callback,
		Scopes:       append([]string{"openid", "email"}, scopes...),
		Endpoint:     oauth2.Endpoint{AuthURL: s.AuthorizeURL(), TokenURL: s.TokenURL(), AuthStyle: oauth2.AuthStyleInParams},
	}
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("state-1", oauth2.AccessTypeOffline, oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("login_hint", who))
	browser := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := browser.Get(authURL)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc.Query().Get("state") != "state-1" {
		t.Fatalf("authorize: got %d to %s, want 302 with the state", resp.StatusCode, loc)
	}
	tok, err := cfg.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	return cfg, tok
}

// userService is chat/v1 acting as who with a fresh grant of scopes.
func userService(t *testing.T, s *Server, who string, scopes ...string) *chat.Service {
	t.Helper()
	cfg, tok := grant(t, s, who, scopes...)
	svc, err := chat.NewService(context.Background(),
		option.WithTokenSource(cfg.TokenSource(context.Background(), tok)),
		option.WithEndpoint(s.URL+"/"))
	if err != nil {
		t.Fatalf("chat.NewService: %v", err)
	}
	return svc
}

func defaultClientSecret(t *testing.T) string {
	t.Helper()
	w, err := DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range w.OAuthClients {
		if c.ClientID == webClientID {
			return c.ClientSecret
		}
	}
	t.Fatalf("the default world has no OAuth client %s", webClientID)
	return ""
}

func group(name string) *chat.Membership {
	return &chat.Membership{GroupMember: &chat.Group{Name: name}}
}

func bot(name string) *chat.Membership {
	return &chat.Membership{Member: &chat.User{Name: name, Type: "BOT"}}
}
