package cards

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
)

// TestRemovalPhrases pins how removal results read.
func TestRemovalPhrases(t *testing.T) {
	tests := []struct {
		o    bot.Outcome
		r    bot.Reason
		want string
	}{
		{bot.Removed, "", "Removed"},
		{bot.NotAdded, bot.ReasonNotRemoved, "Not removed — Chat does not let apps remove space managers in spaces they did not create, or the last manager. Ask a space owner to remove them in Chat"},
		{bot.NotAdded, bot.ReasonNotFound, "Not removed — they are not a member of this space"},
		{bot.NotAdded, bot.ReasonAppNotInSpace, "Not removed — Onboard is not a member of this space. Add Onboard to the space, then try again"},
		{bot.NotAdded, bot.ReasonPaused, "Not removed — Onboard is paused by its admins. No one will be added or removed until an Onboard admin runs /resume"},
		{bot.Already, "", "Not in the space"},
		{bot.Refused, bot.ReasonPolicy, "Not allowed — your role can't remove people from this space"},
		{bot.Skipped, bot.ReasonApp, "Skipped — Onboard and other apps can't be removed with /remove"},
	}
	en := english(t)
	for _, tt := range tests {
		if got := en.outcomePhraseAs(removing, tt.o, tt.r); got != tt.want {
			t.Errorf("%s/%s: got  %q\nwant %q", tt.o, tt.r, got, tt.want)
		}
	}
	if got, want := en.countsAs(removing, []int{0, 0, 1, 2, 0, 0, 0, 0, 3}, false), "3 removed · 1 not in the space · 2 not removed"; got != want {
		t.Errorf("counts: got %q, want %q", got, want)
	}
}

// TestEveryOutcomeHasRemovalWords: each outcome reads as a removal with
// words of its own.
func TestEveryOutcomeHasRemovalWords(t *testing.T) {
	seen := map[string]bot.Outcome{}
	en := english(t)
	for _, o := range bot.Outcomes {
		label := en.outcomeLabelAs(removing, o)
		if other, dup := seen[label]; dup || label == "" {
			t.Errorf("%q reads %q, like %q", o, label, other)
		}
		seen[label] = o
		if countID(removing, o, false) == "" {
			t.Errorf("%q has no count of its own", o)
		}
	}
}

// TestGuardWords pins the lines the product asks for.
func TestGuardWords(t *testing.T) {
	en := english(t)
	tests := []struct{ got, want string }{
		{en.limitedWords(42 * time.Second), "You've sent a lot of commands; try again in 42 seconds."},
		{en.limitedWords(41*time.Second + time.Millisecond), "You've sent a lot of commands; try again in 42 seconds."},
		{en.limitedWords(0), "You've sent a lot of commands; try again in 1 second."},
		{en.text(idPausedText), "Onboard is paused: no one will be added or removed until an Onboard admin runs /resume"},
		{en.text(idResumedText), "Onboard is running again"},
		{en.reasonWhy(bot.ReasonPaused), "Onboard is paused by its admins"},
		{en.reasonWhy(bot.ReasonNotAllowed), "Onboard is not allowed to act in this space"},
		{en.domainWhy("partner.org"), "partner.org is not an allowed domain in this space"},
		{en.reasonWhy(bot.ReasonUndoExpired), "Undo is offered for 24 hours, and this change is older"},
		{en.reasonWhy(bot.ReasonNotRemoved), "Chat does not let apps remove space managers in spaces they did not create, or the last manager"},
		{en.auditMore(986), "986 more — export with <b>onboard audit export</b>"},
		{en.auditBy(""), "Asked by (erased)"},
		{en.auditSubtitle("all", 1), "All spaces · 1 entry"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got  %q\nwant %q", tt.got, tt.want)
		}
	}
}

// TestBadSettingsShowsTheSyntax: a /settings that was not understood
// shows every key.
func TestBadSettingsShowsTheSyntax(t *testing.T) {
	en := english(t)
	paras, syntax, _ := en.problemWords(bot.ReasonBadSettings, "")
	var all []string
	for _, s := range syntax {
		all = append(all, s[0])
	}
	joined := strings.Join(all, " ")
	for _, key := range []string{"invite=", "remove=", "domains=", "max=", "plans="} {
		if !strings.Contains(joined, key) {
			t.Errorf("syntax %q lacks %s", joined, key)
		}
	}
	if full := en.text(idExampleSettingsFull); len(paras) == 0 || !strings.Contains(full, "domains=example.com,partner.org max=50 plans=off") {
		t.Errorf("paragraphs %q, example %q", paras, full)
	}
}

