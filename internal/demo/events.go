package demo

// The classic events Chat sends when a person types or clicks
// (docs/chat-platform.md §1): what `say`, the playground and the
// end-to-end tests send Onboard.

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
)

const appUserName = "users/100000000000000000001" // the demo world's app id

// BuildEvent makes the classic event Chat sends when person (an email or
// its local part) types text in a space (an id, spaces/… name or display
// name) or, with dm, in their direct message with Onboard. @name words
// become USER_MENTION annotations and a known /command a slash command with
// both of Chat's id shapes. The end-to-end tests build their events here too.
func BuildEvent(w *chatfake.World, person, spaceArg string, dm bool, msgID, text string) (map[string]any, error) {
	return BuildMessage(w, Typed{Person: person, Space: spaceArg, DM: dm, MessageID: msgID, Text: text})
}

// Typed is a person typing a message in Chat.
type Typed struct {
	Person    string // an email, its local part or a first name
	Space     string // a space id, spaces/… name or display name; ignored with DM
	DM        bool   // their direct message with Onboard
	MessageID string // "" for a new random one
	Text      string
	Locale    string // common.userLocale; "" is "en"
	// ConfigCompleteURL is the event's configCompleteRedirectUrl: where
	// the person's browser goes after a configuration request, so that
	// Chat sends the message again. "" sends none.
	ConfigCompleteURL string
}

// BuildMessage is BuildEvent with every choice a person makes in Chat.
func BuildMessage(w *chatfake.World, t Typed) (map[string]any, error) {
	u, err := FindPerson(w, t.Person)
	if err != nil {
		return nil, err
	}
	space, err := FindSpace(w, t.Space, t.DM, u)
	if err != nil {
		return nil, err
	}
	text, annotations, err := mentions(w, t.Text)
	if err != nil {
		return nil, err
	}
	msgID := t.MessageID
	if msgID == "" {
		msgID = randomID()
	}
	user := chatUser(u)
	msg := map[string]any{
		"name": space["name"].(string) + "/messages/" + msgID, "sender": user, "text": text,
		"argumentText": text, "space": space, "createTime": time.Now().UTC().Format(time.RFC3339Nano),
	}
	ev := map[string]any{"type": "MESSAGE", "eventTime": msg["createTime"], "user": user, "space": space,
		"message": msg, "common": common(t.Locale)}
	if t.ConfigCompleteURL != "" {
		ev["configCompleteRedirectUrl"] = t.ConfigCompleteURL
	}
	if word, rest, _ := strings.Cut(text, " "); strings.HasPrefix(word, "/") {
		if id, ok := commandID(strings.TrimPrefix(word, "/")); ok {
			annotations = append([]any{map[string]any{"type": "SLASH_COMMAND", "startIndex": 0, "length": utf16Len(word),
				"slashCommand": map[string]any{"bot": map[string]any{"name": appUserName, "displayName": "Onboard", "type": "BOT"},
					"type": "INVOKE", "commandName": word, "commandId": strconv.FormatInt(id, 10)}}}, annotations...)
			msg["slashCommand"] = map[string]any{"commandId": strconv.FormatInt(id, 10)}
			msg["argumentText"] = " " + rest
			ev["appCommandMetadata"] = map[string]any{"appCommandId": id, "appCommandType": "SLASH_COMMAND"}
		}
	}
	msg["annotations"] = annotations
	return ev, nil
}

// IsCommand reports whether text starts with one of Onboard's slash
// commands, as Chat recognises them.
func IsCommand(text string) bool {
	word, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	_, ok := commandID(strings.TrimPrefix(word, "/"))
	return ok && strings.HasPrefix(word, "/")
}

func chatUser(u chatfake.User) map[string]any {
	return map[string]any{"name": "users/" + u.ID, "displayName": u.DisplayName, "email": u.Email, "type": "HUMAN"}
}

// common is the event's common object; "en" when no locale is given.
func common(locale string) map[string]any {
	if locale == "" {
		locale = "en"
	}
	return map[string]any{"userLocale": locale, "hostApp": "CHAT"}
}

