package doctor

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// audience judges CHAT_AUDIENCE against what Chat will put in its tokens'
// aud (docs/chat-platform.md §4.1, Pitfall 18). It cannot see the Chat API
// configuration page, so what it cannot know it says as a reminder.
func (d *doctor) audience(context.Context) (string, error) {
	return checkAudience(d.cfg.Audience, d.cfg.Project)
}

func checkAudience(aud, project string) (string, error) {
	switch {
	case aud == "":
		return "", &Problem{What: "CHAT_AUDIENCE is not set", Fix: fixAudience}
	case isDigits(aud):
		return projectAudience(aud, project), nil
	case strings.HasPrefix(strings.ToLower(aud), "http://"):
		return "", &Problem{What: fmt.Sprintf("%q is http://: Chat calls only https:// endpoints, and its tokens carry the https:// URL", aud),
			Fix: fixAudienceHTTPS}
	case !strings.HasPrefix(aud, "https://"):
		return "", &Problem{What: fmt.Sprintf("%q is neither an https:// URL nor a project number", aud), Fix: fixAudience}
	}
	u, err := url.Parse(aud)
	if err != nil || u.Host == "" || u.User != nil || strings.ContainsAny(aud, " \t\r\n") {
		return "", &Problem{What: fmt.Sprintf("%q is not a valid https URL", aud), Fix: fixAudience}
	}
	if isLocal(u.Hostname()) {
		return "", &Problem{What: fmt.Sprintf("%q is a local address Chat cannot reach", aud), Fix: fixAudienceHTTPS}
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", &Problem{What: fmt.Sprintf("%q has a query or fragment", aud),
			Fix: "Use the endpoint URL without ?… or #…, exactly as on the Chat API configuration page."}
	}
	switch {
	case u.Path == "/":
		return "", &Problem{Warn: true, What: aud + " ends with a slash", Fix: noteTrailingSlash}
	case u.Path != "":
		return "", &Problem{Warn: true, What: fmt.Sprintf("%s has the path %s", aud, u.Path), Fix: notePath}
	}
	return aud + " (no trailing slash); it must equal the Chat API configuration page's HTTP endpoint URL byte for byte", nil
}

func projectAudience(aud, project string) string {
	s := "project number " + aud
	if project != "" {
		s += fmt.Sprintf(" (GOOGLE_CLOUD_PROJECT=%s: check this is its number with "+
			"gcloud projects describe %s --format='value(projectNumber)')", project, project)
	}
	return s
}

// isLocal reports whether host can only be reached from this machine or
// its network.
func isLocal(host string) bool {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") || strings.HasSuffix(h, ".local") ||
		strings.HasSuffix(h, ".internal") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && (ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast())
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
