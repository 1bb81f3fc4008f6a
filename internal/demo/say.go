package demo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
	"github.com/onboard-chat/onboard/internal/cli"
)

const appUserName = "users/100000000000000000001" // the demo world's app id

// Say implements `onboard say [--as PERSON] [--space SPACE | --dm] TEXT`:
// it sends the running demo the event Chat would send when PERSON types
// TEXT, signed as Chat signs it, and prints the reply card as text.
func Say(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("say", flag.ContinueOnError)
	fs.SetOutput(stdout)
	as := fs.String("as", "sam", "who types: a demo person's email or its local part")
	spaceArg := fs.String("space", "AAAAonbrd01", "where: a space id, spaces/… name or display name")
	dm := fs.Bool("dm", false, "type in your direct message with Onboard instead of a space")
	msgID := fs.String("message-id", "", "message id to send (repeat one to show redelivery)")
	if err := fs.Parse(args); err != nil {
		return cli.FlagError(err) // -h: help, exit 0; a wrong flag: exit 2
	}
	text := strings.Join(fs.Args(), " ")
	if text == "" {
		return fmt.Errorf(`say: what should %s type? e.g. say --as sam "/invite @alice"`, *as)
	}
	st, err := readState()
	if err != nil {
		return err
	}
	w, err := chatfake.DefaultWorld()
	if err != nil {
		return err
	}
	ev, err := BuildEvent(w, *as, *spaceArg, *dm, *msgID, text)
	if err != nil {
		return err
	}
	token, err := fakeauth.MintURLTokenWithKey(st.SigningKey, st.Audience, time.Now())
	if err != nil {
		return err
	}
	reply, err := post(ctx, st.AppURL, token, ev)
	if err != nil {
		return err
	}
	return render(stdout, reply)
}

func post(ctx context.Context, url, token string, ev any) ([]byte, error) {
	body, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Google-Dynamite")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("is the demo running (`go run .`)? %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("Onboard answered %s: %s", resp.Status, b)
	}
	return b, nil
}

// BuildEvent makes the classic event Chat sends when person (an email or
// its local part) types text in a space (an id, spaces/… name or display
// name) or, with dm, in their direct message with Onboard. @name words
// become USER_MENTION annotations and a known /command a slash command with
// both of Chat's id shapes. The end-to-end tests build their events here too.
func BuildEvent(w *chatfake.World, person, spaceArg string, dm bool, msgID, text string) (map[string]any, error) {
	u, err := findPerson(w, person)
	if err != nil {
		return nil, err
	}
	user := map[string]any{"name": "users/" + u.ID, "displayName": u.DisplayName, "email": u.Email, "type": "HUMAN"}
	space, err := findSpace(w, spaceArg, dm, u)
	if err != nil {
		return nil, err
	}
	text, annotations, err := mentions(w, text)
	if err != nil {
		return nil, err
	}
	if msgID == "" {
		msgID = randomID()
	}
	msg := map[string]any{
		"name": space["name"].(string) + "/messages/" + msgID, "sender": user, "text": text,
		"argumentText": text, "space": space, "createTime": time.Now().UTC().Format(time.RFC3339Nano),
	}
	ev := map[string]any{"type": "MESSAGE", "eventTime": msg["createTime"], "user": user, "space": space,
		"message": msg, "common": map[string]any{"userLocale": "en", "hostApp": "CHAT"}}
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

// mentions turns @name into the display name Chat shows and a USER_MENTION
// annotation (indices in UTF-16 code units).
func mentions(w *chatfake.World, text string) (string, []any, error) {
	var out strings.Builder
	var annotations []any
	for i, word := range strings.Split(text, " ") {
		if i > 0 {
			out.WriteByte(' ')
		}
		name, ok := strings.CutPrefix(word, "@")
		if !ok || name == "" {
			out.WriteString(word)
			continue
		}
		if strings.EqualFold(name, w.App.DisplayName) { // @Onboard: the app itself
			shown := "@" + w.App.DisplayName
			annotations = append(annotations, map[string]any{"type": "USER_MENTION", "startIndex": utf16Len(out.String()),
				"length": utf16Len(shown), "userMention": map[string]any{"type": "MENTION",
					"user": map[string]any{"name": "users/" + w.App.ID, "displayName": w.App.DisplayName, "type": "BOT"}}})
			out.WriteString(shown)
			continue
		}
		u, err := findPerson(w, name)
		if err != nil {
			return "", nil, err
		}
		shown := "@" + u.DisplayName
		annotations = append(annotations, map[string]any{"type": "USER_MENTION", "startIndex": utf16Len(out.String()),
			"length": utf16Len(shown), "userMention": map[string]any{"type": "MENTION",
				"user": map[string]any{"name": "users/" + u.ID, "displayName": u.DisplayName, "type": "HUMAN"}}})
		out.WriteString(shown)
	}
	return out.String(), annotations, nil
}

func findPerson(w *chatfake.World, who string) (chatfake.User, error) {
	who = strings.ToLower(who)
	var names []string
	for _, u := range w.Users {
		local, _, _ := strings.Cut(u.Email, "@")
		if who == u.Email || who == local || who == strings.ToLower(strings.Fields(u.DisplayName)[0]) {
			return u, nil
		}
		names = append(names, local)
	}
	return chatfake.User{}, fmt.Errorf("no demo person %q; try one of %s", who, strings.Join(names, ", "))
}

func findSpace(w *chatfake.World, arg string, dm bool, u chatfake.User) (map[string]any, error) {
	if dm {
		return map[string]any{"name": "spaces/dm-" + u.ID, "type": "DM", "spaceType": "DIRECT_MESSAGE", "singleUserBotDm": true}, nil
	}
	for _, s := range w.Spaces {
		if arg == s.ID || arg == "spaces/"+s.ID || strings.EqualFold(arg, s.DisplayName) {
			return map[string]any{"name": "spaces/" + s.ID, "displayName": s.DisplayName, "spaceType": s.SpaceType,
				"singleUserBotDm": s.SingleUserBotDM}, nil
		}
	}
	return nil, fmt.Errorf("no demo space %q", arg)
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
