package playground

import (
	"encoding/json"
	"strconv"
	"sync"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// Bounds on what the page remembers: it is a demo, but nothing a browser
// can cause grows without limit.
const (
	maxEntries = 2000 // messages, over every space
	maxPending = 200  // messages waiting for a configuration to complete
	maxDialogs = 200  // dialogs open
)

// entry is one message in a space as the page shows it: a person's, or
// Onboard's (a synchronous answer, or a message it posted through the
// API), or Chat's private configuration prompt.
type entry struct {
	ID    string // the page element's id, stable for the message's life
	Rev   int    // bumped whenever what the entry shows changes
	Space string // spaces/{id}
	At    time.Time
	Name  string // the message's resource name

	Author   chatfake.User // a person's message; zero for Onboard's
	Text     string        // a person's text as Chat shows it
	Mentions []span        // where the @mentions are in Text

	Msg *message        // Onboard's message, decoded
	Raw json.RawMessage // Onboard's message as it came, echoed with clicks

	Viewer string // users/{id}: only they see it; "" everyone
	// ConfigURL is set on the prompt a REQUEST_CONFIG answer shows: the
	// "Connect" link.
	ConfigURL string

	apiUpdated string // the message's lastUpdateTime in chatfake (API messages)
}

// span is the rune offsets [Start, End) of a mention in entry.Text.
type span struct{ Start, End int }

// pendingSend is a message Chat sends again once the person completes a
// configuration request (docs/chat-platform.md §10).
type pendingSend struct {
	send   sendRequest
	msgID  string
	prompt string // the prompt entry's ID, cleared when the config completes
}

// dialog is an open dialog: who opened it where, and from which message.
type dialog struct {
	ID     string
	Person string // their email
	Space  string // the page's space argument: an id, or "dm"
	Entry  string // the message whose button opened it; "" for a command
}

// store is what the page shows and remembers. changed wakes every stream
// waiting on it.
type store struct {
	mu      sync.Mutex
	version uint64
	wake    chan struct{}
	seq     int
	entries []*entry
	byAPI   map[string]*entry // chatfake message name → entry
	pending map[string]*pendingSend
	dialogs map[string]*dialog
	order   []string // pending and dialog keys, oldest first, for the bounds
}

func newStore() *store {
	return &store{wake: make(chan struct{}), byAPI: map[string]*entry{},
		pending: map[string]*pendingSend{}, dialogs: map[string]*dialog{}}
}

// changedLocked bumps the version and wakes the streams.
func (s *store) changedLocked() {
	s.version++
	close(s.wake)
	s.wake = make(chan struct{})
}

// changed tells the streams something outside the store changed (a
// membership, a call).
func (s *store) changed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changedLocked()
}

// waiter is the current version and a channel closed at the next change.
func (s *store) waiter() (uint64, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version, s.wake
}

// add appends e, giving it an id.
func (s *store) add(e *entry) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(e)
	s.changedLocked()
	return e.ID
}

func (s *store) addLocked(e *entry) {
	s.seq++
	e.ID, e.Rev = "m"+strconv.Itoa(s.seq), 1
	if e.At.IsZero() {
		e.At = time.Now()
	}
	s.entries = append(s.entries, e)
	if len(s.entries) > maxEntries {
		old := s.entries[0]
		delete(s.byAPI, old.Name)
		s.entries = s.entries[1:]
	}
}

// entry is a copy of the entry with id.
func (s *store) entry(id string) (entry, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if e.ID == id {
			return *e, true
		}
	}
	return entry{}, false
}

// replace gives the entry with id Onboard's message m (UPDATE_MESSAGE).
func (s *store) replace(id string, m *message, raw json.RawMessage) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range s.entries {
		if e.ID == id {
			e.Msg, e.Raw, e.Rev = m, raw, e.Rev+1
			s.changedLocked()
			return true
		}
	}
	return false
}

// remove drops the entry with id (a completed configuration prompt).
func (s *store) remove(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, e := range s.entries {
		if e.ID == id {
			s.entries = append(s.entries[:i], s.entries[i+1:]...)
			s.changedLocked()
			return
		}
	}
}

// visible is a copy of the entries of space that viewer may see, oldest
// first.
func (s *store) visible(space, viewer string) []entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []entry
	for _, e := range s.entries {
		if e.Space == space && (e.Viewer == "" || e.Viewer == viewer) {
			out = append(out, *e)
		}
	}
	return out
}

// syncAPI adds the messages Onboard posted through the Chat API that the
// page has not shown yet, and updates those it edited since. Only a
// change wakes the streams: the page's own refresh calls this too.
func (s *store) syncAPI(spaces []chatfake.SpaceSnapshot) {
	s.mu.Lock()
	defer s.mu.Unlock()
	changed := false
	for _, sp := range spaces {
		for _, cm := range sp.Messages {
			e := s.byAPI[cm.Name]
			if e != nil && e.apiUpdated == cm.LastUpdateTime {
				continue
			}
			raw, err := json.Marshal(cm)
			if err != nil {
				continue
			}
			var m message
			if json.Unmarshal(raw, &m) != nil {
				continue
			}
			changed = true
			if e != nil {
				e.Msg, e.Raw, e.Rev, e.apiUpdated = &m, raw, e.Rev+1, cm.LastUpdateTime
				continue
			}
			e = &entry{Space: sp.Name, Name: cm.Name, Msg: &m, Raw: raw, apiUpdated: cm.LastUpdateTime}
			if m.PrivateMessageViewer != nil {
				e.Viewer = m.PrivateMessageViewer.Name
			}
			s.addLocked(e)
			s.byAPI[cm.Name] = e
		}
	}
	if changed {
		s.changedLocked()
	}
}

// remember keeps v under key (a pending send or a dialog), forgetting the
// oldest beyond the bounds.
func (s *store) remember(key string, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch v := v.(type) {
	case *pendingSend:
		s.pending[key] = v
	case *dialog:
		s.dialogs[key] = v
	}
	live := s.order[:0]
	for _, k := range s.order { // drop the keys already claimed or closed
		if s.pending[k] != nil || s.dialogs[k] != nil {
			live = append(live, k)
		}
	}
	s.order = append(live, key)
	for len(s.pending) > maxPending || len(s.dialogs) > maxDialogs {
		delete(s.pending, s.order[0])
		delete(s.dialogs, s.order[0])
		s.order = s.order[1:]
	}
}

// claim returns and forgets the pending send under token: each
// completion link works once.
func (s *store) claim(token string) (*pendingSend, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pending[token]
	delete(s.pending, token)
	return p, ok
}

// dialog is the open dialog with id.
func (s *store) dialog(id string) (*dialog, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.dialogs[id]
	return d, ok
}

// closeDialog forgets the dialog with id.
func (s *store) closeDialog(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.dialogs, id)
}

// setPrompt notes the configuration prompt shown for the pending send
// under token, to clear it when the configuration completes.
func (s *store) setPrompt(token, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ps := s.pending[token]; ps != nil {
		ps.prompt = id
	}
}
