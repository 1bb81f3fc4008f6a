package deploytest

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/doctor"
)

// approvalPhrases are the steps of the one-time admin approval as Google's
// pages and its app-auth sample give them: chat.bot is NOT entered among
// the Marketplace SDK's scopes, and the Store Listing is published.
var approvalPhrases = []string{
	"Create Google Workspace Marketplace-compatible OAuth client",
	"Individual + admin install",
	"https://www.googleapis.com/auth/chat.app.memberships only",
	"do not enter https://www.googleapis.com/auth/chat.bot there",
	"Store Listing",
	"Publish",
	"Data access › Grant access",
	"root organizational unit",
}

// prose flattens text for phrase matching: Markdown emphasis and code
// marks dropped, whitespace (line breaks, indentation) made single spaces.
func prose(s string) string {
	s = regexp.MustCompile("[*`]").ReplaceAllString(s, "")
	return strings.Join(strings.Fields(s), " ")
}

// TestApprovalStepsAgree: what deploy/README.md tells the operator, what
// setup.sh prints and what `onboard doctor` gives as its fix are the same
// steps.
func TestApprovalStepsAgree(t *testing.T) {
	w := newGcloudWorld(t, refusingGcloud)
	out, code := w.run(t, append(slices.Clone(baseArgs), "--dry-run")...)
	if code != 0 {
		t.Fatalf("setup.sh --dry-run: exit %d; output:\n%s", code, out)
	}
	readme := readRepoFile(t, "deploy/README.md")
	section := readme[strings.Index(readme, "## 4. The admin approval"):strings.Index(readme, "## 5. Check it")]
	for name, text := range map[string]string{
		"deploy/README.md step 4": section,
		"setup.sh's output":       out[strings.Index(out, "One-time admin approval"):],
		"doctor.ApprovalSteps":    doctor.ApprovalSteps,
	} {
		flat := prose(text)
		for _, p := range approvalPhrases {
			if !strings.Contains(flat, p) {
				t.Errorf("%s does not say %q", name, p)
			}
		}
	}
}
