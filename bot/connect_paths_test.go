package bot_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// The paths that need a person's own authority, decided before any call:
// what the sign-in asks for, who may use --admin, the policy that stops
// them before anyone is asked to connect, and the command limit.

// completeAt is the event's configCompleteRedirectUrl: a message Chat can
// send again once the person has connected.
const completeAt = "https://chat.google.com/api/bot_config_complete?token=TEST"

// connections is people's own authority as the domain sees it: grants
// given by the test, and every sign-in asked for.
type connections struct {
	mu     sync.Mutex
	grants map[string]bot.Connection
	asked  []bot.SignInRequest
}

func (c *connections) Connection(_ context.Context, user string) (bot.Connection, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g, ok := c.grants[user]; ok {
		return g, nil
	}
	return bot.Connection{}, &bot.Error{Op: "test.Connection", Kind: bot.KindNotConnected}
}

func (c *connections) SignInURL(_ context.Context, r bot.SignInRequest) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, r)
	return "https://accounts.example/auth?n=" + strings.Repeat("x", len(c.asked)), nil
}

func (c *connections) Disconnect(context.Context, string) (bool, error) { return false, nil }

func (c *connections) signIns() []bot.SignInRequest {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.asked)
}

// acting keeps every grant working; nothing here gets as far as using one.
type acting struct{ t *testing.T }

func (acting) Check(context.Context, string) error { return nil }

func (a acting) As(context.Context, bot.Authority) (bot.MembershipsRemover, error) {
	a.t.Error("a membership change ran with a person's authority; none should get that far here")
	return nil, &bot.Error{Op: "test.As", Kind: bot.KindInternal}
}

func (a acting) LookupGroup(context.Context, string, string) (string, error) {
	a.t.Error("a group was looked up; none should be here")
	return "", &bot.Error{Op: "test.LookupGroup", Kind: bot.KindInternal}
}

// connectable is the whole back end with people's own authority lent by
// conns; sam is the only Onboard admin unless cfg says otherwise.
func connectable(t *testing.T, cfg bot.Config) (*testenv.Env, *bot.Service, *connections) {
	t.Helper()
	if cfg.Admins == nil {
		cfg.Admins = []string{"sam@example.com"}
	}
	env := testenv.New(t, cfg, testenv.Options{})
	conns := &connections{grants: map[string]bot.Connection{}}
	svc := bot.NewService(bot.Deps{Members: env.API, Jobs: env.Jobs, Control: env.Jobs, Plans: env.Store,
		Settings: env.Store, Switches: env.Store, Audit: env.Store, Remover: env.API, History: env.Store,
		Spaces: env.API, Previews: env.Store, Poster: env.Jobs, Connections: conns, Acting: acting{t}}, cfg, nil)
	return env, svc, conns
}

// typed is actor typing "/<name> <text>" in space, from a message Chat
// can send again after a sign-in.
func typed(actor bot.User, space bot.Space, id int64, name, text string, mentions ...bot.Mention) bot.Interaction {
	in := cmd(actor, space, id, name, text)
	in.CompleteURL, in.Mentions = completeAt, mentions
	return in
}

// onboardMention is "@Onboard" at the end of text.
func onboardMention(text string) bot.Mention {
	return bot.Mention{User: bot.User{Name: "users/app", DisplayName: "Onboard", Bot: true},
		Start: strings.LastIndex(text, "@Onboard"), Length: len("@Onboard")}
}

// changes counts the membership writes chatfake saw.
func changes(env *testenv.Env) int {
	return len(callsOf(env, "chat.spaces.members.create")) + len(callsOf(env, "chat.spaces.members.delete"))
}

