package chatapi

import (
	"context"
	"sync"
	"testing"

	"golang.org/x/oauth2"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
)

const (
	webClient    = "123456789012-onboardfake.apps.googleusercontent.com"
	scopeMembers = "https://www.googleapis.com/auth/chat.memberships"
	scopeApp     = "https://www.googleapis.com/auth/chat.memberships.app"
	scopeAdmin   = "https://www.googleapis.com/auth/chat.admin.memberships"
)

// fakeTokens is a person's token source on chatfake's grants: Token mints
// through the fake's consent, Invalidate forgets the cached one.
type fakeTokens struct {
	fake        *chatfake.Server
	user        string
	scopes      []string
	mu          sync.Mutex
	tok         string
	invalidated int
}

func (f *fakeTokens) Token() (*oauth2.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.tok == "" {
		t, err := f.fake.UserAccessToken(f.user, webClient, f.scopes...)
		if err != nil {
			return nil, err
		}
		f.tok = t
	}
	return &oauth2.Token{AccessToken: f.tok, TokenType: "Bearer"}, nil
}

func (f *fakeTokens) Invalidate() {
	f.mu.Lock()
	f.tok, f.invalidated = "", f.invalidated+1
	f.mu.Unlock()
}

func userClient(t *testing.T, fake *chatfake.Server, user string, admin bool, scopes ...string) (*Client, *fakeTokens) {
	t.Helper()
	ft := &fakeTokens{fake: fake, user: user, scopes: scopes}
	c, err := NewForUser(context.Background(), Options{Endpoint: fake.URL + "/"}, ft, admin)
	if err != nil {
		t.Fatal(err)
	}
	return c, ft
}

// The paths of Google's guide with a person's authority, through the real
// client: a person, a group, Onboard itself, and admin access — and what
// each refusal means.
func TestAddMemberWithAPersonsAuthority(t *testing.T) {
	fake := newFake(t)
	ctx := context.Background()
	sam, _ := userClient(t, fake, "sam@example.com", false, scopeMembers, scopeApp)

	m, err := sam.AddMember(ctx, "spaces/AAAAnotapp02", "users/carol@example.com")
	if err != nil || m.State != bot.StateJoined {
		t.Errorf("sam adds carol to Finance (Onboard not in it): %+v %v", m, err)
	}
	if got := lastCall(fake); got.Caller != "users/111111111111111111111" {
		t.Errorf("the create ran as %q, want sam", got.Caller)
	}
	if m, err := sam.AddMember(ctx, "spaces/AAAAnotapp02", "groups/03eng0example01"); err != nil || m.User != "groups/03eng0example01" {
		t.Errorf("sam adds the eng group: %+v %v", m, err)
	}
	if _, err := sam.AddMember(ctx, "spaces/AAAAdmsal06", "users/app"); err != nil {
		t.Errorf("sam adds Onboard to his DM with alice: %v", err)
	}
	if _, _, ok := fake.Membership("AAAAnotapp02", "carol@example.com"); !ok {
		t.Error("carol is not in Finance")
	}

	dave, _ := userClient(t, fake, "dave@example.com", false, scopeMembers)
	if _, err := dave.AddMember(ctx, "spaces/AAAAextrn04", "users/erin@partner.test"); bot.KindOf(err) != bot.KindDenied {
		t.Errorf("dave (a plain member) adds someone: %v, want denied by Chat", err)
	}

	admin, _ := userClient(t, fake, "sam@example.com", true, scopeAdmin)
	if _, err := admin.AddMember(ctx, "spaces/AAAApeopl07", "users/dave@example.com"); err != nil {
		t.Errorf("sam (an admin) adds dave to People Ops, which he is not in: %v", err)
	}
	if got := lastCall(fake); !got.AdminAccess {
		t.Error("the admin create did not carry useAdminAccess")
	}
	notAdmin, _ := userClient(t, fake, "dave@example.com", true, scopeAdmin)
	if _, err := notAdmin.AddMember(ctx, "spaces/AAAApeopl07", "users/erin@example.com"); bot.KindOf(err) != bot.KindNotWorkspaceAdmin {
		t.Errorf("dave tries admin access: %v, want not a Workspace admin", err)
	}
}

// A token Google refuses is refreshed and the call tried once more; a
// grant that stays refused means "connect again".
func TestUserTokenRefusedThenRefreshed(t *testing.T) {
	fake := newFake(t)
	ctx := context.Background()
	sam, tokens := userClient(t, fake, "sam@example.com", false, scopeMembers)
	if _, err := sam.Member(ctx, "spaces/AAAAnotapp02", "users/sam@example.com"); err != nil {
		t.Fatal(err)
	}
	fake.RevokeUserGrants("111111111111111111111", webClient) // the cached token dies
	if _, err := sam.Member(ctx, "spaces/AAAAnotapp02", "users/sam@example.com"); err != nil {
		t.Errorf("after the token was revoked: %v, want a fresh token to work", err)
	}
	if tokens.invalidated != 1 {
		t.Errorf("token invalidated %d times, want once", tokens.invalidated)
	}

	dead := &deadTokens{}
	c, err := NewForUser(ctx, Options{Endpoint: fake.URL + "/", MaxAttempts: 1}, dead, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Member(ctx, "spaces/AAAAnotapp02", "users/sam@example.com"); bot.KindOf(err) != bot.KindNotConnected {
		t.Errorf("a token Google never accepts: %v, want not connected", err)
	}
	if dead.invalidated != 1 {
		t.Errorf("tried %d refreshes, want one", dead.invalidated)
	}
}

type deadTokens struct{ invalidated int }

func (d *deadTokens) Token() (*oauth2.Token, error) {
	return &oauth2.Token{AccessToken: "ya29.revoked", TokenType: "Bearer"}, nil
}
func (d *deadTokens) Invalidate() { d.invalidated++ }

func lastCall(fake *chatfake.Server) chatfake.Call {
	calls := fake.Calls()
	return calls[len(calls)-1]
}
