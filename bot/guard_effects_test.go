package bot_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/jobs"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// TestSettingsChangeWhoMayInviteAndWhom: a manager's /settings takes
// effect — members may invite, and typed addresses outside the allowed
// domains are refused per person before any API call.
func TestSettingsChangeWhoMayInviteAndWhom(t *testing.T) {
	env := testenv.New(t, bot.Config{OrgDomains: []string{"example.com", "example.org"}}, testenv.Options{})
	ctx := context.Background()
	settings := replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "invite=members domains=example.com max=3")))
	if !settings.Saved || settings.Problem != "" {
		t.Fatalf("sam's /settings: saved %v problem %q", settings.Saved, settings.Problem)
	}
	creates := len(callsOf(env, "chat.spaces.members.create"))
	r := env.Bot.Handle(ctx, invite(dave, platformSpace, "carol@example.com someone@example.org"))
	want := []outcome{{"carol@example.com", bot.Joined, ""}, {"someone@example.org", bot.Refused, bot.ReasonDomain}}
	if got := outcomes(r); !equalOutcomes(got, want) {
		t.Errorf("dave's invite after invite=members: %v, want %v", got, want)
	}
	if n := len(callsOf(env, "chat.spaces.members.create")) - creates; n != 1 {
		t.Errorf("%d members.create calls, want 1 (the refused domain costs none)", n)
	}
	tooMany := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, invite(dave, platformSpace, "a@example.com b@example.com c@example.com d@example.com")))
	if rf := tooMany.Report.Refusal; rf == nil || rf.Reason != bot.ReasonTooMany || rf.Limit != 3 {
		t.Errorf("four people with max=3: %+v, want too_many with limit 3", tooMany.Report)
	}
	bad := replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "plans=sometimes")))
	if bad.Problem != bot.ReasonBadSettings {
		t.Errorf("bad /settings input: problem %q, want bad_settings", bad.Problem)
	}
}

