package chatfake

import (
	"testing"
	"time"
)

func TestMembershipWriteQuota(t *testing.T) {
	t.Parallel()
	s, clock := newFake(t, func(w *World) {
		w.Quotas = Quotas{MembershipWrites: 5, MembershipWindowSeconds: 2}
	})
	// Start at the beginning of a window so the five writes share it.
	clock.Advance(2*time.Second - time.Duration(clock.Now().UnixNano()%int64(2*time.Second)))
	svc := newService(t, s, appScopes...)
	people := []string{idAlice, idBob, idCarol}
	for i, id := range people {
		if _, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+id)).Do(); err != nil {
			t.Fatalf("create %d: %v", i, err)
		}
	}
	for i, id := range []string{idAlice, idCarol} { // deletes count too
		if _, err := svc.Spaces.Members.Delete("spaces/" + spacePlatform + "/members/" + id).Do(); err != nil {
			t.Fatalf("delete %d: %v", i, err)
		}
	}
	_, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+idAlice)).Do()
	wantError(t, err, 429, "RESOURCE_EXHAUSTED")

	clock.Advance(2 * time.Second)
	if _, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+idAlice)).Do(); err != nil {
		t.Fatalf("next window: got %v, want success", err)
	}

	s.SetQuota(Quotas{MembershipWrites: 1, MembershipWindowSeconds: 60})
	clock.Advance(time.Minute)
	if _, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+idCarol)).Do(); err != nil {
		t.Fatalf("after SetQuota: %v", err)
	}
	_, err = svc.Spaces.Members.Delete("spaces/" + spacePlatform + "/members/" + idCarol).Do()
	wantError(t, err, 429, "RESOURCE_EXHAUSTED")
}