// TestSettingsFormContract: the form's field names, values and actions
// are what bot reads back (bot.SettingsFromForm, bot's click dispatch):
// every value a field offers is one the /settings syntax accepts.
func TestSettingsFormContract(t *testing.T) {
	s := &bot.SpaceSettings{Space: "spaces/A", InvitePolicy: bot.PolicyMembers, AllowedDomains: []string{"a.org", "b.org"},
		MaxPeople: 50, PlansAllowed: new(bool), PreviewOver: new(int), Locale: "zh-TW"}
	got := map[string][]string{}
	var save *Action
	for _, w := range settingsForm(english(t), s, formDefaults) {
		switch {
		case w.SelectionInput != nil:
			for _, it := range w.SelectionInput.Items {
				v := it.Value
				if it.Selected {
					v = "*" + v
				}
				got[w.SelectionInput.Name] = append(got[w.SelectionInput.Name], v)
			}
		case w.TextInput != nil:
			got[w.TextInput.Name] = []string{w.TextInput.Value}
		case w.ButtonList != nil:
			save = w.ButtonList.Buttons[0].OnClick.Action
		}
	}
	want := map[string][]string{
		"invitePolicy":   {"default", "managers", "*members"},
		"removePolicy":   {"*default", "managers", "members"},
		"allowedDomains": {"a.org, b.org"},
		"maxPeople":      {"50"},
		"plansAllowed":   {"default", "on", "*off"},
		"previewOver":    {"0"},
		"locale":         {"default", "en", "*zh-TW"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("form fields (-want +got):\n%s", diff)
	}
	wantSave := &Action{Function: "saveSettings", Parameters: []ActionParameter{{Key: "space", Value: "spaces/A"}}}
	if diff := cmp.Diff(wantSave, save); diff != "" {
		t.Errorf("save action (-want +got):\n%s", diff)
	}
}

// TestHelpNamesTheGuardrailCommands: help lists /remove, /settings and
// /audit to everyone, and /pause, /resume and /spaces to Onboard admins
// only.
func TestHelpNamesTheGuardrailCommands(t *testing.T) {
	named := func(r bot.HelpReply) string {
		var text strings.Builder
		card, _ := helpCard(english(t), r)
		for _, s := range card.Card.Sections {
			for _, w := range s.Widgets {
				if w.DecoratedText != nil {
					text.WriteString(w.DecoratedText.Text + " ")
				}
			}
		}
		return text.String()
	}
	everyone, admin := named(bot.HelpReply{}), named(bot.HelpReply{Admin: true})
	for _, cmd := range []string{"/remove", "/settings", "/audit"} {
		if !strings.Contains(everyone, cmd) {
			t.Errorf("help does not name %s", cmd)
		}
	}
	for _, cmd := range []string{"/pause", "/spaces"} {
		if strings.Contains(everyone, cmd) || !strings.Contains(admin, cmd) {
			t.Errorf("%s: shown to everyone %v, to admins %v; want admins only", cmd,
				strings.Contains(everyone, cmd), strings.Contains(admin, cmd))
		}
	}
}

// TestEveryRefusalSaysWhy: whatever reason bot refuses a command for, the
// refusal says it in words of its own, never only "could not carry out".
func TestEveryRefusalSaysWhy(t *testing.T) {
	en := english(t)
	generic := en.couldNotParagraphs()
	for _, r := range allReasons(t) {
		for name, words := range map[string]func(bot.Refusal, string) ([]string, string){
			"invite": en.refusalWords, "remove": en.removeRefusalWords} {
			paras, short := words(bot.Refusal{Reason: r, Limit: 20, Count: 27}, "Team")
			if paras[0] == generic[0] || short == "" || short == en.text(idCouldNot) {
				t.Errorf("%s refused for %q: %q, %q; want words of its own", name, r, paras[0], short)
			}
		}
	}
}
