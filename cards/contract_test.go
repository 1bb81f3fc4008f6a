package cards

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
)

// formInputs is what Chat sends back in common.formInputs when the
// settings form is saved untouched: each selection's chosen values, each
// text field's text.
func formInputs(widgets []Widget) map[string][]string {
	form := map[string][]string{}
	for _, w := range widgets {
		switch {
		case w.SelectionInput != nil:
			form[w.SelectionInput.Name] = []string{}
			for _, it := range w.SelectionInput.Items {
				if it.Selected {
					form[w.SelectionInput.Name] = append(form[w.SelectionInput.Name], it.Value)
				}
			}
		case w.TextInput != nil:
			form[w.TextInput.Name] = []string{w.TextInput.Value}
		}
	}
	return form
}

// TestSettingsFormRoundTrip: saving the form as shown changes nothing,
// and each choice it offers is read by bot.SettingsFromForm as meant.
func TestSettingsFormRoundTrip(t *testing.T) {
	for name, s := range map[string]bot.SpaceSettings{
		"defaults": {Space: "spaces/A"},
		"custom": {Space: "spaces/A", InvitePolicy: bot.PolicyMembers, RemovePolicy: bot.PolicyManagers,
			AllowedDomains: []string{"example.com", "partner.org"}, MaxPeople: 50, PlansAllowed: new(bool), PreviewOver: new(int),
			Locale: "zh-TW"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := bot.SettingsFromForm(bot.SpaceSettings{Space: s.Space}, formInputs(settingsForm(english(t), &s, formDefaults)), Locales())
			if err != nil {
				t.Fatalf("SettingsFromForm: %v", err)
			}
			if diff := cmp.Diff(s, got); diff != "" {
				t.Errorf("saving the form untouched changed the settings (-shown +saved):\n%s", diff)
			}
		})
	}
	s := bot.SpaceSettings{Space: "spaces/A"}
	form := formInputs(settingsForm(english(t), &s, formDefaults))
	form[fieldPlans], form[fieldInvite], form[fieldMax] = []string{"off"}, []string{"members"}, []string{"12"}
	got, err := bot.SettingsFromForm(s, form, Locales())
	if err != nil || got.PlansAllowed == nil || *got.PlansAllowed || got.InvitePolicy != bot.PolicyMembers || got.MaxPeople != 12 {
		t.Errorf("plans off, members, 12: got %+v, %v", got, err)
	}
}

// formDefaults are the rules the form's default choices name.
var formDefaults = bot.RulesInForce{Invite: bot.PolicyManagers, Remove: bot.PolicyManagers,
	Domains: []string{"example.com"}, Max: 500, Plans: true, Preview: 20}
