package bot

import (
	"fmt"
	"strconv"
	"strings"
)

// SettingsMistake is one part of a /settings command that was not
// understood, so the card can say which part and what is wanted.
type SettingsMistake struct {
	Part  string      // the words as typed, e.g. "max=900"
	Key   string      // the setting it names, when it names one
	Kind  MistakeKind // what is wrong with it
	Value string      // the offending value, e.g. one domain of a list
}

// MistakeKind says what is wrong with a part of /settings.
type MistakeKind string

const (
	MistakeNotKeyValue MistakeKind = "not_key_value" // no "=" or nothing after it
	MistakeUnknownKey  MistakeKind = "unknown_key"   // not invite, remove, domains, max, plans, preview or locale
	MistakeBadPolicy   MistakeKind = "bad_policy"    // invite/remove: not managers, members or default
	MistakeBadDomain   MistakeKind = "bad_domain"    // domains: a value that is not a domain
	MistakeBadMax      MistakeKind = "bad_max"       // max: not a number from 1 to 500, or default
	MistakeBadPlans    MistakeKind = "bad_plans"     // plans: not on, off or default
	MistakeBadPreview  MistakeKind = "bad_preview"   // preview: not a number from 0 to 500, or default
	MistakeBadLocale   MistakeKind = "bad_locale"    // locale: not a language Onboard speaks, or default
)

// SettingsError lists every part of a /settings command not understood.
type SettingsError struct{ Mistakes []SettingsMistake }

func (e *SettingsError) Error() string {
	parts := make([]string, len(e.Mistakes))
	for i, m := range e.Mistakes {
		parts[i] = fmt.Sprintf("%q: %s", m.Part, m.Kind)
	}
	return "settings not understood: " + strings.Join(parts, "; ")
}

// ParseSettings applies "/settings key=value …" words to s. Keys: invite
// and remove (managers, members, default), domains (comma-separated email
// domains, or "default"), max (people per command, 1–500, or "default"),
// plans (on, off, default), preview (0–500, or "default") and locale (one
// of locales, or "default"). Every problem is reported; s is changed only
// when there is none.
func ParseSettings(s SpaceSettings, words []string, locales []string) (SpaceSettings, error) {
	out := s
	var mistakes []SettingsMistake
	for _, w := range words {
		key, value, ok := strings.Cut(w, "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if !ok || value == "" {
			mistakes = append(mistakes, SettingsMistake{Part: w, Kind: MistakeNotKeyValue})
			continue
		}
		if kind, bad := applySetting(&out, key, value, locales); kind != "" {
			mistakes = append(mistakes, SettingsMistake{Part: w, Key: key, Kind: kind, Value: bad})
		}
	}
	if len(mistakes) > 0 {
		return s, &SettingsError{Mistakes: mistakes}
	}
	return out, nil
}

// SettingsFromForm reads the settings card's form (widget name → values).
func SettingsFromForm(s SpaceSettings, form map[string][]string, locales []string) (SpaceSettings, error) {
	var words []string
	for _, f := range []struct{ widget, key string }{{"invitePolicy", "invite"}, {"removePolicy", "remove"},
		{"allowedDomains", "domains"}, {"maxPeople", "max"}, {"plansAllowed", "plans"}, {"previewOver", "preview"},
		{"locale", "locale"}} {
		v, ok := form[f.widget]
		if !ok {
			continue
		}
		value := strings.TrimSpace(strings.Join(v, ","))
		if value == "" {
			value = "default"
		}
		words = append(words, f.key+"="+value)
	}
	return ParseSettings(s, words, locales)
}

// applySetting sets key to value in s, or says what is wrong with it and
// which value (for a list) is at fault.
func applySetting(s *SpaceSettings, key, value string, locales []string) (MistakeKind, string) {
	lv := strings.ToLower(value)
	switch key {
	case "invite", "remove":
		p := InvitePolicy("")
		if lv != "default" {
			var err error
			if p, err = ParseInvitePolicy(lv); err != nil {
				return MistakeBadPolicy, value
			}
		}
		if key == "invite" {
			s.InvitePolicy = p
		} else {
			s.RemovePolicy = p
		}
	case "domains":
		s.AllowedDomains = nil
		if lv == "default" {
			return "", ""
		}
		for _, d := range strings.Split(lv, ",") {
			d = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d), "@"))
			if d == "" {
				continue
			}
			if !isEmail("x@" + d) {
				return MistakeBadDomain, d
			}
			s.AllowedDomains = append(s.AllowedDomains, d)
		}
	case "max":
		if lv == "default" {
			s.MaxPeople = 0
			return "", ""
		}
		n, err := strconv.Atoi(lv)
		if err != nil || n < 1 || n > 500 {
			return MistakeBadMax, value
		}
		s.MaxPeople = n
	case "plans":
		switch lv {
		case "on", "yes", "true":
			t := true
			s.PlansAllowed = &t
		case "off", "no", "false":
			f := false
			s.PlansAllowed = &f
		case "default":
			s.PlansAllowed = nil
		default:
			return MistakeBadPlans, value
		}
	case "preview":
		return applyPreview(s, lv)
	case "locale":
		return applyLocale(s, value, locales)
	default:
		return MistakeUnknownKey, key
	}
	return "", ""
}

// applyPreview reads preview=: a number of people from 0 (never preview)
// to 500, or "default".
func applyPreview(s *SpaceSettings, lv string) (MistakeKind, string) {
	if lv == "default" {
		s.PreviewOver = nil
		return "", ""
	}
	n, err := strconv.Atoi(lv)
	if err != nil || n < 0 || n > 500 {
		return MistakeBadPreview, lv
	}
	s.PreviewOver = &n
	return "", ""
}

// applyLocale reads locale=: a language of locales (any case, "_" or "-"),
// saved as locales spells it, or "default".
func applyLocale(s *SpaceSettings, value string, locales []string) (MistakeKind, string) {
	if strings.EqualFold(value, "default") {
		s.Locale = ""
		return "", ""
	}
	for _, l := range locales {
		if strings.EqualFold(strings.ReplaceAll(value, "_", "-"), l) {
			s.Locale = l
			return "", ""
		}
	}
	return MistakeBadLocale, value
}
