package e2e

import (
	"strings"
	"testing"
)

// A Google Group in an /onboard: the plan's named space gets the group,
// added with the asker's own account after a lookup; the plan's group
// chat refuses it before any call — groups go only into named spaces.
func TestOnboardAddsAGroupWhereAPlanAllows(t *testing.T) {
	o := startConnectable(t, worldWithPartners(t), "PREVIEW_OVER=0")
	for i, line := range []string{"/plan create eng", "/plan add eng spaces/AAAAonbrd01", "/plan add eng spaces/AAAAgroup03"} {
		if status, body := o.post(o.urlToken(), event(t, o, "sam", "", true, "plan"+string(rune('a'+i)), line)); status != 200 {
			t.Fatalf("%s: %d %s", line, status, body)
		}
	}
	body := o.connectThenResend(t, event(t, o, "sam", "", true, "onb1", "/onboard group:eng@example.com eng"), "sam@example.com")
	raw := string(readReply(t, body, false).Raw)
	if !strings.Contains(raw, "With the requester's own Google account") || !strings.Contains(raw, "only be added to named spaces") {
		t.Errorf("/onboard of a group: want it added to Platform Team with sam's account and refused in the group chat:\n%s", raw)
	}
	creates := o.callsBy("chat.spaces.members.create", "users/"+samID)
	if len(creates) != 1 || !strings.Contains(creates[0].Path, "AAAAonbrd01") || !strings.Contains(string(creates[0].Body), `"groups/`) {
		t.Errorf("creates as sam %+v, want one groupMember create in Platform Team", creates)
	}
	for _, c := range o.fake.Calls() {
		if c.Method == "chat.spaces.members.create" && strings.Contains(c.Path, "AAAAgroup03") {
			t.Errorf("a create reached the group chat: %s", c.Path)
		}
	}
}
