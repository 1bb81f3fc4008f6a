package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	chat "google.golang.org/api/chat/v1"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
	"github.com/onboard-chat/onboard/internal/store"
)

// chatAnswer is Onboard's answer as chat/v1 reads it, strictly.
func chatAnswer(t *testing.T, body []byte) chat.Message {
	t.Helper()
	readReply(t, body, false) // strict decoding, and it is a chat.Message
	var m chat.Message
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// button finds the button labelled text on m's cards or in the dialog it
// opens, and returns its action.
func button(t *testing.T, m chat.Message, text string) *chat.GoogleAppsCardV1Action {
	t.Helper()
	var cards []*chat.GoogleAppsCardV1Card
	for _, c := range m.CardsV2 {
		cards = append(cards, c.Card)
	}
	if ar := m.ActionResponse; ar != nil && ar.DialogAction != nil && ar.DialogAction.Dialog != nil {
		cards = append(cards, ar.DialogAction.Dialog.Body)
	}
	for _, c := range cards {
		var buttons []*chat.GoogleAppsCardV1Button
		if f := c.FixedFooter; f != nil {
			buttons = append(buttons, f.PrimaryButton, f.SecondaryButton)
		}
		for _, s := range c.Sections {
			for _, w := range s.Widgets {
				if w.ButtonList != nil {
					buttons = append(buttons, w.ButtonList.Buttons...)
				}
			}
		}
		for _, b := range buttons {
			if b != nil && b.Text == text && b.OnClick != nil && b.OnClick.Action != nil {
				return b.OnClick.Action
			}
		}
	}
	t.Fatalf("no button %q in %+v", text, m)
	return nil
}

// click is person clicking action (dialog: its dialog event, "" for a
// plain click) in Platform Team, with form's values; it returns the answer.
func (o *onboard) click(t *testing.T, person string, a *chat.GoogleAppsCardV1Action, dialog string, form map[string][]string) chat.Message {
	t.Helper()
	return o.clickIn(t, demo.Click{Person: person, Space: "AAAAonbrd01", Dialog: dialog, Form: form}, a)
}

// clickIn is c with a's function and parameters.
func (o *onboard) clickIn(t *testing.T, c demo.Click, a *chat.GoogleAppsCardV1Action) chat.Message {
	t.Helper()
	c.Function = a.Function
	for _, p := range a.Parameters {
		c.Parameters = append(c.Parameters, demo.Param{Key: p.Key, Value: p.Value})
	}
	ev, err := demo.BuildClick(o.world, c)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(ev)
	status, body := o.post(o.urlToken(), b)
	if status != 200 {
		t.Fatalf("click %s: status %d %s", a.Function, status, body)
	}
	return chatAnswer(t, body)
}

// status is a dialog answer's status: its code and message.
func status(t *testing.T, m chat.Message) (string, string) {
	t.Helper()
	if m.ActionResponse == nil || m.ActionResponse.Type != "DIALOG" || m.ActionResponse.DialogAction == nil ||
		m.ActionResponse.DialogAction.ActionStatus == nil {
		t.Fatalf("want a dialog's status, got %+v", m)
	}
	st := m.ActionResponse.DialogAction.ActionStatus
	return st.StatusCode, st.UserFacingMessage
}

// postedText is whether Onboard posted a message in Platform Team whose
// text holds s.
func (o *onboard) postedText(s string) bool {
	for _, m := range o.fake.Messages("AAAAonbrd01") {
		if strings.Contains(m.Text, s) {
			return true
		}
	}
	return false
}

// The invite dialog through the binary: /invite with nothing to invite
// offers it; its button opens it with Chat's people picker; a submit with
// an entry that is not a person stays open, names it and changes nothing;
// the close icon changes nothing; a good submit closes it, adds the people
// and posts the result in the space; a command Chat opens a dialog for
// gets it, filled in, and runs nothing.
func TestDialogEndToEnd(t *testing.T) {
	o := start(t, "url")
	_, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "", "/invite"))
	offer := chatAnswer(t, body)
	if offer.PrivateMessageViewer == nil {
		t.Error("the offer of the dialog is shown to everyone")
	}
	open := button(t, offer, "Invite people…")
	if open.Interaction != "OPEN_DIALOG" {
		t.Errorf("the offer's button does not open a dialog: %+v", open)
	}
	dialog := o.click(t, "sam", open, "REQUEST_DIALOG", nil)
	body2, _ := json.Marshal(dialog)
	if !strings.Contains(string(body2), `"commonDataSource":"USER"`) {
		t.Errorf("the dialog has no people picker: %s", body2)
	}
	submit := button(t, dialog, "Invite")
	code, msg := status(t, o.click(t, "sam", submit, "SUBMIT_DIALOG",
		map[string][]string{"people": {alice, bob}, "addresses": {"carol@example.com, tomorrow"}}))
	if code != "INVALID_ARGUMENT" || !strings.Contains(msg, "tomorrow") {
		t.Errorf("a submit naming tomorrow: %s %q, want it kept open naming it", code, msg)
	}
	if code, _ := status(t, o.click(t, "sam", &chat.GoogleAppsCardV1Action{}, "CANCEL_DIALOG", nil)); code != "OK" {
		t.Errorf("close icon: %s, want the dialog closed", code)
	}
	if n := o.creates(); n != 0 {
		t.Fatalf("%d members.create calls before a good submit", n)
	}
	code, msg = status(t, o.click(t, "sam", submit, "SUBMIT_DIALOG",
		map[string][]string{"people": {alice, bob}, "addresses": {"carol@example.com"}}))
	if code != "OK" || !strings.HasPrefix(msg, "Done: ") {
		t.Errorf("good submit: %s %q, want it closed saying what was done", code, msg)
	}
	for user, st := range map[string]string{alice: "JOINED", bob: "INVITED", "carol@example.com": "JOINED"} {
		if got := o.state(platform, user); got != st {
			t.Errorf("%s is %q, want %s", user, got, st)
		}
	}
	waitFor(t, 20*time.Second, "the result posted in the space", func() bool { return o.postedText("Invite results") })

	ev, err := demo.BuildEvent(o.world, "sam", "AAAAonbrd01", false, "", "/invite dave@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ev["isDialogEvent"], ev["dialogEventType"] = true, "REQUEST_DIALOG"
	b, _ := json.Marshal(ev)
	before := o.creates()
	_, body = o.post(o.urlToken(), b)
	filled := chatAnswer(t, body)
	if fb, _ := json.Marshal(filled); !strings.Contains(string(fb), `"value":"dave@example.com"`) || o.creates() != before {
		t.Errorf("a command opening a dialog: %s, want the dialog with dave filled in and nothing run", fb)
	}
}

