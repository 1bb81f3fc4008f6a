package doctor

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckAudience(t *testing.T) {
	tests := []struct {
		aud, project string
		want         string // the mark
		says         string // in the detail, or the problem and its fix
	}{
		{"https://onboard-abc123-uc.a.run.app", "", markPass, "(no trailing slash); it must equal the Chat API configuration page's HTTP endpoint URL byte for byte"},
		{"https://onboard-abc123-uc.a.run.app/", "", markWarn, "Cloud Run's URL has no trailing slash unless you typed one"},
		{"https://chat.example.com/onboard", "", markWarn, "Onboard answers Chat at / only"},
		{"123456789012", "", markPass, "project number 123456789012"},
		{"123456789012", "onboard-prod", markPass, "gcloud projects describe onboard-prod --format='value(projectNumber)'"},
		{"", "", markFail, "CHAT_AUDIENCE is not set"},
		{"http://onboard.example.com", "", markFail, "Chat calls only https:// endpoints"},
		{"HTTP://onboard.example.com", "", markFail, "Chat calls only https:// endpoints"},
		{"https://localhost:8080", "", markFail, "a local address Chat cannot reach"},
		{"https://127.0.0.1", "", markFail, "a local address Chat cannot reach"},
		{"https://10.0.0.7", "", markFail, "a local address Chat cannot reach"},
		{"https://onboard.internal", "", markFail, "a local address Chat cannot reach"},
		{"https://", "", markFail, "not a valid https URL"},
		{"https://onboard.example.com ", "", markFail, "not a valid https URL"},
		{"https://onboard.example.com/?x=1", "", markFail, "has a query or fragment"},
		{"onboard-prod", "", markFail, "neither an https:// URL nor a project number"},
		{"12345-6789", "", markFail, "neither an https:// URL nor a project number"},
	}
	for _, tt := range tests {
		t.Run(tt.aud, func(t *testing.T) {
			detail, err := checkAudience(tt.aud, tt.project)
			mark, text := markPass, detail
			if err != nil {
				var p *Problem
				if !errors.As(err, &p) {
					t.Fatalf("got error %v, want a *Problem", err)
				}
				mark, text = markFail, p.What+"\n"+p.Fix
				if p.Warn {
					mark = markWarn
				}
			}
			if mark != tt.want || !strings.Contains(text, tt.says) {
				t.Errorf("checkAudience(%q): got %s %q, want %s and %q", tt.aud, mark, text, tt.want, tt.says)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Authorization: Bearer ya29.a0AfB_byC-token.more", "Authorization: Bearer [redacted]"},
		{"assertion eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln rejected", "assertion [redacted] rejected"},
		{"line one\n  line two", "line one line two"},
		{strings.Repeat("é", 300), strings.Repeat("é", 200) + "…"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
