package bot_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
	"github.com/onboard-chat/onboard/internal/jobs"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// changingCalls are the calls Onboard made to Google that change something:
// anything but reading.
func changingCalls(env *testenv.Env) []string {
	var out []string
	for _, c := range env.Fake.Calls() {
		if !strings.HasSuffix(c.Method, ".get") && !strings.HasSuffix(c.Method, ".list") {
			out = append(out, c.Method)
		}
	}
	return out
}

// withPlan is an env where sam, an Onboard admin, has the plan eng over
// Platform Team and the group chat.
func withPlan(t *testing.T, cfg bot.Config) *testenv.Env {
	t.Helper()
	cfg.Admins, cfg.SyncWait = []string{"sam@example.com"}, waitsForWork
	env := testenv.New(t, cfg, testenv.Options{Jobs: jobs.Config{WritesPerMinute: 6000}})
	for _, line := range []string{"create eng", "add eng " + platform, "add eng " + group} {
		if r := replyAs[bot.PlanReply](t, env.Bot.Handle(context.Background(), cmd(sam, dmSpace, 4, "plan", line))); r.Problem != "" {
			t.Fatalf("/plan %s: %s", line, r.Problem)
		}
	}
	return env
}

// TestOnboardPreviewsThenRunsOnce: /onboard of more people than
// PREVIEW_OVER shows its asker a preview and changes nothing — no batch,
// no call that adds anyone or posts anything; Confirm, clicked twice at
// once, adds each person to each plan space once.
func TestOnboardPreviewsThenRunsOnce(t *testing.T) {
	env := withPlan(t, bot.Config{PreviewOver: 3})
	ctx := context.Background()
	before := len(changingCalls(env))
	p := previewOf(t, env, cmd(sam, platformSpace, 3, "onboard", "eng "+addresses(4, "hire")))
	if p.Command != bot.CmdOnboard || p.Plan != "eng" || p.People != 5 {
		t.Fatalf("preview: %s of plan %q, %d people; want onboard of eng, 5 people", p.Command, p.Plan, p.People)
	}
	if made := changingCalls(env)[before:]; len(made) != 0 {
		t.Fatalf("the preview made calls that change things: %q", made)
	}
	if b := batchesOf(t, env, sam); len(b) != 0 {
		t.Fatalf("the preview saved %d batches", len(b))
	}

	replies := make([]bot.Reply, 2)
	var wg sync.WaitGroup
	for i := range replies {
		wg.Add(1)
		go func() { defer wg.Done(); replies[i] = env.Bot.Handle(ctx, confirm(sam, p.ID)) }()
	}
	wg.Wait()
	for i, r := range replies {
		if settled, ok := replyAs[bot.UpdateReply](t, r).Of.(bot.PreviewReply); !ok || settled.Preview.State != bot.PreviewConfirmed {
			t.Errorf("Confirm %d: %+v, want the preview confirmed", i, r)
		}
	}
	saved := batchesOf(t, env, sam)
	if len(saved) != 1 {
		t.Fatalf("two Confirms saved %d batches, want 1", len(saved))
	}
	finished(t, env, saved[0].ID)
	for _, who := range []string{"hire0@example.com", "hire3@example.com"} {
		for _, space := range []string{platform, group} {
			if n := createsIn(env, space, who); n != 1 {
				t.Errorf("%s in %s: %d members.create calls, want 1", who, space, n)
			}
		}
	}
}

// createsIn counts the members.create calls in space whose body holds s.
func createsIn(env *testenv.Env, space, s string) int {
	n := 0
	for _, c := range env.Fake.Calls() {
		if c.Method == "chat.spaces.members.create" && strings.Contains(c.Path, space+"/") && strings.Contains(string(c.Body), s) {
			n++
		}
	}
	return n
}