// TestRemoveAndUndo: managers remove; the requester undoes their own
// additions, which replaces the result card with what was removed (and
// no Undo); a second Undo says it was undone already and removes
// nothing; removal outcomes are reported and audited.
func TestRemoveAndUndo(t *testing.T) {
	env := testenv.New(t, bot.Config{}, testenv.Options{})
	ctx := context.Background()
	added := replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com @Alice Ng", mention(alice, "Alice Ng", 18))))
	if added.UndoBatch == "" {
		t.Fatal("no Undo offered on a result that added people")
	}
	update := replyAs[bot.UpdateReply](t, env.Bot.Handle(ctx, click(sam, platformSpace, "undo", map[string]string{"batch": added.UndoBatch}, nil)))
	undone, ok := update.Of.(bot.RemoveReply)
	if !ok || undone.Report.Refusal != nil || !undone.Undone || update.Private {
		t.Fatalf("undo: %+v, want the result card replaced, for everyone, by what was removed", update)
	}
	again := replyAs[bot.RemoveReply](t, env.Bot.Handle(ctx, click(sam, platformSpace, "undo", map[string]string{"batch": added.UndoBatch}, nil)))
	if rf := again.Report.Refusal; rf == nil || rf.Reason != bot.ReasonAlreadyUndone || !again.Private {
		t.Errorf("second undo: %+v, want a private \"already undone\"", again)
	}
	for _, p := range undone.Report.People {
		if p.Outcome != bot.Removed {
			t.Errorf("undo: %s %s/%s, want removed", p.Target.Display, p.Outcome, p.Reason)
		}
	}
	for _, u := range []string{"carol@example.com", alice} {
		if _, _, ok := membership(env.Fake, platform, u); ok {
			t.Errorf("%s is still a member after Undo", u)
		}
	}
	env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com"))
	got := outcomes(env.Bot.Handle(ctx, cmd(sam, platformSpace, 6, "remove", "carol@example.com sam@example.com")))
	if len(got) == 0 || got[0] != (outcome{"carol@example.com", bot.Removed, ""}) {
		t.Errorf("/remove: %v, want carol removed", got)
	}
	entries, err := env.Store.Query(ctx, bot.AuditQuery{Space: platform, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	removed := 0
	for _, e := range entries {
		if e.Outcome == bot.Removed {
			removed++
		}
	}
	if removed != 3 {
		t.Errorf("%d removal audit entries, want 3 (two by Undo, one by /remove)", removed)
	}
}

// TestKillSwitchAllowListAndRateLimit: Onboard admins pause and resume;
// the environment override always pauses; the allow-list and the per-person
// command limit refuse with their own answers.
func TestKillSwitchAllowListAndRateLimit(t *testing.T) {
	ctx := context.Background()
	t.Run("pause and resume", func(t *testing.T) {
		env := testenv.New(t, bot.Config{Admins: []string{"sam@example.com"}}, testenv.Options{})
		if r := replyAs[bot.PausedReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 9, "pause", ""))); !r.Paused {
			t.Fatalf("/pause: %+v", r)
		}
		if r := replyAs[bot.PausedReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com"))); r.Problem != bot.ReasonPaused {
			t.Errorf("invite while paused: problem %q, want the paused card", r.Problem)
		}
		if n := len(callsOf(env, "chat.spaces.members.create")); n != 0 {
			t.Errorf("%d creates while paused", n)
		}
		env.Bot.Handle(ctx, cmd(sam, platformSpace, 10, "resume", ""))
		if got := outcomes(env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com"))); len(got) != 1 || got[0].Outcome != bot.Joined {
			t.Errorf("invite after /resume: %v, want carol joined", got)
		}
	})
	t.Run("environment override", func(t *testing.T) {
		env := testenv.New(t, bot.Config{Paused: true, Admins: []string{"sam@example.com"}}, testenv.Options{})
		env.Bot.Handle(ctx, cmd(sam, platformSpace, 10, "resume", ""))
		if r := replyAs[bot.PausedReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com"))); r.Problem != bot.ReasonPaused {
			t.Errorf("ONBOARD_PAUSED then /resume: problem %q, want paused", r.Problem)
		}
	})
	t.Run("allow-list", func(t *testing.T) {
		env := testenv.New(t, bot.Config{AllowedSpaces: []string{group}}, testenv.Options{})
		r := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com")))
		if r.Report.Refusal == nil || r.Report.Refusal.Reason != bot.ReasonNotAllowed {
			t.Errorf("invite outside the allow-list: %+v", r.Report)
		}
	})
	t.Run("per-person command limit", func(t *testing.T) {
		env := testenv.New(t, bot.Config{CommandsPerMinute: 2}, testenv.Options{})
		env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", ""))
		env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", ""))
		if r, ok := env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", "")).(bot.LimitedReply); !ok || r.RetryAfter <= 0 {
			t.Errorf("third command in a minute: %+v, want the limited card", r)
		}
		if _, limited := env.Bot.Handle(ctx, cmd(dave, platformSpace, 5, "status", "")).(bot.LimitedReply); limited {
			t.Error("another person was limited too")
		}
	})
}

func equalOutcomes(a, b []outcome) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestAuditAndSpacesCommands: a space's managers read its audit entries;
// members may not; Onboard admins read everything and list Onboard's
// spaces.
func TestAuditAndSpacesCommands(t *testing.T) {
	env := testenv.New(t, bot.Config{Admins: []string{"sam@example.com"}}, testenv.Options{})
	ctx := context.Background()
	env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com"))
	env.Bot.Handle(ctx, invite(sam, groupSpace, "alice@example.com"))

	r := replyAs[bot.AuditReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 8, "audit", "")))
	if r.Scope != platform || len(r.Entries) == 0 {
		t.Fatalf("manager's /audit: scope %q entries %d", r.Scope, len(r.Entries))
	}
	for _, e := range r.Entries {
		if e.Space != platform {
			t.Errorf("/audit in Platform Team shows an entry of %s", e.Space)
		}
	}
	if r := replyAs[bot.AuditReply](t, env.Bot.Handle(ctx, cmd(dave, platformSpace, 8, "audit", ""))); r.Problem == "" || len(r.Entries) != 0 {
		t.Errorf("member's /audit: problem %q, %d entries; want a refusal", r.Problem, len(r.Entries))
	}
	r = replyAs[bot.AuditReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 8, "audit", "all")))
	spaces := map[string]bool{}
	for _, e := range r.Entries {
		spaces[e.Space] = true
	}
	if r.Scope != "all" || !spaces[platform] || !spaces[group] {
		t.Errorf("admin's /audit all: scope %q spaces %v, want both spaces", r.Scope, spaces)
	}
	r = replyAs[bot.AuditReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 8, "audit", "carol@example.com")))
	if len(r.Entries) == 0 {
		t.Error("/audit carol@example.com finds nothing about carol, whom sam added")
	}
	for _, e := range r.Entries {
		if !strings.Contains(e.Person, "444444444444444444444") && !strings.Contains(e.Person, "carol") {
			t.Errorf("/audit carol shows an entry about %q", e.Person)
		}
	}

	if r := replyAs[bot.SpacesReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 11, "spaces", ""))); len(r.Spaces) == 0 {
		t.Errorf("admin's /spaces: %d spaces", len(r.Spaces))
	}
	if r := replyAs[bot.SpacesReply](t, env.Bot.Handle(ctx, cmd(dave, platformSpace, 11, "spaces", ""))); r.Problem != bot.ReasonNotAdmin {
		t.Errorf("member's /spaces: problem %q, want not_admin", r.Problem)
	}
}