// database opens the process's SQLite database beside it, to read what
// it saved — and to age a preview as ten minutes would.
func (o *onboard) database(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), "sqlite:"+o.sqlitePath())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// createsFor counts the members.create calls whose body holds s.
func (o *onboard) createsFor(s string) int {
	n := 0
	for _, c := range o.fake.Calls() {
		if c.Method == "chat.spaces.members.create" && strings.Contains(string(c.Body), s) {
			n++
		}
	}
	return n
}

// fifty is an /invite of 49 addresses named after prefix, and dave.
func fifty(prefix string) string {
	var b strings.Builder
	b.WriteString("/invite")
	for i := range 49 {
		fmt.Fprintf(&b, " %s%d@example.com", prefix, i)
	}
	return b.String() + " dave@example.com"
}

// A 50-person request through the binary: a private preview, and no
// membership call or saved work until Confirm; someone else's Confirm, a
// Confirm ten minutes later, or a second Confirm changes nothing more;
// Confirm replaces the preview and adds them, once.
func TestPreviewEndToEnd(t *testing.T) {
	o := start(t, "url", "CHAT_MEMBERSHIP_WRITES_PER_MIN=6000")
	db := o.database(t)
	_, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "", fifty("newbie")))
	preview := chatAnswer(t, body)
	if preview.PrivateMessageViewer == nil || len(preview.CardsV2) != 1 || preview.CardsV2[0].Card.Header.Title != "Preview — nothing has changed yet" {
		t.Fatalf("a 50-person /invite: %+v, want a private preview", preview)
	}
	confirm := button(t, preview, "Confirm")
	nothing := func(when string) {
		t.Helper()
		if n := o.creates(); n != 0 {
			t.Fatalf("%s: %d members.create calls, want none", when, n)
		}
		if recent, err := db.RecentBatches(t.Context(), "users/"+samID, 10); err != nil || len(recent) != 0 {
			t.Fatalf("%s: %d batches saved (%v), want none", when, len(recent), err)
		}
	}
	nothing("after the preview")
	if r := o.click(t, "dave", confirm, "", nil); r.PrivateMessageViewer == nil || !strings.Contains(r.Text, "only the person who asked") {
		t.Errorf("dave's Confirm: %q, want a private refusal", r.Text)
	}
	nothing("after dave's Confirm")

	update := o.click(t, "sam", confirm, "", nil)
	if update.ActionResponse == nil || update.ActionResponse.Type != "UPDATE_MESSAGE" ||
		update.CardsV2[0].Card.Header.Title != "Preview confirmed" {
		t.Fatalf("sam's Confirm: %+v, want the preview replaced by its confirmation", update)
	}
	waitFor(t, 60*time.Second, "49 newcomers asked for", func() bool { return o.createsFor("newbie") == 49 })
	o.click(t, "sam", confirm, "", nil)
	if recent, err := db.RecentBatches(t.Context(), "users/"+samID, 10); err != nil || len(recent) != 1 {
		t.Errorf("after a second Confirm: %d batches (%v), want 1", len(recent), err)
	}

	_, body = o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "", fifty("late")))
	late := chatAnswer(t, body)
	id := button(t, late, "Confirm").Parameters[0].Value
	if _, err := db.DB().ExecContext(t.Context(), `UPDATE onboard_previews SET created_at = $1 WHERE id = $2`,
		time.Now().Add(-11*time.Minute).UTC(), id); err != nil {
		t.Fatal(err)
	}
	if r := o.click(t, "sam", button(t, late, "Confirm"), "", nil); !strings.Contains(r.Text, "the preview expired") {
		t.Errorf("Confirm ten minutes later: %q, want expired", r.Text)
	}
	if n := o.createsFor("late"); n != 0 {
		t.Errorf("the expired preview made %d members.create calls", n)
	}
}

