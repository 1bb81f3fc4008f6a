package cards

import (
	"html"
	"strconv"
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

// The card actions and form fields bot reads back from CARD_CLICKED
// events (bot/click.go, bot.SettingsFromForm): renaming one here breaks
// the buttons already posted, so these are a contract.
const (
	actionSaveSettings = "saveSettings" // parameter space=spaces/…
	actionUndo         = "undo"         // parameter batch=<id>
	paramSpace         = "space"
	paramBatch         = "batch"

	fieldInvite  = "invitePolicy"   // default, managers, members
	fieldRemove  = "removePolicy"   // default, managers, members
	fieldDomains = "allowedDomains" // comma-separated; empty: default
	fieldMax     = "maxPeople"      // 1–500; empty: default
	fieldPlans   = "plansAllowed"   // default, on, off
	fieldPreview = "previewOver"    // 0–500; empty: default
	fieldLocale  = "locale"         // default, or one of Locales()
)

const (
	cardSettings = "onboard-settings"
	cardAudit    = "onboard-audit"
	cardSpaces   = "onboard-spaces"
	cardPaused   = "onboard-paused"
	cardLimited  = "onboard-limited"
	cardRemove   = "remove-results"
	cardRemoveNo = "remove-refused"
)

// settingsCard shows the rules in force in a space, where each comes
// from, and — when bot gives the settings (the person may change them) —
// a form to change them with a Save button; the "Saved" line or the
// problem, part by part, comes first.
func settingsCard(wd *words, r bot.SettingsReply) (CardWithID, string) {
	text := wd.text(idSettingsText)
	var sections []Section
	switch {
	case r.Problem != "":
		paras, syntax := wd.settingsProblemWords(r.Problem)
		w := paragraphs(paras...)
		for _, m := range r.Mistakes {
			w = append(w, paragraph(wd.settingsMistake(m)))
		}
		if len(r.Mistakes) > 0 && len(syntax) > 0 {
			w = append(w, paragraph(wd.text(idSettingsSyntaxIntro)))
		}
		sections = append(sections, Section{Widgets: append(w, commandRows(syntax)...)})
		text = wd.refused(wd.problemShort(r.Problem))
	case r.Saved:
		sections = append(sections, Section{Widgets: paragraphs(wd.text(idSettingsSaved))})
		text = wd.text(idSettingsSavedText)
	}
	header := &CardHeader{Title: wd.text(idSettingsTitle)}
	if s := r.Settings; s != nil {
		// Plain text: Chat formats no header.
		header.Subtitle = clip(firstNonEmpty(r.Space.DisplayName, s.Space), maxWordRunes)
		sections = append(sections, Section{Header: wd.text(idSettingsInForce), Widgets: settingsRows(wd, s, r.InForce)})
		if s.Space != "" {
			sections = append(sections, Section{Header: wd.text(idSettingsChange), Widgets: settingsForm(wd, s, r.Defaults)})
		}
	} else if r.Problem == "" {
		paras, _ := wd.commandProblemWords(bot.ReasonUnavailable)
		sections = append(sections, Section{Widgets: paragraphs(paras...)})
	}
	card := &Card{Header: header, Sections: sections}
	return CardWithID{CardID: cardSettings, Card: card}, text
}

// settingsRows show the rules in force, each with where it comes from,
// and who last changed the space's settings.
func settingsRows(wd *words, s *bot.SpaceSettings, f bot.RulesInForce) []Widget {
	row := func(label msgID, value string, from bot.RuleSource) Widget {
		return Widget{DecoratedText: &DecoratedText{TopLabel: wd.text(label), Text: value, WrapText: true,
			BottomLabel: wd.ruleSource(from)}}
	}
	w := []Widget{
		row(idLabelInvite, wd.policyName(f.Invite), f.InviteFrom),
		row(idLabelRemove, wd.policyName(f.Remove), f.RemoveFrom),
		row(idLabelDomains, wd.domainsInForce(domainList(f.Domains)), f.DomainsFrom),
		row(idLabelMax, strconv.Itoa(f.Max), f.MaxFrom),
		row(idLabelPlans, wd.plansWords(f.Plans), f.PlansFrom),
		row(idSettingsRowPreview, wd.previewInForce(f.Preview), f.PreviewFrom),
		row(idSettingsLabelLocale, wd.localeName(f.Locale), f.LocaleFrom),
	}
	if !s.UpdatedAt.IsZero() {
		w = append(w, paragraph(wd.settingsChanged(firstNonEmpty(s.UpdatedByName, s.UpdatedBy), s.UpdatedAt)))
	}
	return w
}

// settingsForm is the form: a field per setting, starting from the
// space's settings, each default choice saying what Onboard's default is,
// the Save button, and the same change as a command.
func settingsForm(wd *words, s *bot.SpaceSettings, defaults bot.RulesInForce) []Widget {
	plans := "default"
	if s.PlansAllowed != nil {
		plans = map[bool]string{true: "on", false: "off"}[*s.PlansAllowed]
	}
	maxPeople := ""
	if s.MaxPeople > 0 {
		maxPeople = strconv.Itoa(s.MaxPeople)
	}
	orgDomains, _ := domainList(defaults.Domains)
	domains := Widget{TextInput: &TextInput{Name: fieldDomains, Label: wd.text(idLabelDomains),
		HintText: wd.with(idHintDomains, vars{"Domains": wd.domainsInForce(orgDomains, 0)})}}
	if shown, left := domainList(s.AllowedDomains); left == 0 {
		// The form's own syntax, which bot.SettingsFromForm reads back:
		// not words.
		domains.TextInput.Value = strings.Join(shown, ", ")
	} else {
		// A field that starts with part of the list would save only that
		// part; without the field, Save leaves the domains as they are.
		domains = paragraph(wd.text(idDomainsTooMany))
	}
	return []Widget{
		choice(fieldInvite, wd.text(idLabelInvite), "DROPDOWN", wd.policyChoices(defaults.Invite), policyValue(s.InvitePolicy)),
		choice(fieldRemove, wd.text(idLabelRemove), "DROPDOWN", wd.policyChoices(defaults.Remove), policyValue(s.RemovePolicy)),
		domains,
		{TextInput: &TextInput{Name: fieldMax, Label: wd.text(idLabelMax), Value: maxPeople,
			HintText: wd.with(idHintMax, vars{"Max": strconv.Itoa(defaults.Max)})}},
		// Three radio buttons, not a switch: an unchecked switch sends no
		// value, which the form reads as "default" — it could never say off.
		choice(fieldPlans, wd.text(idLabelPlans), "RADIO_BUTTON", wd.planChoices(defaults.Plans), plans),
		{TextInput: &TextInput{Name: fieldPreview, Label: wd.text(idSettingsLabelPreview), Value: previewValue(s.PreviewOver),
			HintText: wd.with(idSettingsHintPreview, vars{"Preview": previewHint(wd, defaults.Preview)})}},
		choice(fieldLocale, wd.text(idSettingsLabelLocale), "DROPDOWN", wd.localeChoices(defaults.Locale), localeValue(s)),
		{ButtonList: &ButtonList{Buttons: []Button{{Text: wd.text(idSettingsSave), AltText: wd.text(idSettingsSaveAlt),
			OnClick: &OnClick{Action: &Action{Function: actionSaveSettings,
				Parameters: []ActionParameter{{Key: paramSpace, Value: s.Space}}}}}}}},
		paragraph(wd.with(idSettingsTypeHint, vars{"Example": wd.text(idExampleSettingsFull)})),
	}
}

// choice is a selection field with items (value, text), value selected.
func choice(name, label, kind string, items [][2]string, value string) Widget {
	in := &SelectionInput{Name: name, Label: label, Type: kind, Items: make([]SelectionItem, len(items))}
	for i, it := range items {
		in.Items[i] = SelectionItem{Value: it[0], Text: it[1], Selected: it[0] == value}
	}
	return Widget{SelectionInput: in}
}

// previewValue is the preview setting's form value: "" for the default.
func previewValue(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// policyValue is a policy's form value.
func policyValue(p bot.InvitePolicy) string {
	if p == "" {
		return "default"
	}
	return string(p)
}

// maxDomainBytes bounds the allowed domains a settings card shows, in
// the row and again in the form.
const maxDomainBytes = 4000

// domainList is the allowed domains (plain text) that fit a card, each
// HTML-escaped, and how many were left out.
func domainList(domains []string) (shown []string, left int) {
	used := 0
	for i, d := range domains {
		e := html.EscapeString(clip(d, maxWordRunes))
		if used += jsonLen(e) + 2; used > maxDomainBytes {
			return shown, len(domains) - i
		}
		shown = append(shown, e)
	}
	return shown, 0
}

// previewHint is Onboard's preview default as the form's hint gives it:
// the number, or "Never".
func previewHint(wd *words, n int) string {
	if n < 0 {
		return wd.text(idPreviewSettingNever)
	}
	return strconv.Itoa(n)
}
