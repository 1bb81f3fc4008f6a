package demo

import (
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// @mentions as a person types them in Chat — a whole display name, a
// first name, an address's local part — are one USER_MENTION each, and
// Chat's text shows the display name.
func TestMentionsByDisplayName(t *testing.T) {
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ typed, text string }{
		{"/invite @Alice Ng @bob carol@example.com", "/invite @Alice Ng @Bob Ortiz carol@example.com"},
		{"/invite @alice ng", "/invite @Alice Ng"},
		{"/invite @alice Ngx", "/invite @Alice Ng Ngx"},
	} {
		ev, err := BuildEvent(w, "sam", "AAAAonbrd01", false, "m1", tc.typed)
		if err != nil {
			t.Fatal(err)
		}
		msg := ev["message"].(map[string]any)
		if msg["text"] != tc.text {
			t.Errorf("%q: text %q, want %q", tc.typed, msg["text"], tc.text)
		}
	}
	ev, _ := BuildEvent(w, "sam", "AAAAonbrd01", false, "m1", "/invite @Alice Ng @bob")
	var mentioned []string
	for _, a := range ev["message"].(map[string]any)["annotations"].([]any) {
		a := a.(map[string]any)
		if a["type"] == "USER_MENTION" {
			mentioned = append(mentioned, a["userMention"].(map[string]any)["user"].(map[string]any)["name"].(string))
		}
	}
	if len(mentioned) != 2 || mentioned[0] != "users/222222222222222222222" || mentioned[1] != "users/333333333333333333333" {
		t.Errorf("mentioned %v, want Alice then Bob", mentioned)
	}
}

// A direct message with Onboard is the world's own when it has one, so
// that what Onboard posts there lands in the fake; an empty space name
// matches no unnamed group chat.
func TestFindSpace(t *testing.T) {
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	sam, _ := FindPerson(w, "sam")
	alice, _ := FindPerson(w, "alice")
	for _, tc := range []struct {
		who  chatfake.User
		arg  string
		dm   bool
		want string
	}{
		{sam, "", true, "spaces/_dmSamOnb01"},
		{alice, "", true, "spaces/dm-222222222222222222222"},
		{sam, "platform team", false, "spaces/AAAAonbrd01"},
		{sam, "spaces/AAAAnotapp02", false, "spaces/AAAAnotapp02"},
	} {
		sp, err := FindSpace(w, tc.arg, tc.dm, tc.who)
		if err != nil || sp["name"] != tc.want {
			t.Errorf("FindSpace(%q, dm %v) = %v, %v; want %s", tc.arg, tc.dm, sp["name"], err, tc.want)
		}
	}
	if sp, err := FindSpace(w, "", false, sam); err == nil {
		t.Errorf("FindSpace(\"\") = %v, want no space", sp["name"])
	}
}