// Retry failed and Undo through the binary: Chat fails carol's addition
// with an answer Onboard does not know (an API error, which a retry may
// overcome); Retry failed asks again for her alone
// — not for someone outside the organisation or no one of that address —
// and only for someone with the right; Undo replaces the result card, and
// a second Undo says it was undone already.
func TestRetryAndUndoEndToEnd(t *testing.T) {
	o := start(t, "url")
	o.fake.FailNextFor("chat.spaces.members.create", "carol@example.com", 1, 412, "FAILED_PRECONDITION", "Something Chat does not explain.")
	_, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "",
		"/invite carol@example.com erin@partner.test nobody@example.com @alice"))
	result := chatAnswer(t, body)
	r := readReply(t, body, false)
	if !strings.HasPrefix(r.Rows["carol@example.com"], "Not added") || !strings.HasPrefix(r.Rows["Alice Ng"], "Added") {
		t.Fatalf("first try: %v, want carol not added and alice added", r.Rows)
	}
	retry := button(t, result, "Retry failed")
	if got := o.click(t, "dave", retry, "", nil); got.PrivateMessageViewer == nil || o.createsFor("carol") != 1 {
		t.Errorf("dave's retry: %q (creates for carol %d), want a private refusal and no call", got.Text, o.createsFor("carol"))
	}
	again := o.click(t, "sam", retry, "", nil)
	if o.createsFor("carol") != 2 || o.createsFor("nobody") != 1 || o.state(platform, "carol@example.com") != "JOINED" {
		t.Errorf("sam's retry: creates for carol %d, for nobody %d, carol %q; want 2, 1, JOINED",
			o.createsFor("carol"), o.createsFor("nobody"), o.state(platform, "carol@example.com"))
	}
	if again.PrivateMessageViewer != nil || again.ActionResponse != nil && again.ActionResponse.Type == "UPDATE_MESSAGE" {
		t.Errorf("the retry's result: %+v, want a new card for everyone", again)
	}

	undo := button(t, result, "Undo")
	undone := o.click(t, "sam", undo, "", nil)
	if undone.ActionResponse == nil || undone.ActionResponse.Type != "UPDATE_MESSAGE" || undone.CardsV2[0].Card.Header.Title != "Undone" {
		t.Fatalf("Undo: %+v, want the result card replaced", undone)
	}
	if b, _ := json.Marshal(undone); strings.Contains(string(b), `"function":"undo"`) {
		t.Error("the undone card still offers Undo")
	}
	if o.state(platform, alice) != "" {
		t.Error("alice is still a member after Undo")
	}
	second := o.click(t, "sam", undo, "", nil)
	if second.PrivateMessageViewer == nil || !strings.Contains(second.Text, "undone already") {
		t.Errorf("second Undo: %q, want a private \"undone already\"", second.Text)
	}
}

// Retry failed of people added with admin access runs with the clicker's
// own grant and admin access, on the same path: an Onboard admin who has
// not connected gets the sign-in card a click needs, and nothing is
// called; one who has sees the person added with their admin access.
func TestRetryWithTheClickersOwnGrant(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	o := startConnectable(t, world)
	o.fake.FailNextFor("chat.spaces.members.create", "carol@example.com", 1, 412, "FAILED_PRECONDITION", "Something Chat does not explain.")
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "retry-admin", "/invite --admin spaces/AAAApeopl07 carol@example.com"),
		"sam@example.com")
	if got := readReply(t, body, false).Rows["carol@example.com"]; !strings.HasPrefix(got, "Not added") {
		t.Fatalf("carol's row %q, want not added", got)
	}
	retry := button(t, chatAnswer(t, body), "Retry failed")
	before := len(o.callsBy("chat.spaces.members.create", ""))
	connect := o.clickIn(t, demo.Click{Person: "dave", DM: true}, retry)
	if connect.PrivateMessageViewer == nil || len(connect.CardsV2) == 0 || connect.CardsV2[0].CardId != "onboard-connect" {
		t.Errorf("dave's retry without a grant: %+v, want the private sign-in card", connect)
	}
	if n := len(o.callsBy("chat.spaces.members.create", "")); n != before {
		t.Errorf("dave's retry made %d members.create calls", n-before)
	}
	o.clickIn(t, demo.Click{Person: "sam", DM: true}, retry)
	creates := o.callsBy("chat.spaces.members.create", "users/"+samID)
	if len(creates) != 2 || !creates[1].AdminAccess || o.state("spaces/AAAApeopl07", "carol@example.com") != "JOINED" {
		t.Errorf("sam's retry: creates %+v, carol %q; want a second create with his admin access, carol joined",
			creates, o.state("spaces/AAAApeopl07", "carol@example.com"))
	}
}
