package bot

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseSettings applies "/settings key=value …" words to s. Keys: invite
// and remove (managers, members, default), domains (comma-separated email
// domains, or "default"), max (people per command, 1–500, or "default"),
// plans (on, off, default). Every problem is reported; s is changed only
// when there is none.
func ParseSettings(s SpaceSettings, words []string) (SpaceSettings, error) {
	out := s
	var problems []string
	for _, w := range words {
		key, value, ok := strings.Cut(w, "=")
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if !ok || value == "" {
			problems = append(problems, fmt.Sprintf("%q is not key=value", w))
			continue
		}
		if err := applySetting(&out, key, value); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if len(problems) > 0 {
		return s, fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return out, nil
}

// SettingsFromForm reads the settings card's form (widget name → values).
func SettingsFromForm(s SpaceSettings, form map[string][]string) (SpaceSettings, error) {
	var words []string
	for _, f := range []struct{ widget, key string }{{"invitePolicy", "invite"}, {"removePolicy", "remove"},
		{"allowedDomains", "domains"}, {"maxPeople", "max"}, {"plansAllowed", "plans"}, {"previewOver", "preview"}} {
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
	return ParseSettings(s, words)
}

func applySetting(s *SpaceSettings, key, value string) error {
	lv := strings.ToLower(value)
	switch key {
	case "invite", "remove":
		p := InvitePolicy("")
		if lv != "default" {
			var err error
			if p, err = ParseInvitePolicy(lv); err != nil {
				return fmt.Errorf("%s: want managers, members or default", key)
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
			return nil
		}
		for _, d := range strings.Split(lv, ",") {
			d = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d), "@"))
			if d == "" {
				continue
			}
			if !isEmail("x@" + d) {
				return fmt.Errorf("domains: %q is not a domain", d)
			}
			s.AllowedDomains = append(s.AllowedDomains, d)
		}
	case "max":
		if lv == "default" {
			s.MaxPeople = 0
			return nil
		}
		n, err := strconv.Atoi(lv)
		if err != nil || n < 1 || n > 500 {
			return fmt.Errorf("max: want a number from 1 to 500, or default")
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
			return fmt.Errorf("plans: want on, off or default")
		}
	case "preview":
		return applyPreview(s, lv)
	default:
		return fmt.Errorf("unknown setting %q (invite, remove, domains, max, plans, preview)", key)
	}
	return nil
}

// applyPreview reads preview=: a number of people from 0 (never preview)
// to 500, or "default".
func applyPreview(s *SpaceSettings, lv string) error {
	if lv == "default" {
		s.PreviewOver = nil
		return nil
	}
	n, err := strconv.Atoi(lv)
	if err != nil || n < 0 || n > 500 {
		return fmt.Errorf("preview: want a number from 0 (never) to 500, or default")
	}
	s.PreviewOver = &n
	return nil
}
