package chatfake

// spaces.messages.create, get, patch and update (docs/chat-platform.md §6.3).

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	chat "google.golang.org/api/chat/v1"
)

// clientMessageID is the documented shape of messageId: client-…, at most
// 63 characters of lowercase letters, digits and hyphens.
var clientMessageID = regexp.MustCompile(`^client-[a-z0-9-]{0,56}$`)

// Assumptions: an invalid messageId, an empty or oversized message and an
// unknown updateMask path are 400 INVALID_ARGUMENT; a messageId already
// used in the space is 409 ALREADY_EXISTS.
var (
	errBadMessageID   = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "messageId must begin with client- and contain up to 63 lowercase letters, numbers and hyphens."}
	errMessageIDTaken = &ruleError{http.StatusConflict, "ALREADY_EXISTS", "A message with this messageId already exists in the space."}
	errEmptyMessage   = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "Message cannot be empty. Set text, cardsV2 or accessoryWidgets."}
	errTooLarge       = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "Message exceeds the maximum size of 32,000 bytes."}
)

// messagesCreate: POST /v1/spaces/{space}/messages?messageId=&requestId=
// &threadKey=&messageReplyOption=. A repeated requestId in the space
// returns the first message unchanged and creates nothing.
func (s *Server) messagesCreate(w http.ResponseWriter, r *http.Request, _ *callAuth) {
	var body chat.Message
	if !decodeBody(w, r, &body) {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	if prev := sp.byRequest[q.Get("requestId")]; prev != nil {
		writeJSON(w, http.StatusOK, prev)
		return
	}
	msg, rerr := s.newMessage(sp, &body, q.Get("messageId"), q.Get("threadKey"))
	if rerr != nil {
		rerr.write(w)
		return
	}
	if id := q.Get("requestId"); id != "" {
		sp.byRequest[id] = msg
	}
	writeJSON(w, http.StatusOK, msg)
}

// newMessage validates body and stores it as a new message of sp.
func (s *Server) newMessage(sp *spaceState, body *chat.Message, clientID, threadKey string) (*chat.Message, *ruleError) {
	if clientID != "" && !clientMessageID.MatchString(clientID) {
		return nil, errBadMessageID
	}
	if clientID != "" && sp.byClientID[clientID] != nil {
		return nil, errMessageIDTaken
	}
	if rerr := checkContent(body); rerr != nil {
		return nil, rerr
	}
	if v := body.PrivateMessageViewer; v != nil {
		id, rerr := s.userSegment(v.Name)
		if rerr != nil {
			return nil, rerr
		}
		u := s.lookupUser(id)
		if u == nil {
			return nil, errNotFound
		}
		body.PrivateMessageViewer = &chat.User{Name: "users/" + u.ID, Type: "HUMAN"}
	}
	s.api.nextMessage++
	n := s.api.nextMessage
	msgID := fmt.Sprintf("m%010d.m%010d", n, n)
	now := s.now().UTC().Format(time.RFC3339Nano)
	msg := *body
	msg.Name = "spaces/" + sp.ID + "/messages/" + msgID
	msg.ClientAssignedMessageId = clientID
	msg.CreateTime = now
	msg.LastUpdateTime = ""
	msg.Sender = &chat.User{Name: "users/" + s.world.App.ID, Type: "BOT", DisplayName: s.world.App.DisplayName}
	msg.Space = &chat.Space{Name: "spaces/" + sp.ID, SpaceType: sp.SpaceType}
	msg.Thread = threadFor(sp, body.Thread, threadKey, msgID)
	sp.messages = append(sp.messages, &msg)
	if clientID != "" {
		sp.byClientID[clientID] = &msg
	}
	return &msg, nil
}

// threadFor names the message's thread: the given thread name, a name
// derived from the thread key (so a key always maps to one thread), or a
// new thread.
func threadFor(sp *spaceState, t *chat.Thread, key, msgID string) *chat.Thread {
	if t != nil && t.Name != "" {
		return &chat.Thread{Name: t.Name}
	}
	if t != nil && t.ThreadKey != "" {
		key = t.ThreadKey
	}
	if key != "" {
		h := sha256.Sum256([]byte(key))
		return &chat.Thread{Name: "spaces/" + sp.ID + "/threads/k" + hex.EncodeToString(h[:5]), ThreadKey: key}
	}
	return &chat.Thread{Name: "spaces/" + sp.ID + "/threads/" + strings.SplitN(msgID, ".", 2)[0]}
}

// checkContent rejects empty and oversized messages.
func checkContent(m *chat.Message) *ruleError {
	if m.Text == "" && len(m.CardsV2) == 0 && len(m.Cards) == 0 && len(m.AccessoryWidgets) == 0 && len(m.Attachment) == 0 {
		return errEmptyMessage
	}
	if b, _ := json.Marshal(m); len(b) > maxMessageBytes {
		return errTooLarge
	}
	return nil
}

// findMessage resolves the {message} segment: a system id or a client id.
func (sp *spaceState) findMessage(id string) *chat.Message {
	if m := sp.byClientID[id]; m != nil {
		return m
	}
	for _, m := range sp.messages {
		if m.Name == "spaces/"+sp.ID+"/messages/"+id {
			return m
		}
	}
	return nil
}

// messagesGet: GET /v1/spaces/{space}/messages/{message}.
func (s *Server) messagesGet(w http.ResponseWriter, r *http.Request, _ *callAuth) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.visibleSpace(r.PathValue("space"))
	var m *chat.Message
	if sp != nil {
		m = sp.findMessage(r.PathValue("message"))
	}
	if m == nil {
		errNotFound.write(w)
		return
	}
	writeJSON(w, http.StatusOK, m)
}

