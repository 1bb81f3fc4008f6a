package e2e

import (
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// With people's own authority configured, a space that lets outside people
// in may name their domain in /settings (they are then invited with the
// asker's own grant only); a domain the space does not name is still
// refused before any call. Without it, the same setting is refused
// (TestSpaceDomainsNeverWidenTheOrganisation in bot).
func TestOutsideDomainSavedWhenPeopleCanConnect(t *testing.T) {
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	for i := range world.Spaces {
		if world.Spaces[i].ID == "AAAAextrn04" {
			world.Spaces[i].AppMember = true // Partners: outside people allowed
		}
	}
	o := startConnectable(t, world)
	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAextrn04", false, "dom1",
		"/settings domains=example.com,partner.test"))
	if status != 200 || !strings.Contains(string(body), "Saved.") || strings.Contains(string(body), "outside your organisation") {
		t.Fatalf("/settings domains=example.com,partner.test in Partners: %d %s\nwant it saved", status, body)
	}

	before := len(o.callsBy("chat.spaces.members.create", ""))
	status, body = o.post(o.urlToken(), event(t, o, "sam", "AAAAextrn04", false, "dom2", "/invite eve@elsewhere.test"))
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	r := readReply(t, body, false)
	if got := r.Rows["eve@elsewhere.test"]; !strings.HasPrefix(got, "Not allowed — elsewhere.test is not an allowed domain") {
		t.Errorf("an outsider from a domain the space does not name: %q, want refused for the domain\n%s", got, r.Raw)
	}
	if n := len(o.callsBy("chat.spaces.members.create", "")) - before; n != 0 {
		t.Errorf("%d creates for a domain the space does not name, want none", n)
	}
}