// TestSpaceDomainsNeverWidenTheOrganisation: a space's /settings cannot
// allow a domain outside the organisation, and a setting that does (saved
// before this rule, or written straight to the database) still never lets
// Onboard's own authority reach outside it: the address is "not added —
// outside the organisation" with no API call.
func TestSpaceDomainsNeverWidenTheOrganisation(t *testing.T) {
	env := testenv.New(t, bot.Config{OrgDomains: []string{"example.com"}}, testenv.Options{})
	ctx := context.Background()
	r := replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "domains=example.com,evil.test")))
	if r.Problem != bot.ReasonDomainOutsideOrg || r.Saved {
		t.Fatalf("/settings domains=example.com,evil.test: problem %q saved %v, want %s and nothing saved",
			r.Problem, r.Saved, bot.ReasonDomainOutsideOrg)
	}
	r = replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, click(sam, platformSpace, "saveSettings", map[string]string{"space": platform},
		map[string][]string{"allowedDomains": {"evil.test"}})))
	if r.Problem != bot.ReasonDomainOutsideOrg {
		t.Errorf("the settings form with evil.test: problem %q, want %s", r.Problem, bot.ReasonDomainOutsideOrg)
	}
	if st, err := env.Store.SpaceSettings(ctx, platform); err != nil || len(st.AllowedDomains) != 0 {
		t.Fatalf("saved settings %+v (%v), want none", st, err)
	}

	if err := env.Store.SaveSpaceSettings(ctx, bot.SpaceSettings{Space: platform,
		AllowedDomains: []string{"evil.test"}, UpdatedBy: sam.Name}); err != nil {
		t.Fatal(err)
	}
	creates := len(callsOf(env, "chat.spaces.members.create"))
	want := []outcome{{"eve@evil.test", bot.NotAdded, bot.ReasonExternal}, {"carol@example.com", bot.Refused, bot.ReasonDomain}}
	if got := outcomes(env.Bot.Handle(ctx, invite(sam, platformSpace, "eve@evil.test carol@example.com"))); !equalOutcomes(got, want) {
		t.Errorf("invite with domains=evil.test saved: %v, want %v", got, want)
	}
	if n := len(callsOf(env, "chat.spaces.members.create")) - creates; n != 0 {
		t.Errorf("%d members.create calls, want none: Onboard's authority must not reach evil.test", n)
	}
	entries, err := env.Store.Query(ctx, bot.AuditQuery{Space: platform, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	refused := 0
	for _, e := range entries {
		if e.Command == "settings" && e.Reason == bot.ReasonDomainOutsideOrg {
			refused++
		}
	}
	if refused != 2 {
		t.Errorf("%d audited settings refusals, want 2 (the command and the form)", refused)
	}
}

// TestSettingsTakeSeveralDomains: "domains=a,b" — the syntax the settings
// card shows — is one setting with two domains, not a setting and a stray
// word (commands split people at commas; settings must not).
func TestSettingsTakeSeveralDomains(t *testing.T) {
	env := testenv.New(t, bot.Config{OrgDomains: []string{"example.com", "example.org"}}, testenv.Options{})
	r := replyAs[bot.SettingsReply](t, env.Bot.Handle(context.Background(), cmd(sam, platformSpace, 7, "settings", "domains=example.com,example.org max=20")))
	if !r.Saved || r.Problem != "" {
		t.Fatalf("/settings domains=example.com,example.org: saved %v problem %q", r.Saved, r.Problem)
	}
	if got := r.Settings.AllowedDomains; len(got) != 2 || got[0] != "example.com" || got[1] != "example.org" {
		t.Errorf("allowed domains %v, want [example.com example.org]", got)
	}
}

// TestRedeliveryIsNotANewCommand: Chat may send the same message again
// (a timeout, a retry). A message whose work is saved answers from it and
// does not count against the person's command limit — 35 redeliveries of
// one /invite are one command, never "too many commands".
func TestRedeliveryIsNotANewCommand(t *testing.T) {
	env := testenv.New(t, bot.Config{CommandsPerMinute: 3}, testenv.Options{})
	ctx := context.Background()
	in := invite(sam, platformSpace, "carol@example.com")
	for i := 0; i < 35; i++ {
		r := env.Bot.Handle(ctx, in)
		if _, limited := r.(bot.LimitedReply); limited {
			t.Fatalf("redelivery %d answered with the command limit", i+1)
		}
		if got := outcomes(r); len(got) != 1 || got[0].Outcome != bot.Joined {
			t.Fatalf("redelivery %d: %v, want carol joined", i+1, got)
		}
	}
	if n := len(callsOf(env, "chat.spaces.members.create")); n != 1 {
		t.Errorf("%d members.create calls, want 1", n)
	}
	// The limit still counts new commands: the first one used one of three.
	env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", ""))
	env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", ""))
	if r, limited := env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", "")).(bot.LimitedReply); !limited {
		t.Errorf("fourth new command in a minute: %+v, want the limited card", r)
	}
}