// messagePaths maps updateMask paths (snake_case or camelCase) to setters.
var messagePaths = map[string]func(dst, src *chat.Message){
	"text":              func(d, s *chat.Message) { d.Text = s.Text },
	"cards_v2":          func(d, s *chat.Message) { d.CardsV2 = s.CardsV2 },
	"cards":             func(d, s *chat.Message) { d.Cards = s.Cards },
	"accessory_widgets": func(d, s *chat.Message) { d.AccessoryWidgets = s.AccessoryWidgets },
	"attachment":        func(d, s *chat.Message) { d.Attachment = s.Attachment },
	"quoted_message_metadata": func(d, s *chat.Message) {
		d.QuotedMessageMetadata = nil // only removal is allowed
	},
}

// messagesUpdate: PATCH and PUT /v1/spaces/{space}/messages/{message}
// with updateMask (comma-separated; "*" = all paths) and allowMissing.
// allowMissing=true on a missing client-… message creates it and ignores
// updateMask; with a system id it is 400. App auth may update only the
// app's own messages (403 otherwise).
func (s *Server) messagesUpdate(w http.ResponseWriter, r *http.Request, _ *callAuth) {
	var body chat.Message
	if !decodeBody(w, r, &body) {
		return
	}
	id := r.PathValue("message")
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	m := sp.findMessage(id)
	if m == nil {
		s.upsertMissing(w, r, sp, &body, id)
		return
	}
	if m.Sender == nil || m.Sender.Name != "users/"+s.world.App.ID {
		writeError(w, http.StatusForbidden, "PERMISSION_DENIED", "Chat apps can only update their own messages.")
		return
	}
	setters, rerr := parseUpdateMask(r.URL.Query().Get("updateMask"))
	if rerr != nil {
		rerr.write(w)
		return
	}
	next := *m
	for _, set := range setters {
		set(&next, &body)
	}
	if rerr := checkContent(&next); rerr != nil {
		rerr.write(w)
		return
	}
	next.LastUpdateTime = s.now().UTC().Format(time.RFC3339Nano)
	*m = next
	writeJSON(w, http.StatusOK, m)
}

func (s *Server) upsertMissing(w http.ResponseWriter, r *http.Request, sp *spaceState, body *chat.Message, id string) {
	if !queryBool(r, "allowMissing") {
		errNotFound.write(w)
		return
	}
	if !strings.HasPrefix(id, "client-") {
		errBadMessageID.write(w)
		return
	}
	msg, rerr := s.newMessage(sp, body, id, "")
	if rerr != nil {
		rerr.write(w)
		return
	}
	writeJSON(w, http.StatusOK, msg)
}

func parseUpdateMask(mask string) ([]func(dst, src *chat.Message), *ruleError) {
	if strings.TrimSpace(mask) == "" {
		return nil, &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "updateMask is required."}
	}
	var out []func(dst, src *chat.Message)
	for _, p := range strings.Split(mask, ",") {
		p = strings.TrimSpace(p)
		if p == "*" {
			for _, all := range []string{"text", "cards_v2", "cards", "accessory_widgets", "attachment"} {
				out = append(out, messagePaths[all])
			}
			continue
		}
		set := messagePaths[snakeCase(p)]
		if set == nil {
			return nil, &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "Invalid updateMask path: " + p}
		}
		out = append(out, set)
	}
	return out, nil
}

// maskAliases maps the camelCase spellings clients also send.
var maskAliases = map[string]string{
	"cardsV2": "cards_v2", "accessoryWidgets": "accessory_widgets",
	"quotedMessageMetadata": "quoted_message_metadata",
}

func snakeCase(p string) string {
	if a, ok := maskAliases[p]; ok {
		return a
	}
	return p
}
