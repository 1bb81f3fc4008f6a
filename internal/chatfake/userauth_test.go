package chatfake

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	authidtoken "cloud.google.com/go/auth/credentials/idtoken"
	"golang.org/x/oauth2"
	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/option"
)

// TestPersonAddsWithOwnGrant: Sam consents, Onboard's OAuth client adds
// Alice to Finance — a space the app is not in — with Sam's grant; the ID
// token names the same person Chat does; the call log says whose grant ran.
func TestPersonAddsWithOwnGrant(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	cfg, tok := grant(t, s, "sam@example.com", chat.ChatMembershipsScope)

	v, err := authidtoken.NewValidator(&authidtoken.ValidatorOptions{Client: http.DefaultClient, RS256CertsURL: s.GoogleJWKURL()})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	id, err := v.Validate(context.Background(), raw, webClientID)
	if err != nil {
		t.Fatalf("ID token rejected by the auth idtoken verifier on the fake's Google keys: %v", err)
	}
	if id.Issuer != "https://accounts.google.com" || id.Subject != idSam || id.Claims["email"] != "sam@example.com" {
		t.Errorf("ID token: iss %q sub %q email %v; want Google, Sam's Chat id, his email", id.Issuer, id.Subject, id.Claims["email"])
	}

	svc := userService(t, s, "sam@example.com", chat.ChatMembershipsScope)
	got, err := svc.Spaces.Members.Create("spaces/"+spaceFinance, human("users/alice@example.com")).Do()
	if err != nil {
		t.Fatalf("Create with Sam's grant: %v", err)
	}
	if got.Name != "spaces/"+spaceFinance+"/members/"+idAlice || got.State != "JOINED" {
		t.Errorf("got %s %s, want Alice JOINED in Finance", got.Name, got.State)
	}
	if _, err := newService(t, s, appScopes...).Spaces.Members.Create("spaces/"+spaceFinance, human("users/"+idCarol)).Do(); err == nil {
		t.Errorf("the app's own credentials added to a space the app is not in")
	}

	var create *Call
	for _, c := range s.Calls() {
		if c.Method == "chat.spaces.members.create" && c.Status == 200 {
			create = &c
		}
	}
	if create == nil || create.Caller != "users/"+idSam || create.Client != webClientID || create.AdminAccess {
		t.Errorf("recorded create: %+v, want caller users/%s through %s without admin access", create, idSam, webClientID)
	}
	if g := s.Grants(); len(g) != 1 || g[0].User != idSam || g[0].ClientID != cfg.ClientID || g[0].Revoked || !g[0].Offline {
		t.Errorf("Grants = %+v, want Sam's live offline grant to the web client", g)
	}
	var doc struct {
		Grants []map[string]any `json:"grants"`
	}
	getJSON(t, s.URL+"/_fake/grants", &doc)
	if len(doc.Grants) != 1 || doc.Grants[0]["email"] != "sam@example.com" {
		t.Errorf("/_fake/grants = %v, want Sam's grant", doc.Grants)
	}
	for k := range doc.Grants[0] {
		if strings.Contains(strings.ToLower(k), "token") {
			t.Errorf("/_fake/grants shows %q", k)
		}
	}
}

// createCase is one members.create with someone's grant.
type createCase struct {
	name      string
	who       string
	scopes    []string
	space     string
	body      *chat.Membership
	admin     bool
	wantCode  int    // 200 for success
	wantMsg   string // checked when set
	wantState string // checked on success when set
}