// TestSettingsShowRulesInForceByName: /settings shows the space by name,
// the rules that actually apply and where each comes from, who changed
// them by name — also when read from another space — and which part of
// a bad line was wrong.
func TestSettingsShowRulesInForceByName(t *testing.T) {
	env := testenv.New(t, bot.Config{OrgDomains: []string{"example.com"}, MaxPeople: 200}, testenv.Options{})
	ctx := context.Background()
	before := replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "")))
	wantDefaults := bot.RulesInForce{Invite: bot.PolicyManagers, InviteFrom: bot.FromOnboard, Remove: bot.PolicyManagers,
		RemoveFrom: bot.FromOnboard, Domains: []string{"example.com"}, DomainsFrom: bot.FromOrganisation, Max: 200,
		MaxFrom: bot.FromOnboard, Plans: true, PlansFrom: bot.FromOnboard, Preview: bot.DefaultPreviewOver,
		PreviewFrom: bot.FromOnboard, LocaleFrom: bot.FromOnboard}
	if diff := cmp.Diff(wantDefaults, before.InForce); diff != "" || before.Space.DisplayName != "Platform Team" {
		t.Errorf("untouched space: %q, in force (-want +got):\n%s", before.Space.DisplayName, diff)
	}
	saved := replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "invite=members max=900")))
	if saved.Problem != bot.ReasonBadSettings || len(saved.Mistakes) != 1 || saved.Mistakes[0].Part != "max=900" {
		t.Errorf("max=900: problem %q, mistakes %+v; want the one part named", saved.Problem, saved.Mistakes)
	}
	saved = replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 7, "settings", "invite=members max=20")))
	if !saved.Saved || saved.InForce.Invite != bot.PolicyMembers || saved.InForce.InviteFrom != bot.FromSpace ||
		saved.InForce.Max != 20 || saved.InForce.RemoveFrom != bot.FromOnboard || saved.Defaults.Max != 200 {
		t.Errorf("after invite=members max=20: %+v", saved)
	}
	// Read back later, from a direct message naming the space.
	dm := bot.Space{Name: "spaces/DM-sam", Type: bot.SpaceDM}
	later := replyAs[bot.SettingsReply](t, env.Bot.Handle(ctx, cmd(sam, dm, 7, "settings", platform)))
	if later.Settings == nil || later.Settings.UpdatedByName != "Sam Rivera" || later.Space.DisplayName != "Platform Team" {
		t.Errorf("read from a DM: %+v, want Platform Team changed by Sam Rivera", later)
	}
}

