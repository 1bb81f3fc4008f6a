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

// dialog is a click inside the invite dialog (SUBMIT_DIALOG), or with
// event REQUEST_DIALOG a button that opens it.
func dialog(actor bot.User, space bot.Space, event bot.DialogEvent, function string, params map[string]string,
	form map[string][]string) bot.Interaction {
	in := click(actor, space, function, params, form)
	in.Dialog = event
	return in
}

// posted are the texts of the messages Onboard posted in space through
// the API.
func posted(env *testenv.Env, space string) []string {
	var out []string
	for _, m := range env.Fake.Messages(strings.TrimPrefix(space, "spaces/")) {
		out = append(out, m.Text)
	}
	return out
}

// waitPosted waits for a message in space whose text holds want.
func waitPosted(t *testing.T, env *testenv.Env, space, want string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, text := range posted(env, space) {
			if strings.Contains(text, want) {
				return
			}
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, not waiting for time to pass
	}
	t.Fatalf("no message holding %q in %s; posted: %q", want, space, posted(env, space))
}

// TestDialogOpens: /invite with nothing to invite offers the dialog; a
// command Chat opens a dialog for gets it, filled in with what was typed
// and never run; a command that has no dialog says so in one; from a
// direct message the dialog asks for a space, and an Onboard admin sees
// the plans.
func TestDialogOpens(t *testing.T) {
	env := testenv.New(t, bot.Config{Admins: []string{"sam@example.com"}}, testenv.Options{})
	ctx := context.Background()
	offer := replyAs[bot.InviteOfferReply](t, env.Bot.Handle(ctx, invite(dave, platformSpace, "")))
	if !offer.Private {
		t.Error("the offer of the dialog is shown to everyone")
	}
	typed := invite(dave, platformSpace, "carol@example.com @Alice Ng tomorrow", mention(alice, "Alice Ng", 18))
	typed.Dialog = bot.DialogRequest
	form := replyAs[bot.DialogReply](t, env.Bot.Handle(ctx, typed)).Form
	if form == nil || form.Addresses != alice+"\ncarol@example.com\ntomorrow" || !form.Pickers || form.AskSpace || form.Plans != nil {
		t.Errorf("dialog for a typed /invite: %+v, want its people filled in, pickers, no space to ask, no plans", form)
	}
	if n := len(callsOf(env, "chat.spaces.members.create")); n != 0 {
		t.Errorf("opening the dialog made %d members.create calls", n)
	}
	help := cmd(sam, platformSpace, 2, "help", "")
	help.Dialog = bot.DialogRequest
	if r := replyAs[bot.DialogReply](t, env.Bot.Handle(ctx, help)); r.NoDialog != bot.CmdHelp {
		t.Errorf("/help configured to open a dialog: %+v, want a dialog saying it has none", r)
	}
	env.Bot.Handle(ctx, cmd(sam, dmSpace, 4, "plan", "create engineering"))
	open := dialog(sam, dmSpace, bot.DialogRequest, "openInvite", nil, nil)
	form = replyAs[bot.DialogReply](t, env.Bot.Handle(ctx, open)).Form
	if form == nil || !form.AskSpace || len(form.Plans) != 1 || form.Plans[0] != "engineering" {
		t.Errorf("dialog from a DM for an Onboard admin: %+v, want a space to pick and the plans", form)
	}
	addon := open
	addon.Addon = true
	if f := replyAs[bot.DialogReply](t, env.Bot.Handle(ctx, addon)).Form; f == nil || f.Pickers {
		t.Errorf("dialog in the add-on envelope: %+v, want no pickers", f)
	}
}