// Each path asks Google for what it needs and nothing more: the sign-in
// the person is sent to names only those scopes (and admin access only on
// an --admin command), and Chat's configuration request — not a card — is
// the answer to a message.
func TestSignInAsksForWhatEachPathNeeds(t *testing.T) {
	env, svc, conns := connectable(t, bot.Config{})
	self := "/invite spaces/AAAAdmsal06 @Onboard"
	tests := []struct {
		name  string
		in    bot.Interaction
		want  []string
		admin bool
	}{
		{"group", typed(sam, platformSpace, 1, "invite", "group:eng@example.com"),
			[]string{bot.ScopeMemberships, bot.ScopeGroupsReadonly}, false},
		{"Onboard itself", typed(sam, dmSpace, 1, "invite", strings.TrimPrefix(self, "/invite "), onboardMention(self)),
			[]string{bot.ScopeMembershipsApp}, false},
		{"invite with admin access", typed(sam, dmSpace, 1, "invite", "--admin spaces/AAAApeopl07 dave@example.com"),
			[]string{bot.ScopeAdminMembers}, true},
		{"remove with admin access", typed(sam, dmSpace, 6, "remove", "--admin spaces/AAAApeopl07 alice@example.com"),
			[]string{bot.ScopeAdminMembers}, true},
		{"connect", typed(sam, dmSpace, 12, "connect", ""), bot.EverydayScopes, false},
		{"connect for admin access", typed(sam, dmSpace, 12, "connect", "--admin"),
			append(slices.Clone(bot.EverydayScopes), bot.ScopeAdminMembers), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(conns.signIns())
			r := replyAs[bot.ConnectReply](t, svc.Handle(context.Background(), tt.in))
			if r.Click || !r.Private || r.Admin != tt.admin {
				t.Errorf("reply %+v, want a private configuration request (admin access %v)", r, tt.admin)
			}
			asked := conns.signIns()[before:]
			if len(asked) != 1 {
				t.Fatalf("%d sign-ins asked for, want 1", len(asked))
			}
			got, want := slices.Sorted(slices.Values(asked[0].Scopes)), slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("scopes %q, want %q", got, want)
			}
			if asked[0].User != sam.Name || asked[0].CompleteURL != completeAt {
				t.Errorf("sign-in for %q back to %q, want sam's, back to the event's completion URL", asked[0].User, asked[0].CompleteURL)
			}
		})
	}
	if n := changes(env); n != 0 {
		t.Errorf("%d membership changes before anyone connected", n)
	}
}

// --admin is for Onboard admins: anyone else is refused before any call
// and before being asked to connect — inviting, removing, or connecting
// for admin access.
func TestAdminFlagNeedsAnOnboardAdmin(t *testing.T) {
	env, svc, conns := connectable(t, bot.Config{})
	ctx := context.Background()
	calls := len(env.Fake.Calls())
	invite := replyAs[bot.InviteReply](t, svc.Handle(ctx, typed(dave, dmSpace, 1, "invite", "--admin spaces/AAAApeopl07 carol@example.com")))
	if rf := invite.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNotAdmin || !invite.Private {
		t.Errorf("dave's /invite --admin: %+v, want a private not_admin refusal", invite)
	}
	remove := replyAs[bot.RemoveReply](t, svc.Handle(ctx, typed(dave, dmSpace, 6, "remove", "--admin spaces/AAAApeopl07 alice@example.com")))
	if rf := remove.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNotAdmin || !remove.Private {
		t.Errorf("dave's /remove --admin: %+v, want a private not_admin refusal", remove)
	}
	connect := replyAs[bot.ConnectionReply](t, svc.Handle(ctx, typed(dave, dmSpace, 12, "connect", "--admin")))
	if connect.Problem != bot.ReasonNotAdmin || !connect.Private {
		t.Errorf("dave's /connect --admin: %+v, want a private not_admin answer", connect)
	}
	if asked := conns.signIns(); len(asked) != 0 {
		t.Errorf("dave was asked to connect for %q", asked[0].Scopes)
	}
	if n := len(env.Fake.Calls()) - calls; n != 0 {
		t.Errorf("%d calls to Google for refused --admin commands, want none", n)
	}
	if got := auditRefusals(t, env, dave.Name); got != 3 {
		t.Errorf("%d refusals of dave in the audit log, want 3", got)
	}
}