// TestOnboardConfiguredToOpenADialog: /onboard that Chat's console opens
// a dialog for gets the dialog, its plan and people filled in, and
// changes nothing.
func TestOnboardConfiguredToOpenADialog(t *testing.T) {
	env := withPlan(t, bot.Config{})
	before := len(changingCalls(env))
	in := cmd(sam, platformSpace, 3, "onboard", "eng carol@example.com")
	in.Dialog = bot.DialogRequest
	form := replyAs[bot.DialogReply](t, env.Bot.Handle(context.Background(), in)).Form
	if form == nil || form.Plan != "eng" || form.Addresses != "carol@example.com" || len(form.Plans) != 1 {
		t.Errorf("dialog for a typed /onboard: %+v, want plan eng chosen among the plans and carol filled in", form)
	}
	if made := changingCalls(env)[before:]; len(made) != 0 {
		t.Errorf("opening the dialog made calls that change things: %q", made)
	}
	if b := batchesOf(t, env, sam); len(b) != 0 {
		t.Errorf("opening the dialog saved %d batches", len(b))
	}
}

// TestDialogFromADirectMessageInvitesIntoThePickedSpace: the dialog opened
// in a direct message with Onboard asks for a space; submitting it with
// Platform Team picked adds the people there, and the result is posted
// where the dialog was opened.
func TestDialogFromADirectMessageInvitesIntoThePickedSpace(t *testing.T) {
	env := testenv.New(t, bot.Config{}, testenv.Options{})
	ctx := context.Background()
	form := replyAs[bot.DialogReply](t, env.Bot.Handle(ctx, dialog(sam, dmSpace, bot.DialogRequest, "openInvite", nil, nil))).Form
	if form == nil || !form.AskSpace {
		t.Fatalf("dialog in a direct message: %+v, want it to ask for a space", form)
	}
	done := replyAs[bot.DialogStatusReply](t, env.Bot.Handle(ctx, dialog(sam, dmSpace, bot.DialogSubmit, "submitInvite", nil,
		map[string][]string{"space": {platform}, "people": {alice}})))
	if done.Problem != nil || done.Done == nil || len(done.Done.Items) != 1 || done.Done.Items[0].Space.Name != platform {
		t.Fatalf("submit with Platform Team picked: %+v, want alice's invite into it done", done)
	}
	if st, _, _ := membership(env.Fake, platform, alice); st != "JOINED" {
		t.Errorf("alice in Platform Team: %q, want JOINED", st)
	}
	waitPosted(t, env, dmSpace.Name, "Invite results")
}

// TestPublicResultInTheAskersLanguage: where the space sets no locale=,
// the result everyone reads — and the progress the batch keeps — is in
// the asker's language, ahead of DEFAULT_LOCALE; an asker whose language
// Chat did not send gets DEFAULT_LOCALE.
func TestPublicResultInTheAskersLanguage(t *testing.T) {
	env := testenv.New(t, bot.Config{Locales: []string{"en", "zh-TW"}, DefaultLocale: "en"}, testenv.Options{})
	ctx := context.Background()
	r := replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, speaking(invite(sam, platformSpace, "@Alice Ng", mention(alice, "Alice Ng", 0)), "zh-TW", "")))
	if r.Private || r.Locale != "zh-TW" {
		t.Errorf("result: private %v, locale %q; want a public result in zh-TW", r.Private, r.Locale)
	}
	if m := cards.Reply(r); !strings.Contains(m.Text, "邀請結果") {
		t.Errorf("the result card reads %q, want it in Traditional Chinese (邀請結果)", m.Text)
	}
	if b, err := env.Store.Batch(ctx, r.Batch.ID); err != nil || b.Locale != "zh-TW" {
		t.Errorf("the batch's progress is read in %q (%v), want zh-TW", b.Locale, err)
	}

	r = replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "@Bob Ortiz", mention(bob, "Bob Ortiz", 0))))
	if r.Locale != "en" {
		t.Errorf("result for an asker whose language is not known: %q, want DEFAULT_LOCALE (en)", r.Locale)
	}
}