// TestUserAuthCreateRules: who may add whom, where, with which scope. The
// cases run in order on one world; each touches its own memberships.
func TestUserAuthCreateRules(t *testing.T) {
	t.Parallel()
	tests := []createCase{
		{"manager adds a colleague", "sam@example.com", memberships, spacePlatform, human("users/" + idAlice), false, 200, "", "JOINED"},
		{"invitation when auto-accept is off", "sam@example.com", memberships, spacePlatform, human("users/bob@example.com"), false, 200, "", "INVITED"},
		{"plain member may not add in a managers-only space", "dave@example.com", memberships, spacePlatform, human("users/" + idCarol), false, 403, MsgCannotManage, ""},
		{"member may add where members manage", "alice@example.com", memberships, spacePeopleOps, human("users/" + idDave), false, 200, "", ""},
		{"anyone may add in a group chat", "alice@example.com", memberships, spaceChat, human("users/" + idDave), false, 200, "", ""},
		{"not a member of the space", "carol@example.com", memberships, spacePlatform, human("users/" + idCarol), false, 403, MsgNotSpaceMember, ""},
		{"unknown space", "sam@example.com", memberships, "nope", human("users/" + idCarol), false, 404, MsgNotFound, ""},
		{"chat.memberships.app is not for people", "sam@example.com", membershipsApp, spaceFinance, human("users/" + idCarol), false, 403, MsgInsufficientScopes, ""},
		{"already a member", "sam@example.com", memberships, spacePlatform, human("users/" + idDave), false, 409, MsgAlreadyMember, ""},
		{"external where not allowed", "sam@example.com", memberships, spaceFinance, human("users/erin@partner.test"), false, 403, MsgExternalForbidden, ""},
		{"external where allowed", "sam@example.com", memberships, spacePartners, human("users/erin@partner.test"), false, 200, "", "JOINED"},
		{"unknown outside address", "sam@example.com", memberships, spacePartners, human("users/nobody@gmail.com"), false, 404, MsgNotFound, ""},
		{"people can't join a DM", "sam@example.com", memberships, spaceDMSamAli, human("users/" + idCarol), false, 400, MsgDirectMessage, ""},
		{"group to a named space", "sam@example.com", memberships, spacePlatform, group("groups/" + groupEng), false, 200, "", "JOINED"},
		{"group to a group chat", "sam@example.com", memberships, spaceChat, group("groups/" + groupEng), false, 400, MsgGroupNotSpace, ""},
		{"unknown group", "sam@example.com", memberships, spaceFinance, group("groups/nope"), false, 404, MsgNotFound, ""},
		{"app needs chat.memberships.app", "sam@example.com", memberships, spaceChat, bot("users/app"), false, 403, MsgInsufficientScopes, ""},
		{"app to a group chat", "sam@example.com", membershipsApp, spaceChat, bot("users/app"), false, 200, "", "JOINED"},
		{"app to a DM of two people", "alice@example.com", membershipsApp, spaceDMSamAli, bot("users/app"), false, 200, "", "JOINED"},
		{"app to its own DM", "sam@example.com", membershipsApp, spaceSamBotDM, bot("users/app"), false, 400, MsgAppInBotDM, ""},
		{"another app", "sam@example.com", membershipsApp, spaceFinance, bot("users/999"), false, 403, MsgOnlyItself, ""},
		{"admin adds to a space they're not in", "sam@example.com", adminMemberships, spacePeopleOps, human("users/bob@example.com"), true, 200, "", "INVITED"},
		{"admin adds a group", "sam@example.com", adminMemberships, spacePeopleOps, group("groups/" + groupEng), true, 200, "", ""},
		{"admin access by a non-admin", "dave@example.com", adminMemberships, spacePeopleOps, human("users/" + idCarol), true, 403, MsgNotAdmin, ""},
		{"admin access without the admin scope", "sam@example.com", memberships, spacePeopleOps, human("users/" + idCarol), true, 403, MsgInsufficientScopes, ""},
		{"admin can't add externals", "sam@example.com", adminMemberships, spacePartners, human("users/erin@partner.test"), true, 403, MsgAdminExternal, ""},
		{"admin can't add apps", "sam@example.com", adminMemberships, spaceFinance, bot("users/app"), true, 403, MsgAdminApp, ""},
		{"admin can't reach another organisation", "sam@example.com", adminMemberships, spaceOtherOrg, human("users/" + idCarol), true, 404, MsgNotFound, ""},
		{"admin access is for named spaces", "sam@example.com", adminMemberships, spaceChat, human("users/" + idBob), true, 403, MsgAdminSpaceType, ""},
	}
	s, _ := newFake(t, nil)
	services := map[string]*chat.Service{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key := tt.who + " " + strings.Join(tt.scopes, " ")
			if services[key] == nil {
				services[key] = userService(t, s, tt.who, tt.scopes...)
			}
			call := services[key].Spaces.Members.Create("spaces/"+tt.space, tt.body)
			if tt.admin {
				call.UseAdminAccess(true)
			}
			got, err := call.Do()
			checkCreate(t, tt, got, err)
		})
	}
}