// The kill switch and the allow-list stop the new paths as they stop an
// ordinary invite: before anyone is asked to connect, with no change.
func TestKillSwitchAndAllowListStopTheNewPaths(t *testing.T) {
	ctx := context.Background()
	self := "/invite spaces/AAAAdmsal06 @Onboard"
	paths := []struct {
		name string
		in   bot.Interaction
	}{
		{"group", typed(sam, platformSpace, 1, "invite", "group:eng@example.com")},
		{"admin access", typed(sam, dmSpace, 1, "invite", "--admin spaces/AAAApeopl07 dave@example.com")},
		{"admin removal", typed(sam, dmSpace, 6, "remove", "--admin spaces/AAAApeopl07 alice@example.com")},
		{"Onboard itself", typed(sam, dmSpace, 1, "invite", strings.TrimPrefix(self, "/invite "), onboardMention(self))},
	}
	t.Run("paused", func(t *testing.T) {
		env, svc, conns := connectable(t, bot.Config{Paused: true})
		for _, p := range paths {
			if r := replyAs[bot.PausedReply](t, svc.Handle(ctx, p.in)); r.Problem != bot.ReasonPaused || !r.Private {
				t.Errorf("%s while paused: %+v, want the private paused answer", p.name, r)
			}
		}
		if asked := conns.signIns(); len(asked) != 0 {
			t.Errorf("%d sign-ins asked for while paused", len(asked))
		}
		if n := changes(env); n != 0 {
			t.Errorf("%d changes while paused", n)
		}
	})
	t.Run("not an allowed space", func(t *testing.T) {
		env, svc, conns := connectable(t, bot.Config{AllowedSpaces: []string{platform}})
		invite := replyAs[bot.InviteReply](t, svc.Handle(ctx, paths[1].in))
		if rf := invite.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNotAllowed {
			t.Errorf("admin access into People Ops: %+v, want not_allowed", invite.Report)
		}
		remove := replyAs[bot.RemoveReply](t, svc.Handle(ctx, paths[2].in))
		if rf := remove.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNotAllowed {
			t.Errorf("admin removal from People Ops: %+v, want not_allowed", remove.Report)
		}
		self := replyAs[bot.InviteReply](t, svc.Handle(ctx, paths[3].in))
		if rf := self.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNotAllowed {
			t.Errorf("Onboard into a DM not allowed: %+v, want not_allowed", self.Report)
		}
		if asked := conns.signIns(); len(asked) != 0 {
			t.Errorf("%d sign-ins asked for spaces not allowed", len(asked))
		}
		if n := changes(env); n != 0 {
			t.Errorf("%d changes in spaces not allowed", n)
		}
	})
}

// A command that stopped only to ask for a sign-in is given back to the
// person's limit: with one command a minute, sam may be asked to connect
// again and again and still run a command; the limit then holds.
func TestSignInIsNotChargedToTheCommandLimit(t *testing.T) {
	_, svc, _ := connectable(t, bot.Config{CommandsPerMinute: 1})
	ctx := context.Background()
	for i := range 3 {
		if r := svc.Handle(ctx, typed(sam, platformSpace, 1, "invite", "group:eng@example.com")); !isConnectReply(r) {
			t.Fatalf("group invite %d without a grant: %T, want a sign-in", i+1, r)
		}
	}
	if r := svc.Handle(ctx, typed(sam, platformSpace, 1, "invite", "carol@example.com")); !isResult(r) {
		t.Fatalf("an invite after three sign-ins: %T %+v, want it run", r, r)
	}
	replyAs[bot.LimitedReply](t, svc.Handle(ctx, typed(sam, platformSpace, 1, "invite", "bob@example.com")))
}

func isConnectReply(r bot.Reply) bool {
	_, ok := r.(bot.ConnectReply)
	return ok
}

// Once the grant covers what /connect asks for, /connect (as Chat sends it
// again after consent) says who is connected and asks nothing; admin
// access is asked for on top only with --admin.
func TestConnectAnswersOnceConnected(t *testing.T) {
	_, svc, conns := connectable(t, bot.Config{})
	ctx := context.Background()
	conns.grants[sam.Name] = bot.Connection{Email: "sam@example.com",
		Scopes: append([]string{"openid", "email"}, bot.EverydayScopes...)}
	r := replyAs[bot.ConnectionReply](t, svc.Handle(ctx, typed(sam, dmSpace, 12, "connect", "")))
	if r.Status.State != bot.Connected || r.Status.Email != "sam@example.com" || len(r.Status.Capabilities) != 3 {
		t.Errorf("/connect when connected: %+v, want connected as sam with three capabilities", r.Status)
	}
	if asked := conns.signIns(); len(asked) != 0 {
		t.Errorf("sam, connected, was asked to sign in for %q", asked[0].Scopes)
	}
	admin := replyAs[bot.ConnectReply](t, svc.Handle(ctx, typed(sam, dmSpace, 12, "connect", "--admin")))
	if !admin.Admin {
		t.Errorf("/connect --admin: %+v, want a sign-in for admin access", admin)
	}
	help := replyAs[bot.HelpReply](t, svc.Handle(ctx, typed(sam, dmSpace, 2, "help", "")))
	if help.Connection.State != bot.Connected || help.Connection.Email != "sam@example.com" ||
		!slices.Contains(help.Connection.Capabilities, bot.CanFindGroups) {
		t.Errorf("/help's connection: %+v, want sam's, with what it allows", help.Connection)
	}
}