// TestDialogSubmit: the picker's people and the pasted addresses are added
// as a typed /invite would add them, the dialog closes, and the result is
// posted in the space; entries that are not people, a person without the
// right, too many people, or the close icon change nothing.
func TestDialogSubmit(t *testing.T) {
	env := testenv.New(t, bot.Config{MaxPeople: 5}, testenv.Options{})
	ctx := context.Background()
	submit := func(actor bot.User, form map[string][]string) bot.Reply {
		return env.Bot.Handle(ctx, dialog(actor, platformSpace, bot.DialogSubmit, "submitInvite", nil, form))
	}
	refusals := []struct {
		name    string
		actor   bot.User
		form    map[string][]string
		reason  bot.Reason
		invalid []string
	}{
		{"not people", sam, map[string][]string{"people": {alice}, "addresses": {"carol@example.com, tomorrow\nnot-an@address"}},
			bot.ReasonInvalidEntries, []string{"tomorrow", "not-an@address"}},
		{"nobody", sam, map[string][]string{"people": {}, "addresses": {" "}}, bot.ReasonNoPeople, nil},
		{"a member under the managers policy", dave, map[string][]string{"addresses": {"carol@example.com"}}, bot.ReasonPolicy, nil},
		{"too many", sam, map[string][]string{"addresses": {"a@example.com b@example.com c@example.com d@example.com e@example.com f@example.com"}},
			bot.ReasonTooMany, nil},
	}
	for _, tc := range refusals {
		r := replyAs[bot.DialogStatusReply](t, submit(tc.actor, tc.form))
		if r.Problem == nil || r.Problem.Reason != tc.reason || fmt.Sprint(r.Invalid) != fmt.Sprint(tc.invalid) || r.Done != nil {
			t.Errorf("%s: %+v, want the dialog kept open for %s naming %q", tc.name, r, tc.reason, tc.invalid)
		}
	}
	cancelled := replyAs[bot.DialogStatusReply](t, env.Bot.Handle(ctx, dialog(sam, platformSpace, bot.DialogCancel, "", nil, nil)))
	if !cancelled.Cancelled {
		t.Errorf("close icon: %+v, want the dialog closed", cancelled)
	}
	if n := len(callsOf(env, "chat.spaces.members.create")); n != 0 {
		t.Fatalf("refused submits made %d members.create calls", n)
	}

	done := replyAs[bot.DialogStatusReply](t, submit(sam, map[string][]string{"people": {alice, bob}, "addresses": {"carol@example.com"}}))
	if done.Problem != nil || done.Done == nil {
		t.Fatalf("submit: %+v, want the dialog closed with what was done", done)
	}
	for user, want := range map[string]string{alice: "JOINED", bob: "INVITED", "carol@example.com": "JOINED"} {
		if st, _, _ := membership(env.Fake, platform, user); st != want {
			t.Errorf("%s: %q, want %s", user, st, want)
		}
	}
	waitPosted(t, env, platform, "Invite results")
}

// TestDialogPlan: an Onboard admin's plan choice makes the submit an
// /onboard of that plan; "no plan" is an /invite.
func TestDialogPlan(t *testing.T) {
	env := testenv.New(t, bot.Config{Admins: []string{"sam@example.com"}}, testenv.Options{})
	ctx := context.Background()
	env.Bot.Handle(ctx, cmd(sam, dmSpace, 4, "plan", "create engineering"))
	env.Bot.Handle(ctx, cmd(sam, dmSpace, 4, "plan", "add engineering "+group))
	submit := func(plan, who string) *bot.Batch {
		t.Helper()
		r := replyAs[bot.DialogStatusReply](t, env.Bot.Handle(ctx, dialog(sam, platformSpace, bot.DialogSubmit, "submitInvite",
			nil, map[string][]string{"plan": {plan}, "addresses": {who}})))
		if r.Done == nil {
			t.Fatalf("plan %q: %+v, want it done", plan, r)
		}
		return r.Done
	}
	if b := submit("engineering", "carol@example.com"); len(b.Items) != 1 || b.Items[0].Space.Name != group {
		t.Errorf("with the plan: %+v, want carol added to the plan's space", b.Items)
	}
	if b := submit("-", "alice@example.com"); len(b.Items) != 1 || b.Items[0].Space.Name != platform {
		t.Errorf("with no plan: %+v, want alice added where the dialog was opened", b.Items)
	}
}
