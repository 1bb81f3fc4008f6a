package groups

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// userToken walks chatfake's consent for email with scopes and returns the
// access token the person's grant gives.
func userToken(t *testing.T, fake *chatfake.Server, email string, scopes ...string) oauth2.TokenSource {
	t.Helper()
	const redirect = "https://onboard.example.com/oauth2/callback"
	fake.AddOAuthClient(fakeauth.OAuthClient{ClientID: "c", ClientSecret: "s", RedirectURIs: []string{redirect}})
	cfg := &oauth2.Config{ClientID: "c", ClientSecret: "s", RedirectURL: redirect, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: fake.AuthorizeURL(), TokenURL: fake.TokenURL(), AuthStyle: oauth2.AuthStyleInParams}}
	v := oauth2.GenerateVerifier()
	u, _ := url.Parse(cfg.AuthCodeURL("st", oauth2.S256ChallengeOption(v), oauth2.SetAuthURLParam("login_hint", email)))
	resp, err := noFollow.Get(u.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("consent: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	tok, err := cfg.Exchange(context.Background(), loc.Query().Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatal(err)
	}
	return oauth2.StaticTokenSource(tok)
}

func TestLookup(t *testing.T) {
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	fake, err := chatfake.New(w, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	ctx := context.Background()
	ts := userToken(t, fake, "sam@example.com", "openid", "https://www.googleapis.com/auth/cloud-identity.groups.readonly")
	name, err := Lookup(ctx, fake.URL+"/", ts, nil, "eng@example.com")
	if err != nil || !strings.HasPrefix(name, "groups/") {
		t.Fatalf("Lookup(eng@example.com) = %q, %v; want groups/…", name, err)
	}
	if _, err := Lookup(ctx, fake.URL+"/", ts, nil, "nobody@example.com"); bot.KindOf(err) != bot.KindNotFound {
		t.Errorf("unknown group: %v, want not found", err)
	}
	noScope := userToken(t, fake, "sam@example.com", "openid")
	if _, err := Lookup(ctx, fake.URL+"/", noScope, nil, "eng@example.com"); bot.KindOf(err) != bot.KindDenied {
		t.Errorf("without the groups scope: %v, want denied", err)
	}
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
