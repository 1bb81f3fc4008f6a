package chatfake

import (
	"context"
	"net/http"
	"strings"
	"testing"

	chat "google.golang.org/api/chat/v1"
)

func TestMembersCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		member    string
		wantName  string
		wantState string
	}{
		{"by id, auto-accept on", "users/" + idAlice, "spaces/" + spacePlatform + "/members/" + idAlice, "JOINED"},
		{"by email, auto-accept on", "users/carol@example.com", "spaces/" + spacePlatform + "/members/" + idCarol, "JOINED"},
		{"by email, auto-accept off", "users/BOB@example.com", "spaces/" + spacePlatform + "/members/" + idBob, "INVITED"},
	}
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human(tt.member)).Do()
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			wantUser := "users/" + strings.TrimPrefix(tt.wantName, "spaces/"+spacePlatform+"/members/")
			if got.Name != tt.wantName || got.State != tt.wantState || got.Member.Name != wantUser || got.Role != "ROLE_MEMBER" {
				t.Errorf("got %s %s %s %s, want %s %s %s ROLE_MEMBER", got.Name, got.State, got.Member.Name, got.Role, tt.wantName, tt.wantState, wantUser)
			}
			state, _, ok := s.Membership(spacePlatform, tt.member[len("users/"):])
			if !ok || state != tt.wantState {
				t.Errorf("Membership: got %q %v, want %q", state, ok, tt.wantState)
			}
		})
	}
}

func TestMembersCreateRejections(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		space      string
		body       *chat.Membership
		wantCode   int
		wantStatus string
		wantMsg    string
	}{
		{"already joined", spacePlatform, human("users/" + idDave), 409, "ALREADY_EXISTS", MsgAlreadyMember},
		{"external by email", spacePlatform, human("users/erin@partner.test"), 403, "PERMISSION_DENIED", MsgExternalUser},
		{"external by id", spacePlatform, human("users/" + idErin), 403, "PERMISSION_DENIED", MsgExternalUser},
		{"unknown external address", spacePlatform, human("users/nobody@gmail.com"), 403, "PERMISSION_DENIED", MsgExternalUser},
		{"unknown address in the org", spacePlatform, human("users/nobody@example.com"), 404, "NOT_FOUND", MsgNotFound},
		{"unknown id", spacePlatform, human("users/999"), 404, "NOT_FOUND", MsgNotFound},
		{"space the app is not in", spaceFinance, human("users/" + idAlice), 404, "NOT_FOUND", MsgNotFound},
		{"space that does not exist", "nope", human("users/" + idAlice), 404, "NOT_FOUND", MsgNotFound},
		{"malformed name", spacePlatform, human("alice@example.com"), 400, "INVALID_ARGUMENT", MsgMalformedUser},
		{"no member", spacePlatform, &chat.Membership{}, 400, "INVALID_ARGUMENT", MsgMalformedUser},
		{"the app itself", spacePlatform, human("users/app"), 403, "PERMISSION_DENIED", MsgAddApp},
		{"a bot", spacePlatform, &chat.Membership{Member: &chat.User{Name: "users/" + idAlice, Type: "BOT"}}, 403, "PERMISSION_DENIED", MsgAddApp},
		{"no type", spacePlatform, &chat.Membership{Member: &chat.User{Name: "users/" + idAlice}}, 400, "INVALID_ARGUMENT", ""},
		{"group", spacePlatform, &chat.Membership{GroupMember: &chat.Group{Name: "groups/abc"}}, 403, "PERMISSION_DENIED", MsgAddGroup},
		{"group outside a named space", spaceGroup, &chat.Membership{GroupMember: &chat.Group{Name: "groups/abc"}}, 400, "INVALID_ARGUMENT", MsgGroupNotSpace},
		{"manager role in a group chat", spaceGroup, &chat.Membership{Role: "ROLE_MANAGER", Member: &chat.User{Name: "users/" + idAlice, Type: "HUMAN"}}, 400, "INVALID_ARGUMENT", MsgRoleNotSpace},
	}
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := svc.Spaces.Members.Create("spaces/"+tt.space, tt.body).Do()
			gerr := wantError(t, err, tt.wantCode, tt.wantStatus)
			if tt.wantMsg != "" && gerr.Message != tt.wantMsg {
				t.Errorf("message: got %q, want %q", gerr.Message, tt.wantMsg)
			}
		})
	}
}

func TestMembersCreateTwiceIsAlreadyExists(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	for _, who := range []string{"users/" + idBob, "users/bob@example.com"} { // INVITED, then by alias
		_, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human(who)).Do()
		if who == "users/"+idBob {
			if err != nil {
				t.Fatalf("first Create: %v", err)
			}
			continue
		}
		gerr := wantError(t, err, http.StatusConflict, "ALREADY_EXISTS")
		if !strings.Contains(gerr.Body, "ALREADY_EXISTS") {
			t.Errorf("body %q does not contain ALREADY_EXISTS", gerr.Body)
		}
	}
	if got := s.CreateCount(spacePlatform, idBob); got != 1 {
		t.Errorf("CreateCount: got %d, want 1", got)
	}
}

