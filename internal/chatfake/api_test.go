package chatfake

import (
	"net/http"
	"testing"

	"golang.org/x/oauth2"
	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/option"
)

func TestAuthAndScopes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		scopes     []string
		approved   bool
		call       func(*chat.Service) error
		wantCode   int
		wantStatus string
		wantMsg    string
	}{
		{"create without chat.app.memberships", botScopes, true, createAlice, 403, "PERMISSION_DENIED", MsgInsufficientScopes},
		{"create, admin has not approved", appScopes, false, createAlice, 403, "PERMISSION_DENIED", MsgAdminApproval},
		{"list with chat.bot, admin has not approved", appScopes, false, listPlatform, 200, "", ""},
		{"list with only chat.app.memberships, not approved", []string{chat.ChatAppMembershipsScope}, false, listPlatform, 403, "PERMISSION_DENIED", MsgAdminApproval},
		{"list with only chat.app.memberships, approved", []string{chat.ChatAppMembershipsScope}, true, listPlatform, 200, "", ""},
		{"spaces.get with chat.app.spaces", []string{chat.ChatAppSpacesScope}, true, getPlatform, 200, "", ""},
		{"spaces.get with an unrelated scope", []string{chat.ChatAppMessagesReadonlyScope}, true, getPlatform, 403, "PERMISSION_DENIED", MsgInsufficientScopes},
		{"spaces.list needs chat.bot", []string{chat.ChatAppMembershipsScope}, true, func(svc *chat.Service) error {
			_, err := svc.Spaces.List().Do()
			return err
		}, 403, "PERMISSION_DENIED", MsgInsufficientScopes},
		{"useAdminAccess with app auth", appScopes, true, func(svc *chat.Service) error {
			_, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+idAlice)).UseAdminAccess(true).Do()
			return err
		}, 403, "PERMISSION_DENIED", MsgAdminAccess},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newFake(t, func(w *World) { w.AdminApproved = tt.approved })
			err := tt.call(newService(t, s, tt.scopes...))
			if tt.wantCode == 200 {
				if err != nil {
					t.Fatalf("got %v, want success", err)
				}
				return
			}
			if gerr := wantError(t, err, tt.wantCode, tt.wantStatus); gerr.Message != tt.wantMsg {
				t.Errorf("message: got %q, want %q", gerr.Message, tt.wantMsg)
			}
		})
	}
}

func TestSetAdminApproved(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	s.SetAdminApproved(false)
	wantError(t, createAlice(svc), 403, "PERMISSION_DENIED")
	s.SetAdminApproved(true)
	if err := createAlice(svc); err != nil {
		t.Fatalf("after approval: %v", err)
	}
}

func TestBadBearerIs401(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	for _, tok := range []string{"not-a-token", ""} {
		t.Run("token "+tok, func(t *testing.T) {
			opt := option.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok}))
			if tok == "" {
				opt = option.WithoutAuthentication()
			}
			svc, err := chat.NewService(t.Context(), opt, option.WithEndpoint(s.URL+"/"))
			if err != nil {
				t.Fatal(err)
			}
			gerr := wantError(t, createAlice(svc), http.StatusUnauthorized, "UNAUTHENTICATED")
			if gerr.Message != MsgUnauthenticated {
				t.Errorf("message: got %q, want %q", gerr.Message, MsgUnauthenticated)
			}
		})
	}
}

func TestUnknownRouteIsJSON404(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	for _, path := range []string{"/v1/spaces/X/reactions", "/v2/nothing", "/"} {
		var body struct {
			Error struct {
				Code   int    `json:"code"`
				Status string `json:"status"`
			} `json:"error"`
		}
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		decodeErr := jsonDecode(resp, &body)
		if resp.StatusCode != 404 || decodeErr != nil || body.Error.Status != "NOT_FOUND" {
			t.Errorf("GET %s: got %d %+v (%v), want 404 NOT_FOUND JSON", path, resp.StatusCode, body, decodeErr)
		}
	}
}

func TestSpaces(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, botScopes...)
	sp, err := svc.Spaces.Get("spaces/" + spacePlatform).Do()
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if sp.SpaceType != "SPACE" || sp.DisplayName != "Platform Team" || sp.MembershipCount.JoinedDirectHumanUserCount != 2 {
		t.Errorf("got %+v, want the Platform Team SPACE with 2 joined", sp)
	}
	_, err = svc.Spaces.Get("spaces/" + spaceFinance).Do()
	wantError(t, err, 404, "NOT_FOUND")

	list, err := svc.Spaces.List().Filter(`spaceType = "SPACE" OR spaceType = "GROUP_CHAT"`).Do()
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(list.Spaces) != 2 || list.Spaces[0].Name != "spaces/"+spacePlatform || list.Spaces[1].Name != "spaces/"+spaceGroup {
		t.Errorf("got %d spaces, want Platform Team and the group chat", len(list.Spaces))
	}
	_, err = svc.Spaces.List().Filter(`displayName = "x"`).Do()
	wantError(t, err, 400, "INVALID_ARGUMENT")
}

func createAlice(svc *chat.Service) error {
	_, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+idAlice)).Do()
	return err
}

func listPlatform(svc *chat.Service) error {
	_, err := svc.Spaces.Members.List("spaces/" + spacePlatform).Do()
	return err
}

func getPlatform(svc *chat.Service) error {
	_, err := svc.Spaces.Get("spaces/" + spacePlatform).Do()
	return err
}
