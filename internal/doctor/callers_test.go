package doctor

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJudgeCallers: Onboard trusts Chat, and an add-on service agent only
// when it is one exact address of this project's; anything else is a ✗
// (or, when nothing is set in URL mode, a ! pointing at the agent).
func TestJudgeCallers(t *testing.T) {
	const (
		url   = "https://onboard.example.com"
		agent = "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
	)
	known := projectNumber{number: "123456789012", from: "the metadata server"}
	tests := []struct {
		name          string
		audience      string
		agent         string
		pn            projectNumber
		wantMark      string // ✓, ✗ or !
		wantSay       []string
		wantNotInText string
	}{
		{"this project's agent", url, agent, known, markPass,
			[]string{"chat@system.gserviceaccount.com (Google Chat) and this project's add-on service agent " + agent,
				"project 123456789012, from the metadata server"}, ""},
		{"agent, number unknown", url, agent, projectNumber{}, markPass,
			[]string{"this project's only if its number is 123456789012", "gcloud projects describe onboard-prod"}, ""},
		{"another project's agent", url, "service-999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", known, markFail,
			[]string{"agent of project 999, but this is project 123456789012", "CHAT_ADDON_SERVICE_ACCOUNT=" + agent}, ""},
		{"no agent in URL mode", url, "", known, markWarn,
			[]string{"only chat@system.gserviceaccount.com", "CHAT_ADDON_SERVICE_ACCOUNT=" + agent, "Connection settings"}, ""},
		{"no agent, number unknown", url, "", projectNumber{}, markWarn,
			[]string{"CHAT_ADDON_SERVICE_ACCOUNT=service-PROJECT_NUMBER@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"}, ""},
		{"project-number audience", "123456789012", "", projectNumber{}, markPass,
			[]string{"chat@system.gserviceaccount.com (Google Chat) only"}, "gsuiteaddons"},
		{"agent with a project-number audience", "123456789012", agent, known, markFail,
			[]string{"only signed for an HTTP endpoint URL"}, ""},
	}
	// Never a pattern, a list, or anything but the one address.
	for _, bad := range []string{
		"service-*@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
		"service-.*@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
		"*@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
		agent + ",service-999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
		agent + " ",
		agent + "\n",
		"SERVICE-123456789012@GCP-SA-GSUITEADDONS.IAM.GSERVICEACCOUNT.COM",
		"service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com.evil.example",
		"service-@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
		"chat@system.gserviceaccount.com",
	} {
		tests = append(tests, struct {
			name          string
			audience      string
			agent         string
			pn            projectNumber
			wantMark      string
			wantSay       []string
			wantNotInText string
		}{"not one address: " + bad, url, bad, known, markFail, []string{"is not one add-on service agent address", "no pattern, no list"}, ""})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			detail, err := judgeCallers(tt.audience, tt.agent, "onboard-prod", tt.pn)
			r := run(t.Context(), Check{Name: nameCallers, Run: func(context.Context) (string, error) { return detail, err }}, nil, 0)
			var text strings.Builder
			r.print(&text)
			if r.mark != tt.wantMark {
				t.Errorf("mark: got %s, want %s\n%s", r.mark, tt.wantMark, text.String())
			}
			for _, w := range tt.wantSay {
				if !strings.Contains(text.String(), w) {
					t.Errorf("got\n%s\nwant it to say %q", text.String(), w)
				}
			}
			if tt.wantNotInText != "" && strings.Contains(text.String(), tt.wantNotInText) {
				t.Errorf("got\n%s\nwant no %q", text.String(), tt.wantNotInText)
			}
		})
	}
}

// TestCallersOnCloudRun: on Google Cloud the doctor learns the project
// number from the metadata server and holds the configured agent to it.
// Not parallel: it sets the process environment.
func TestCallersOnCloudRun(t *testing.T) {
	fake := newFake(t, nil)
	t.Setenv("GCE_METADATA_HOST", fake.MetadataHost())
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("CLOUDSDK_CONFIG", t.TempDir())
	tests := []struct {
		name, agent string
		want        []string
		says        string
	}{
		{"this project's agent", fake.AddonServiceAgent(), allPass, "this project's add-on service agent " + fake.AddonServiceAgent()},
		{"another project's agent", "service-999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", with("✗ trusted callers"),
			"agent of project 999, but this is project 123456789012 (from the metadata server)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := deployment(t, fake)
			delete(env, "GOOGLE_APPLICATION_CREDENTIALS")
			env["CHAT_ADDON_SERVICE_ACCOUNT"] = tt.agent
			out, _ := doctorRun(t, env)
			if diff := cmp.Diff(tt.want, marks(out)); diff != "" {
				t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
			}
			if got := lineOf(out, nameCallers); !strings.Contains(got, tt.says) {
				t.Errorf("got\n%s\nwant it to say %q", got, tt.says)
			}
		})
	}
}