// mentions turns @name into the display name Chat shows and a USER_MENTION
// annotation (indices in UTF-16 code units). name is a person's whole
// display name ("@Alice Ng", as Chat's mention chip reads), first name,
// email or its local part.
func mentions(w *chatfake.World, text string) (string, []any, error) {
	var out strings.Builder
	var annotations []any
	words := strings.Split(text, " ")
	for i := 0; i < len(words); i++ {
		if i > 0 {
			out.WriteByte(' ')
		}
		if !strings.HasPrefix(words[i], "@") || words[i] == "@" {
			out.WriteString(words[i])
			continue
		}
		if strings.EqualFold(words[i], "@"+w.App.DisplayName) { // @Onboard: the app itself
			shown := "@" + w.App.DisplayName
			annotations = append(annotations, map[string]any{"type": "USER_MENTION", "startIndex": utf16Len(out.String()),
				"length": utf16Len(shown), "userMention": map[string]any{"type": "MENTION",
					"user": map[string]any{"name": "users/" + w.App.ID, "displayName": w.App.DisplayName, "type": "BOT"}}})
			out.WriteString(shown)
			continue
		}
		u, n, err := mentioned(w, words[i:])
		if err != nil {
			return "", nil, err
		}
		i += n - 1
		shown := "@" + u.DisplayName
		annotations = append(annotations, map[string]any{"type": "USER_MENTION", "startIndex": utf16Len(out.String()),
			"length": utf16Len(shown), "userMention": map[string]any{"type": "MENTION",
				"user": map[string]any{"name": "users/" + u.ID, "displayName": u.DisplayName, "type": "HUMAN"}}})
		out.WriteString(shown)
	}
	return out.String(), annotations, nil
}

// mentioned is the person that words (the first starts with @) name, and
// how many words the name takes: the longest whole display name they begin
// with, else the first word alone.
func mentioned(w *chatfake.World, words []string) (chatfake.User, int, error) {
	var best chatfake.User
	n := 0
	for _, u := range w.Users {
		parts := strings.Fields(u.DisplayName)
		if len(parts) > n && len(parts) <= len(words) &&
			strings.EqualFold(strings.Join(words[:len(parts)], " "), "@"+strings.Join(parts, " ")) {
			best, n = u, len(parts)
		}
	}
	if n > 0 {
		return best, n, nil
	}
	u, err := FindPerson(w, strings.TrimPrefix(words[0], "@"))
	return u, 1, err
}

// FindPerson is the world's person who names: an email, its local part or
// a first name, in any case.
func FindPerson(w *chatfake.World, who string) (chatfake.User, error) {
	who = strings.ToLower(who)
	var names []string
	for _, u := range w.Users {
		local, _, _ := strings.Cut(u.Email, "@")
		if who != "" && (who == u.Email || who == local || who == strings.ToLower(firstName(u))) {
			return u, nil
		}
		names = append(names, local)
	}
	return chatfake.User{}, &UnknownPersonError{Who: who, Known: names}
}

// UnknownPersonError is a name that is none of the world's people. It is
// typed so that the playground can say it in the page's language.
type UnknownPersonError struct {
	Who   string   // as asked, lower-cased
	Known []string // the local parts of the people there are
}

func (e *UnknownPersonError) Error() string {
	return fmt.Sprintf("no demo person %q; try one of %s", e.Who, strings.Join(e.Known, ", "))
}

// FindSpace is the event's space for arg (an id, spaces/… name or display
// name) or, with dm, u's direct message with Onboard: the world's own when
// it has one, so that what Onboard posts there lands in the fake.
func FindSpace(w *chatfake.World, arg string, dm bool, u chatfake.User) (map[string]any, error) {
	if dm {
		name := "spaces/dm-" + u.ID
		for _, s := range w.Spaces {
			if s.SingleUserBotDM && len(s.Members) == 1 && s.Members[0].User == u.ID {
				name = "spaces/" + s.ID
			}
		}
		return map[string]any{"name": name, "type": "DM", "spaceType": "DIRECT_MESSAGE", "singleUserBotDm": true}, nil
	}
	for _, s := range w.Spaces {
		if arg == s.ID || arg == "spaces/"+s.ID || (s.DisplayName != "" && strings.EqualFold(arg, s.DisplayName)) {
			return map[string]any{"name": "spaces/" + s.ID, "displayName": s.DisplayName, "spaceType": s.SpaceType,
				"singleUserBotDm": s.SingleUserBotDM}, nil
		}
	}
	return nil, &UnknownSpaceError{Arg: arg}
}

// UnknownSpaceError is a space that is none of the world's.
type UnknownSpaceError struct{ Arg string }

func (e *UnknownSpaceError) Error() string { return fmt.Sprintf("no demo space %q", e.Arg) }

// firstName is the first word of u's display name ("" without one).
func firstName(u chatfake.User) string {
	if f := strings.Fields(u.DisplayName); len(f) > 0 {
		return f[0]
	}
	return ""
}

func commandID(name string) (int64, bool) {
	for id, c := range bot.DefaultCommandIDs() {
		if string(c) == name {
			return id, true
		}
	}
	return 0, false
}

func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func randomID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