func TestMembersGet(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, botScopes...)
	s.mu.Lock()
	s.api.spaceByID[spacePlatform].members = append(s.api.spaceByID[spacePlatform].members,
		&membership{userID: idBob, role: "ROLE_MEMBER", state: "INVITED"})
	s.mu.Unlock()
	tests := []struct {
		name, member, wantName string
		wantCode               int
	}{
		{"by id", idSam, "spaces/" + spacePlatform + "/members/" + idSam, 200},
		{"by email alias", "dave@example.com", "spaces/" + spacePlatform + "/members/" + idDave, 200},
		{"not a member", idAlice, "", 404},
		{"invitation hidden", idBob, "", 404},
		{"app membership hidden", "app", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.Spaces.Members.Get("spaces/" + spacePlatform + "/members/" + tt.member).Do()
			if tt.wantCode != 200 {
				wantError(t, err, tt.wantCode, "NOT_FOUND")
				return
			}
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			if got.Name != tt.wantName || got.State != "JOINED" {
				t.Errorf("got %s %s, want %s JOINED", got.Name, got.State, tt.wantName)
			}
		})
	}
}

func TestMembersListPages(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	for _, id := range []string{idAlice, idBob, idCarol} {
		if _, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+id)).Do(); err != nil {
			t.Fatalf("Create %s: %v", id, err)
		}
	}
	var got []string
	pages := 0
	err := svc.Spaces.Members.List("spaces/"+spacePlatform).PageSize(2).ShowInvited(true).
		Pages(context.Background(), func(r *chat.ListMembershipsResponse) error {
			pages++
			for _, m := range r.Memberships {
				got = append(got, m.Member.Name)
			}
			return nil
		})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	want := []string{"users/" + idSam, "users/" + idDave, "users/" + idAlice, "users/" + idCarol} // Bob is INVITED
	if strings.Join(got, ",") != strings.Join(want, ",") || pages != 2 {
		t.Errorf("got %v in %d pages, want %v in 2", got, pages, want)
	}
}

func TestMembersListFilter(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, botScopes...)
	tests := []struct {
		filter   string
		want     string
		wantCode int
	}{
		{``, "users/" + idSam + ",users/" + idDave, 200},
		{`role = "ROLE_MANAGER"`, "users/" + idSam, 200},
		{`member.type = "HUMAN" AND role = "ROLE_MEMBER"`, "users/" + idDave, 200},
		{`role = "ROLE_MANAGER" OR role = "ROLE_MEMBER"`, "users/" + idSam + ",users/" + idDave, 200},
		{`member.type != "BOT"`, "users/" + idSam + ",users/" + idDave, 200},
		{`member.type = "BOT"`, "", 200},
		{`member.type = "HUMAN" AND member.type = "BOT"`, "", 400},
		{`role = "ROLE_MANAGER" AND role = "ROLE_MEMBER"`, "", 400},
		{`role != "ROLE_MANAGER"`, "", 400},
		{`name = "x"`, "", 400},
		{`role = "ROLE_MANAGER" AND`, "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			resp, err := svc.Spaces.Members.List("spaces/" + spacePlatform).Filter(tt.filter).Do()
			if tt.wantCode != 200 {
				wantError(t, err, tt.wantCode, "INVALID_ARGUMENT")
				return
			}
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			var got []string
			for _, m := range resp.Memberships {
				got = append(got, m.Member.Name)
			}
			if strings.Join(got, ",") != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}

func TestMembersListNegativePageSize(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	_, err := newService(t, s, botScopes...).Spaces.Members.List("spaces/" + spacePlatform).PageSize(-1).Do()
	wantError(t, err, 400, "INVALID_ARGUMENT")
}

func TestMembersDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		appCreated bool
		member     string
		wantCode   int
		wantStatus string
	}{
		{"member by email", false, "dave@example.com", 200, ""},
		{"manager, space not created by the app", false, idSam, 403, "PERMISSION_DENIED"},
		{"last manager, space created by the app", true, idSam, 400, "FAILED_PRECONDITION"},
		{"the app", false, "app", 403, "PERMISSION_DENIED"},
		{"not a member", false, idAlice, 404, "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newFake(t, func(w *World) { w.Spaces[0].AppCreated = tt.appCreated })
			_, err := newService(t, s, appScopes...).Spaces.Members.Delete("spaces/" + spacePlatform + "/members/" + tt.member).Do()
			if tt.wantCode != 200 {
				wantError(t, err, tt.wantCode, tt.wantStatus)
				return
			}
			if err != nil {
				t.Fatalf("Delete: %v", err)
			}
			if _, _, ok := s.Membership(spacePlatform, tt.member); ok {
				t.Errorf("membership still exists after Delete")
			}
		})
	}
}
