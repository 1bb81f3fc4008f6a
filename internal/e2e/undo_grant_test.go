package e2e

import (
	"strings"
	"testing"
)

// Undo of someone added with the asker's own Google account runs with the
// clicker's own account too, never Onboard's: after sam disconnects, his
// Undo gets the private sign-in card and removes nobody; once he connects
// again, the same Undo removes carol with his account.
func TestUndoWithTheClickersOwnGrant(t *testing.T) {
	o := startConnectable(t, worldWithPartners(t), "ADD_USERS_AS=invoker")
	body := o.connectThenResend(t, event(t, o, "sam", "AAAAonbrd01", false, "undo1", "/invite carol@example.com"), "sam@example.com")
	if got := readReply(t, body, false).Rows["carol@example.com"]; !strings.HasPrefix(got, "Added — With the requester's own Google account") {
		t.Fatalf("carol's row %q, want added with sam's own account", got)
	}
	undo := button(t, chatAnswer(t, body), "Undo")

	if status, _ := o.post(o.urlToken(), event(t, o, "sam", "", true, "undo2", "/disconnect")); status != 200 {
		t.Fatalf("/disconnect: status %d", status)
	}
	signIn := o.click(t, "sam", undo, "", nil)
	if signIn.PrivateMessageViewer == nil || len(signIn.CardsV2) == 0 || signIn.CardsV2[0].CardId != "onboard-connect" {
		t.Errorf("Undo without a grant: %+v, want the private sign-in card", signIn)
	}
	if n := len(o.callsBy("chat.spaces.members.delete", "")); n != 0 || o.state(platform, "carol@example.com") != "JOINED" {
		t.Fatalf("Undo without a grant made %d deletes (carol %q), want none", n, o.state(platform, "carol@example.com"))
	}

	o.connectThenResend(t, event(t, o, "sam", "", true, "undo3", "/connect"), "sam@example.com")
	undone := o.click(t, "sam", undo, "", nil)
	if undone.ActionResponse == nil || undone.ActionResponse.Type != "UPDATE_MESSAGE" || undone.CardsV2[0].Card.Header.Title != "Undone" {
		t.Errorf("Undo once connected again: %+v, want the result card replaced", undone)
	}
	deletes := o.callsBy("chat.spaces.members.delete", "users/"+samID)
	if len(deletes) != 1 || len(o.callsBy("chat.spaces.members.delete", "app")) != 0 || o.state(platform, "carol@example.com") != "" {
		t.Errorf("deletes as sam %d, as Onboard %d, carol %q; want one as sam and carol gone", len(deletes),
			len(o.callsBy("chat.spaces.members.delete", "app")), o.state(platform, "carol@example.com"))
	}
}