// TestMentionAndAddressOfOnePersonMakeOneRow: "/invite @Alice Ng
// alice@example.com" names Alice twice; the result card shows her once,
// under the name she was mentioned by, and counts her once — whichever
// naming Chat answered first, and when she was in the space already.
func TestMentionAndAddressOfOnePersonMakeOneRow(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, text string
		at         int // where the mention starts
		before     bool
		summary    string
	}{
		{"mention first", "@Alice Ng alice@example.com", 0, false, ": 1 added"},
		{"address first", "alice@example.com @Alice Ng", 18, false, ": 1 added"},
		{"in the space already", "@Alice Ng alice@example.com", 0, true, ": 1 already there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testenv.New(t, bot.Config{}, testenv.Options{})
			if tt.before {
				replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "alice@example.com")))
			}
			r := env.Bot.Handle(ctx, invite(sam, platformSpace, tt.text, mention(alice, "Alice Ng", tt.at)))
			m := cards.Reply(replyAs[bot.BatchReply](t, r))
			var rows []string
			for _, c := range m.CardsV2 {
				for _, s := range c.Card.Sections {
					for _, w := range s.Widgets {
						if d := w.DecoratedText; d != nil && (strings.Contains(d.Text, "Alice") || strings.Contains(d.Text, "alice@")) {
							rows = append(rows, d.TopLabel+": "+d.Text)
						}
					}
				}
			}
			if len(rows) != 1 || !strings.HasSuffix(rows[0], ": Alice Ng") {
				t.Errorf("rows for Alice: %q, want one, under her name", rows)
			}
			if !strings.HasSuffix(m.Text, tt.summary) {
				t.Errorf("summary %q, want Alice counted once (%q)", m.Text, tt.summary)
			}
		})
	}
}

// outsiderRows are the details of erin's rows on r's card: she is
// outside the organisation, so Onboard cannot add her.
func outsiderRows(t *testing.T, r bot.Reply) []string {
	t.Helper()
	var rows []string
	for _, c := range cards.Reply(r).CardsV2 {
		for _, s := range c.Card.Sections {
			for _, w := range s.Widgets {
				if d := w.DecoratedText; d != nil && d.Text == "erin@partner.test" {
					rows = append(rows, d.BottomLabel)
				}
			}
		}
	}
	if len(rows) == 0 {
		t.Fatal("no row for erin")
	}
	return rows
}

// TestOutsiderRemedyFollowsTheAskersRole: someone outside the
// organisation cannot be added by Onboard; the row tells a space manager,
// or anyone in a group chat, to add them in Chat themselves, and a plain
// member to ask a space manager — from the role Onboard read for the
// invite policy. Where it read none (an Onboard admin's plan) it says who
// may.
func TestOutsiderRemedyFollowsTheAskersRole(t *testing.T) {
	env := withPlan(t, bot.Config{Policy: bot.PolicyMembers, PreviewOver: 2})
	ctx := context.Background()
	const yourself, askAManager = "You can add them yourself in Chat", "Ask a space manager to add them in Chat"
	tests := []struct {
		name  string
		actor bot.User
		space bot.Space
		want  string
	}{
		{"a manager", sam, platformSpace, yourself},
		{"a plain member", dave, platformSpace, askAManager},
		{"a member of a group chat", dave, groupSpace, yourself},
	}
	for _, tt := range tests {
		r := env.Bot.Handle(ctx, invite(tt.actor, tt.space, "erin@partner.test"))
		if rows := outsiderRows(t, replyAs[bot.BatchReply](t, r)); len(rows) != 1 || !strings.Contains(rows[0], tt.want) {
			t.Errorf("%s's result: erin's rows say %q, want one saying %q", tt.name, rows, tt.want)
		}
	}
	p := env.Bot.Handle(ctx, invite(dave, platformSpace, "erin@partner.test carol@example.com bob@example.com"))
	if rows := outsiderRows(t, replyAs[bot.PreviewReply](t, p)); len(rows) != 1 || !strings.Contains(rows[0], askAManager) {
		t.Errorf("a plain member's preview: erin's rows say %q, want one saying %q", rows, askAManager)
	}
	plan := env.Bot.Handle(ctx, cmd(sam, platformSpace, 3, "onboard", "eng erin@partner.test"))
	for _, row := range outsiderRows(t, replyAs[bot.BatchReply](t, plan)) {
		if strings.Contains(row, yourself) || strings.Contains(row, askAManager) || !strings.Contains(row, "Whoever may add people") {
			t.Errorf("an Onboard admin's plan: erin's row says %q, want who may add her", row)
		}
	}
}
