package doctor

// The trusted-callers check: whose tokens Onboard accepts. Google's
// "Verify requests from Google Chat" page describes, in its current
// version, ID tokens signed for the project's Workspace add-on service
// agent (service-PROJECT_NUMBER@gcp-sa-gsuiteaddons.iam.gserviceaccount.com),
// and in its older one tokens from chat@system.gserviceaccount.com; both
// are live (https://developers.google.com/workspace/chat/verify-requests-from-chat).
// Onboard trusts Chat always and the agent when configured — one exact
// address, which must be this project's: another project's agent signs
// requests for another project's Chat app.

import (
	"context"
	"fmt"
	"regexp"

	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/verify"
)

// addonAgent is the one shape of an add-on service agent, the project
// number captured.
var addonAgent = regexp.MustCompile(`^service-([0-9]+)@gcp-sa-gsuiteaddons\.iam\.gserviceaccount\.com$`)

// projectNumber is what the callers check knows of the project's number,
// and where from; "" when it cannot know.
type projectNumber struct {
	number, from string
}

func (d *doctor) callers(ctx context.Context) (string, error) {
	return judgeCallers(d.cfg.Audience, d.cfg.AddonServiceAccount, d.cfg.Project, d.projectNumber(ctx))
}

// projectNumber asks the metadata server when the credentials came from
// it (on Google Cloud); elsewhere there is no way to learn the number
// without another API, and the check says what to compare by hand.
func (d *doctor) projectNumber(ctx context.Context) projectNumber {
	if d.identity.Source != chatapi.SourceMetadata {
		return projectNumber{}
	}
	n, err := chatapi.ProjectNumber(ctx, d.api)
	if err != nil || !isDigits(n) {
		return projectNumber{}
	}
	return projectNumber{number: n, from: "the metadata server"}
}

func judgeCallers(audience, agent, project string, pn projectNumber) (string, error) {
	chat := verify.ChatEmail + " (Google Chat)"
	if isDigits(audience) {
		if agent != "" {
			return "", &Problem{What: "CHAT_ADDON_SERVICE_ACCOUNT is set, but with a project-number audience Chat signs " +
				"its own tokens: the add-on service agent's are only signed for an HTTP endpoint URL", Fix: fixAddonProjectMode}
		}
		return chat + " only: with a project-number audience Chat signs its tokens itself", nil
	}
	if agent == "" {
		return "", &Problem{Warn: true, What: "only " + chat + "; CHAT_ADDON_SERVICE_ACCOUNT is not set",
			Fix: addonFix(noteAddonUnset, pn, project)}
	}
	m := addonAgent.FindStringSubmatch(agent)
	if m == nil {
		return "", &Problem{What: fmt.Sprintf("CHAT_ADDON_SERVICE_ACCOUNT=%q is not one add-on service agent address", agent),
			Fix: addonFix(fixAddonShape, pn, project)}
	}
	switch {
	case pn.number != "" && m[1] != pn.number:
		return "", &Problem{What: fmt.Sprintf("CHAT_ADDON_SERVICE_ACCOUNT is the add-on service agent of project %s, "+
			"but this is project %s (from %s): Onboard would accept requests signed for another project's Chat app",
			m[1], pn.number, pn.from), Fix: addonFix(fixAddonOtherProject, pn, project)}
	case pn.number != "":
		return fmt.Sprintf("%s and this project's add-on service agent %s (project %s, from %s)",
			chat, agent, pn.number, pn.from), nil
	}
	return fmt.Sprintf("%s and the add-on service agent %s — this project's only if its number is %s: %s",
		chat, agent, m[1], compareNumber(project)), nil
}

// addonFix fills a fix with the exact value to set, when the number is
// known, and with how to look it up.
func addonFix(format string, pn projectNumber, project string) string {
	value := "service-PROJECT_NUMBER@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
	if pn.number != "" {
		value = "service-" + pn.number + "@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
	}
	return fmt.Sprintf(format, value, compareNumber(project))
}

// compareNumber says how to read the project's number.
func compareNumber(project string) string {
	if project == "" {
		project = "PROJECT_ID"
	}
	return "gcloud projects describe " + project + " --format='value(projectNumber)'"
}
