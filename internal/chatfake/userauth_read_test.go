package chatfake

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	chat "google.golang.org/api/chat/v1"
	cloudidentity "google.golang.org/api/cloudidentity/v1"
	"google.golang.org/api/option"
)

// TestUserAuthSpacesGet: a person sees the spaces they are in, whether or
// not the app is; an admin sees any named space of the organisation.
func TestUserAuthSpacesGet(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	sam := userService(t, s, "sam@example.com", chat.ChatSpacesReadonlyScope)
	carol := userService(t, s, "carol@example.com", chat.ChatSpacesReadonlyScope)
	admin := userService(t, s, "sam@example.com", chat.ChatAdminSpacesReadonlyScope)
	got, err := sam.Spaces.Get("spaces/" + spaceFinance).Do()
	if err != nil || got.DisplayName != "Finance" {
		t.Fatalf("Sam gets Finance: %v %v", got, err)
	}
	_, err = carol.Spaces.Get("spaces/" + spaceFinance).Do()
	wantError(t, err, http.StatusForbidden, "PERMISSION_DENIED")
	if _, err := admin.Spaces.Get("spaces/" + spacePeopleOps).UseAdminAccess(true).Do(); err != nil {
		t.Errorf("admin gets People Ops: %v", err)
	}
	_, err = admin.Spaces.Get("spaces/" + spacePeopleOps).Do()
	wantError(t, err, http.StatusForbidden, "PERMISSION_DENIED") // admin scope without useAdminAccess
}

// TestUserAuthMembersList: a person sees invitations (showInvited), the
// app and groups (showGroups), which app authentication never shows.
func TestUserAuthMembersList(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	sam := userService(t, s, "sam@example.com", chat.ChatMembershipsScope)
	for _, m := range []*chat.Membership{human("users/" + idBob), group("groups/" + groupEng)} {
		if _, err := sam.Spaces.Members.Create("spaces/"+spacePlatform, m).Do(); err != nil {
			t.Fatal(err)
		}
	}
	names := func(call *chat.SpacesMembersListCall) []string {
		t.Helper()
		r, err := call.Do()
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		var out []string
		for _, m := range r.Memberships {
			if m.GroupMember != nil {
				out = append(out, m.GroupMember.Name)
			} else {
				out = append(out, m.Member.Name+" "+m.Member.Type+" "+m.State)
			}
		}
		return out
	}
	list := func() *chat.SpacesMembersListCall { return sam.Spaces.Members.List("spaces/" + spacePlatform) }
	tests := []struct {
		name string
		call *chat.SpacesMembersListCall
		want []string
	}{
		{"default", list(), []string{"users/" + idSam + " HUMAN JOINED", "users/" + idDave + " HUMAN JOINED", "users/" + appID + " BOT JOINED"}},
		{"showInvited and showGroups", list().ShowInvited(true).ShowGroups(true), []string{"users/" + idSam + " HUMAN JOINED",
			"users/" + idDave + " HUMAN JOINED", "users/" + idBob + " HUMAN INVITED", "groups/" + groupEng, "users/" + appID + " BOT JOINED"}},
		{"humans only", list().Filter(`member.type = "HUMAN"`).ShowGroups(true), []string{"users/" + idSam + " HUMAN JOINED", "users/" + idDave + " HUMAN JOINED"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := names(tt.call); !slices.Equal(got, tt.want) {
				t.Errorf("got %v\nwant %v", got, tt.want)
			}
		})
	}
	app := newService(t, s, appScopes...)
	r, err := app.Spaces.Members.List("spaces/" + spacePlatform).ShowInvited(true).ShowGroups(true).Do()
	if err != nil || len(r.Memberships) != 2 {
		t.Errorf("app auth lists %d memberships (%v), want the 2 joined people only", len(r.Memberships), err)
	}

	admin := userService(t, s, "sam@example.com", chat.ChatAdminMembershipsReadonlyScope)
	_, err = admin.Spaces.Members.List("spaces/" + spacePeopleOps).UseAdminAccess(true).Do()
	gerr := wantError(t, err, http.StatusBadRequest, "INVALID_ARGUMENT")
	if gerr.Message != MsgAdminFilter {
		t.Errorf("message %q, want %q", gerr.Message, MsgAdminFilter)
	}
	if _, err := admin.Spaces.Members.List("spaces/" + spacePeopleOps).UseAdminAccess(true).Filter(`member.type != "BOT"`).Do(); err != nil {
		t.Errorf("admin list with the required filter: %v", err)
	}
	if _, err := admin.Spaces.Members.Get("spaces/" + spacePeopleOps + "/members/carol@example.com").UseAdminAccess(true).Do(); err != nil {
		t.Errorf("admin get: %v", err)
	}
}

const appID = "100000000000000000001"