// TestStatusCancelSaysWhatItStopped: cancelling a running job says how
// many people it will not add; cancelling it again, or a finished job,
// says nothing was cancelled.
func TestStatusCancelSaysWhatItStopped(t *testing.T) {
	// One write a minute: all but the first person wait their turn.
	env := testenv.New(t, bot.Config{SyncWait: time.Millisecond}, testenv.Options{Jobs: jobs.Config{WritesPerMinute: 1}})
	ctx := context.Background()
	working := replyAs[bot.WorkingReply](t, env.Bot.Handle(ctx,
		invite(sam, platformSpace, "a@example.com b@example.com c@example.com d@example.com")))
	id := working.Batch.ID
	first := replyAs[bot.StatusReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", "cancel "+id)))
	c := first.Cancel
	if c == nil || c.AlreadyDone || len(first.Batches) != 1 {
		t.Fatalf("cancelling a running job of 4 (one a minute): %+v, want it stopped", first)
	}
	ended := 0 // people whose own outcome came before the cancel
	for _, it := range first.Batches[0].Items {
		if it.Result.Reason != bot.ReasonByRequester && it.Result.Outcome.Final() {
			ended++
		}
	}
	if c.Stopped < 1 || c.Stopped+ended != 4 {
		t.Errorf("cancelling a running job of 4 (one a minute): %d stopped and %d ended before, want the rest of the 4 stopped",
			c.Stopped, ended)
	}
	again := replyAs[bot.StatusReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 5, "status", "cancel "+id)))
	if c := again.Cancel; c == nil || !c.AlreadyDone || c.Stopped != 0 {
		t.Errorf("cancelling it again: %+v, want nothing cancelled", again.Cancel)
	}
}

// TestNamingOnlyYourselfSaysSo: "/remove sam@…" by Sam, or "/invite
// @Sam", is refused as naming only the asker — not as naming nobody.
func TestNamingOnlyYourselfSaysSo(t *testing.T) {
	env := testenv.New(t, bot.Config{}, testenv.Options{})
	ctx := context.Background()
	rm := replyAs[bot.RemoveReply](t, env.Bot.Handle(ctx, cmd(sam, platformSpace, 6, "remove", "sam@example.com")))
	if rf := rm.Report.Refusal; rf == nil || rf.Reason != bot.ReasonInvoker {
		t.Errorf("/remove of oneself: %+v, want refused as naming only the asker", rm.Report.Refusal)
	}
	in := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "@Sam Rivera", mention(sam.Name, "Sam Rivera", 0))))
	if rf := in.Report.Refusal; rf == nil || rf.Reason != bot.ReasonInvoker {
		t.Errorf("/invite of oneself: %+v, want refused as naming only the asker", in.Report.Refusal)
	}
	other := replyAs[bot.InviteReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "hello")))
	if rf := other.Report.Refusal; rf == nil || rf.Reason != bot.ReasonNoPeople {
		t.Errorf("/invite of a word that is nobody: %+v, want no_people", other.Report.Refusal)
	}
}

// TestUndoByAMemberNamesTheirRole: a plain member's Undo of someone
// else's result is refused for their role, which the refusal names (not
// "not known"), and changes nothing.
func TestUndoByAMemberNamesTheirRole(t *testing.T) {
	env := testenv.New(t, bot.Config{}, testenv.Options{})
	ctx := context.Background()
	added := replyAs[bot.BatchReply](t, env.Bot.Handle(ctx, invite(sam, platformSpace, "carol@example.com")))
	r := replyAs[bot.RemoveReply](t, env.Bot.Handle(ctx, click(dave, platformSpace, "undo", map[string]string{"batch": added.UndoBatch}, nil)))
	rf := r.Report.Refusal
	if rf == nil || rf.Reason != bot.ReasonPolicy || rf.Role != bot.RoleMember || rf.Policy != bot.PolicyManagers {
		t.Errorf("dave's Undo: %+v, want refused for his member role under managers-only removal", rf)
	}
	if _, _, ok := membership(env.Fake, platform, "carol@example.com"); !ok {
		t.Error("dave's refused Undo removed carol")
	}
}
