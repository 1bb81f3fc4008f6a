package demo

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// postPrinter returns a chatfake hook that prints each message Onboard
// creates or edits through the Chat API, rendered as `say` renders a reply,
// under a line saying where it went. Replies to commands are not API calls
// and are printed by `say` instead.
func postPrinter(w *chatfake.World, out io.Writer) func(chatfake.Call) {
	var mu sync.Mutex // one post at a time, whole
	return func(c chatfake.Call) {
		verb := ""
		switch c.Method {
		case "chat.spaces.messages.create":
			verb = "posted in"
		case "chat.spaces.messages.patch", "chat.spaces.messages.update":
			verb = "updated its message in"
		default:
			return
		}
		if c.Status != 200 || len(c.Body) == 0 {
			return
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "\n  ▸ Onboard %s %s:\n", verb, spaceTitle(w, c.Path))
		if err := render(&b, c.Body); err != nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		_, _ = out.Write(b.Bytes())
	}
}

// spaceTitle names the space of a /v1/spaces/{id}/messages… path as Chat
// shows it.
func spaceTitle(w *chatfake.World, path string) string {
	id, _, _ := strings.Cut(strings.TrimPrefix(path, "/v1/spaces/"), "/")
	for _, sp := range w.Spaces {
		if sp.ID == id && sp.DisplayName != "" {
			return "“" + sp.DisplayName + "”"
		}
	}
	return "spaces/" + id
}