func checkCreate(t *testing.T, tt createCase, got *chat.Membership, err error) {
	t.Helper()
	if tt.wantCode == 200 {
		if err != nil {
			t.Fatalf("Create: %v", err)
		}
		if tt.wantState != "" && got.State != tt.wantState {
			t.Errorf("state: got %s, want %s", got.State, tt.wantState)
		}
		return
	}
	gerr := wantError(t, err, tt.wantCode, statusNames[tt.wantCode])
	if tt.wantMsg != "" && gerr.Message != tt.wantMsg {
		t.Errorf("message: got %q, want %q", gerr.Message, tt.wantMsg)
	}
}

// TestAppAddedByPersonCanAct: once a person adds the app to their group
// chat, the app's own credentials work there.
func TestAppAddedByPersonCanAct(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	app := newService(t, s, appScopes...)
	if _, err := app.Spaces.Members.List("spaces/" + spaceChat).Do(); err == nil {
		t.Fatal("the app could list a group chat it is not in")
	}
	if _, err := userService(t, s, "carol@example.com", membershipsApp...).Spaces.Members.Create("spaces/"+spaceChat, bot("users/app")).Do(); err != nil {
		t.Fatalf("Carol adds the app: %v", err)
	}
	if _, err := app.Spaces.Members.Create("spaces/"+spaceChat, human("users/"+idDave)).Do(); err != nil {
		t.Errorf("the app adds Dave after joining: %v", err)
	}
	if st := s.State(); !slices.ContainsFunc(st.Spaces, func(sp SpaceSnapshot) bool { return sp.Name == "spaces/"+spaceChat && sp.AppMember }) {
		t.Errorf("state does not show the app in the group chat")
	}
}

// TestRevokedGrant: after the person removes access, or Onboard revokes
// the token, the access token is refused with 401 and cannot be refreshed.
func TestRevokedGrant(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		revoke func(t *testing.T, s *Server, refresh string)
	}{
		{"person removes access", func(t *testing.T, s *Server, _ string) {
			if n := s.RevokeUserGrants(idSam, webClientID); n != 1 {
				t.Fatalf("RevokeUserGrants = %d, want 1", n)
			}
		}},
		{"POST /revoke", func(t *testing.T, s *Server, refresh string) {
			resp, err := http.PostForm(s.RevokeURL(), url.Values{"token": {refresh}})
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("revoke: %v %v", resp, err)
			}
			resp.Body.Close()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, _ := newFake(t, nil)
			cfg, tok := grant(t, s, "sam@example.com", memberships...)
			svc, err := chat.NewService(context.Background(),
				option.WithTokenSource(cfg.TokenSource(context.Background(), tok)), option.WithEndpoint(s.URL+"/"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Spaces.Get("spaces/" + spaceFinance).Do(); err == nil {
				t.Fatal("spaces.get without chat.spaces succeeded")
			}
			if _, err := svc.Spaces.Members.Create("spaces/"+spaceFinance, human("users/"+idAlice)).Do(); err != nil {
				t.Fatalf("create before revocation: %v", err)
			}
			tt.revoke(t, s, tok.RefreshToken)
			_, err = svc.Spaces.Members.Create("spaces/"+spaceFinance, human("users/"+idCarol)).Do()
			wantError(t, err, http.StatusUnauthorized, "UNAUTHENTICATED")
			if _, err := cfg.TokenSource(context.Background(), &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil ||
				!strings.Contains(err.Error(), "invalid_grant") {
				t.Errorf("refresh after revocation: %v, want invalid_grant", err)
			}
			if _, _, ok := s.Membership(spaceFinance, idCarol); ok {
				t.Errorf("Carol was added with a revoked grant")
			}
		})
	}
}
