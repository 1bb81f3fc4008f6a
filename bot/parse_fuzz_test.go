package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParseCommand(f *testing.F) {
	f.Add("/invite @Alice Ng @Bob Ortiz carol@example.com", int64(1), 8, 9, "Alice Ng", "users/222")
	f.Add("@Onboard invite spaces/AAAA x@y.z", int64(0), 0, 8, "Onboard", "users/100")
	f.Add("/invite 👋 @Zoë Ñ", int64(1), 11, 6, "Zoë Ñ", "users/777")
	f.Add("/invite https://mail.google.com/chat/u/0/#chat/space/AAAA <a@b.co>", int64(1), -1, 0, "", "")
	f.Add("\xff\xfe@\x00", int64(42), 2, 1000, "\xff", "users/../x")
	f.Add("/invite --admin spaces/AAAA group:eng@example.com groups/03cq @Onboard", int64(1), 56, 8, "Onboard", "users/app")
	f.Fuzz(func(t *testing.T, text string, id int64, start, length int, display, name string) {
		in := Interaction{CommandID: id, Text: text, Actor: User{Name: "users/1", Email: "a@example.com"},
			Mentions: []Mention{{User: User{Name: name, DisplayName: display}, Start: start, Length: length}}}
		cmd := ParseCommand(in, nil)
		for _, p := range cmd.People {
			prefix := "users/"
			if p.IsGroup() {
				prefix = "groups/"
			}
			if p.IsGroup() && p.User == "" && isEmail(p.Email) {
				continue // an address, looked up before any call
			}
			if !strings.HasPrefix(p.User, prefix) || strings.Count(p.User, "/") != 1 ||
				strings.ContainsAny(p.User, " \t\r\n?#%") {
				t.Fatalf("%s %q is not a safe %s name", p.Kind, p.User, prefix)
			}
			if p.Kind == TargetApp && p.User != "users/app" {
				t.Fatalf("Onboard itself named %q, want users/app", p.User)
			}
			if p.Email != "" && !utf8.ValidString(p.Email) {
				t.Fatalf("invalid UTF-8 address %q", p.Email)
			}
		}
		if cmd.Space != "" && strings.Count(cmd.Space, "/") != 1 {
			t.Fatalf("space %q escapes spaces/", cmd.Space)
		}
		if len(cmd.Skipped) > maxSkipped {
			t.Fatalf("%d skipped words kept, bound is %d", len(cmd.Skipped), maxSkipped)
		}
	})
}