// TestUserAuthDelete: leaving, removing others, managers and the app.
func TestUserAuthDelete(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	sam := userService(t, s, "sam@example.com", chat.ChatMembershipsScope, chat.ChatMembershipsAppScope)
	dave := userService(t, s, "dave@example.com", chat.ChatMembershipsScope)
	tests := []struct {
		name     string
		svc      *chat.Service
		member   string
		wantCode int
		wantMsg  string
	}{
		{"member can't remove the manager", dave, "spaces/" + spacePartners + "/members/" + idSam, 403, MsgCannotManage},
		{"member leaves", dave, "spaces/" + spacePartners + "/members/dave@example.com", 200, ""},
		{"manager removes a member", sam, "spaces/" + spacePlatform + "/members/" + idDave, 200, ""},
		{"last manager can't leave", sam, "spaces/" + spaceFinance + "/members/" + idSam, 400, MsgLastManager},
		{"not there", sam, "spaces/" + spacePlatform + "/members/" + idCarol, 404, MsgNotFound},
		{"the app leaves", sam, "spaces/" + spaceGroup + "/members/app", 200, ""},
		{"no DM removals", sam, "spaces/" + spaceDMSamAli + "/members/" + idAlice, 400, MsgDirectMessage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.svc.Spaces.Members.Delete(tt.member).Do()
			if tt.wantCode == 200 {
				if err != nil {
					t.Fatalf("Delete: %v", err)
				}
				return
			}
			status := statusNames[tt.wantCode]
			if tt.wantMsg == MsgLastManager {
				status = "FAILED_PRECONDITION"
			}
			if gerr := wantError(t, err, tt.wantCode, status); gerr.Message != tt.wantMsg {
				t.Errorf("message %q, want %q", gerr.Message, tt.wantMsg)
			}
		})
	}
	if _, _, ok := s.Membership(spacePlatform, idDave); ok {
		t.Errorf("Dave is still in Platform Team")
	}
	_, err := newService(t, s, botScopes...).Spaces.Messages.Create("spaces/"+spaceGroup, &chat.Message{Text: "hi"}).Do()
	wantError(t, err, http.StatusNotFound, "NOT_FOUND") // the app left
}

// TestGroupsLookupThenAdd: the Cloud Identity client turns the group's
// email into its name, and that name adds the group.
func TestGroupsLookupThenAdd(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	ctx := context.Background()
	cfg, tok := grant(t, s, "sam@example.com", cloudidentity.CloudIdentityGroupsReadonlyScope, chat.ChatMembershipsScope)
	ci, err := cloudidentity.NewService(ctx, option.WithTokenSource(cfg.TokenSource(ctx, tok)), option.WithEndpoint(s.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := ci.Groups.Lookup().GroupKeyId("ENG@example.com").Do()
	if err != nil || got.Name != "groups/"+groupEng {
		t.Fatalf("lookup: %v %v, want groups/%s", got, err, groupEng)
	}
	_, err = ci.Groups.Lookup().GroupKeyId("nobody@example.com").Do()
	wantError(t, err, http.StatusNotFound, "NOT_FOUND")

	cfg2, tok2 := grant(t, s, "sam@example.com", chat.ChatMembershipsScope)
	noScope, err := cloudidentity.NewService(ctx, option.WithTokenSource(cfg2.TokenSource(ctx, tok2)), option.WithEndpoint(s.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = noScope.Groups.Lookup().GroupKeyId("eng@example.com").Do()
	wantError(t, err, http.StatusForbidden, "PERMISSION_DENIED")

	chatSvc, err := chat.NewService(ctx, option.WithTokenSource(cfg.TokenSource(ctx, tok)), option.WithEndpoint(s.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := chatSvc.Spaces.Members.Create("spaces/"+spacePlatform, group(got.Name)).Do()
	if err != nil || m.GroupMember == nil || m.GroupMember.Name != got.Name || m.State != "JOINED" {
		t.Fatalf("add the group: %+v %v", m, err)
	}
	snap := s.State().Spaces[0]
	if !slices.ContainsFunc(snap.Members, func(m MemberSnapshot) bool { return m.Group == got.Name && m.Email == "eng@example.com" }) {
		t.Errorf("state does not show the group membership: %+v", snap.Members)
	}
}

// TestCallsNeverKeepSecrets: a token in a query is redacted and the token
// endpoint's form is never kept.
func TestCallsNeverKeepSecrets(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	_, tok := grant(t, s, "sam@example.com", chat.ChatMembershipsScope)
	resp, err := http.Post(s.RevokeURL()+"?token="+url.QueryEscape(tok.RefreshToken), "application/x-www-form-urlencoded", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range s.Calls() {
		line := c.Path + "?" + c.Query + " " + string(c.Body)
		for _, secret := range []string{tok.AccessToken, tok.RefreshToken, defaultClientSecret(t)} {
			if strings.Contains(line, secret) {
				t.Errorf("call %s recorded a secret: %s", c.Method, line)
			}
		}
		if c.Method == "revoke" && c.Query != "token=REDACTED" {
			t.Errorf("revoke query recorded as %q, want token=REDACTED", c.Query)
		}
	}
}
