package bot

import (
	"net/url"
	"strings"
)

// parseSpaceRef recognises a space named in a command: "spaces/AAAA…" or a
// Chat URL (https://chat.google.com/room/AAAA…, …/space/AAAA…, and the Gmail
// form https://mail.google.com/chat/u/0/#chat/space/AAAA…).
func parseSpaceRef(w string) (string, bool) {
	w = strings.Trim(w, "<>()[]\"'")
	if id, ok := strings.CutPrefix(w, "spaces/"); ok {
		return spaceName(id)
	}
	u, err := url.Parse(w)
	if err != nil || u.Scheme != "https" {
		return "", false
	}
	switch u.Host {
	case "chat.google.com", "mail.google.com":
	default:
		return "", false
	}
	path := u.Path
	if u.Fragment != "" {
		path += "/" + u.Fragment
	}
	parts := strings.Split(path, "/")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "room" || parts[i] == "space" {
			return spaceName(parts[i+1])
		}
	}
	return "", false
}

// spaceName validates a space id: letters, digits, '_' and '-' only, so a
// crafted reference can never reach another API path.
func spaceName(id string) (string, bool) {
	if len(id) == 0 || len(id) > 64 {
		return "", false
	}
	for i := 0; i < len(id); i++ {
		if !isAlnum(id[i]) && id[i] != '_' && id[i] != '-' {
			return "", false
		}
	}
	return "spaces/" + id, true
}
