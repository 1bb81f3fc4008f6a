package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// cmd is the event of actor typing "/<name> <text>" in space.
func cmd(actor bot.User, space bot.Space, id int64, name, text string) bot.Interaction {
	return bot.Interaction{Kind: bot.EventMessage, ID: fmt.Sprintf("%s/messages/%s-%d", space.Name, name, time.Now().UnixNano()),
		Actor: actor, Space: space, CommandID: id, Text: strings.TrimSpace("/" + name + " " + text)}
}

func click(actor bot.User, space bot.Space, function string, params map[string]string, form map[string][]string) bot.Interaction {
	return bot.Interaction{Kind: bot.EventCardClicked, Actor: actor, Space: space,
		Action: &bot.Action{Function: function, Parameters: params, Form: form}}
}

// auditRefusals counts "refused" audit entries by actor.
func auditRefusals(t *testing.T, env *testenv.Env, actor string) int {
	t.Helper()
	entries, err := env.Store.Query(context.Background(), bot.AuditQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Actor == actor && e.Outcome == bot.Refused {
			n++
		}
	}
	return n
}

func deletes(env *testenv.Env) int {
	n := 0
	for _, c := range env.Fake.Calls() {
		if c.Method == "chat.spaces.members.delete" && c.Status == 200 {
			n++
		}
	}
	return n
}

// TestMemberCannotChangeMembershipsByAnyRoute: a basic member of a
// managers-only space tries every route that exists; nothing changes, and
// each refusal leaves exactly one audit entry.
func TestMemberCannotChangeMembershipsByAnyRoute(t *testing.T) {
	env := testenv.New(t, bot.Config{Admins: []string{"sam@example.com"}}, testenv.Options{})
	ctx := context.Background()
	// sam (owner) adds carol, and sets up a plan with the space.
	r := replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com")))
	if r.UndoBatch == "" {
		t.Fatalf("sam's invite: %+v, want a result with an Undo offer", r)
	}
	samBatch := r.UndoBatch
	env.Bot.Handle(ctx, cmd(sam, platformSpace, 4, "plan", "create eng"))
	env.Bot.Handle(ctx, cmd(sam, platformSpace, 4, "plan", "add eng spaces/AAAAonbrd01"))
	before := env.Fake.State()
	creates, removals := len(callsOf(env, "chat.spaces.members.create")), deletes(env)

	routes := []struct {
		name string
		in   bot.Interaction
	}{
		{"/invite", invite(dave, platformSpace, "erin@example.com @Alice Ng", mention(alice, "Alice Ng", 18))},
		{"/remove", cmd(dave, platformSpace, 6, "remove", "carol@example.com")},
		{"/onboard with a plan", cmd(dave, platformSpace, 3, "onboard", "bob@example.com eng")},
		{"Undo button on sam's result", click(dave, platformSpace, "undo", map[string]string{"batch": samBatch}, nil)},
		{"settings form opening the space", click(dave, platformSpace, "saveSettings", map[string]string{"space": platform},
			map[string][]string{"invitePolicy": {"members"}})},
		{"/settings text", cmd(dave, platformSpace, 7, "settings", "invite=members")},
		{"/pause", cmd(dave, platformSpace, 9, "pause", "")},
	}
	for _, route := range routes {
		t.Run(route.name, func(t *testing.T) {
			refusedBefore := auditRefusals(t, env, dave.Name)
			env.Bot.Handle(ctx, route.in)
			if got := auditRefusals(t, env, dave.Name) - refusedBefore; got != 1 {
				t.Errorf("%d refused audit entries for this attempt, want exactly 1", got)
			}
		})
	}
	if n := len(callsOf(env, "chat.spaces.members.create")); n != creates {
		t.Errorf("dave's attempts made %d members.create calls", n-creates)
	}
	if n := deletes(env); n != removals {
		t.Errorf("dave's attempts removed %d people", n-removals)
	}
	if diff := diffMembers(before, env.Fake.State()); diff != "" {
		t.Errorf("memberships changed:\n%s", diff)
	}
	st, err := env.Store.SpaceSettings(ctx, platform)
	if err != nil || st.InvitePolicy != "" {
		t.Errorf("settings changed by a member: %+v %v", st, err)
	}
	if p, _ := env.Store.Paused(ctx); p {
		t.Error("a member paused Onboard")
	}
}

func callsOf(env *testenv.Env, method string) []string {
	var out []string
	for _, c := range env.Fake.Calls() {
		if c.Method == method {
			out = append(out, c.Path)
		}
	}
	return out
}

func diffMembers(a, b any) string {
	as, bs := fmt.Sprintf("%+v", a), fmt.Sprintf("%+v", b)
	if as == bs {
		return ""
	}
	return "before: " + as + "\nafter:  " + bs
}
