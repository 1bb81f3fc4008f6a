package chatfake

// The world file: a JSON document describing the organisation, the app, its
// people and its spaces. Other tools (the demo, the end-to-end tests, the
// standalone `onboard fakechat`) rely on this format; change it only by
// adding optional fields. Example: testdata/world.json.
//
//	{
//	  "domains": ["example.com"],              // the organisation's email domains (first = primary)
//	  "projectNumber": "123456789012",         // audience of project-number tokens
//	  "endpointURL": "https://onboard.example.com/", // audience of URL-mode tokens
//	  "app": {"id": "100000000000000000001", "displayName": "Onboard"},
//	  "adminApproved": true,                   // false: every chat.app.* call answers 403
//	  "oauthClients": [                        // the project's OAuth web clients (user authorization)
//	    {"clientId": "123456789012-onboard.apps.googleusercontent.com",
//	     "clientSecret": "fake-secret", "redirectURIs": ["http://127.0.0.1:8080/oauth2/callback"]}
//	  ],
//	  "users": [
//	    {"id": "222222222222222222222", "email": "alice@example.com",
//	     "displayName": "Alice Ng", "autoAccept": true, "isAdmin": false}
//	  ],
//	  "groups": [                              // Google Groups (Cloud Identity)
//	    {"id": "03eng0example01", "email": "eng@example.com",
//	     "displayName": "Engineering", "members": ["222222222222222222222"]}
//	  ],
//	  "spaces": [
//	    {"id": "AAAAonbrd01", "displayName": "Platform Team", "spaceType": "SPACE",
//	     "singleUserBotDm": false, "externalUserAllowed": false,
//	     "appMember": true, "appCreated": false,
//	     "manageMembers": "managers",          // who may add members under user auth (below)
//	     "otherOrganization": false,           // true: owned by another organisation
//	     "members": [{"user": "222222222222222222222", "role": "ROLE_MANAGER", "state": "JOINED"}]}
//	  ],
//	  "quotas": {"membershipWrites": 300, "membershipWindowSeconds": 60,
//	             "messageWritesPerSpacePerSecond": 1}
//	}
//
// Users whose email domain is not one of "domains" are external: they exist
// (so their canonical id can be reported) but app authentication cannot add
// them. An address that matches no user is unknown: NOT_FOUND inside the
// organisation's domains, external outside them.
//
// User authorization (userauth.go, fakeauth's authorize.go and
// usertoken.go): every user can consent to an OAuth client at
// GET /o/oauth2/v2/auth, and the resulting access token calls the Chat API
// as that person. Every OAuth client belongs to the project, so the Chat
// app a person's grant can add (users/app) is "app". Tests add redirect URIs
// whose port is only known at run time with Server.AddOAuthClient.
//
// manageMembers is who may add or remove members with their own grant:
// "managers" (ROLE_MANAGER and ROLE_ASSISTANT_MANAGER; the default in a
// SPACE) or "members" (anyone JOINED; always so in a GROUP_CHAT). Groups
// are listed as group memberships; their members do not become members of
// the space one by one. otherOrganization marks a space owned by another
// organisation: administrator access does not reach it.

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// World is the state chatfake starts from.
type World struct {
	Domains       []string      `json:"domains"`
	ProjectNumber string        `json:"projectNumber"`
	EndpointURL   string        `json:"endpointURL"`
	App           App           `json:"app"`
	AdminApproved bool          `json:"adminApproved"`
	Users         []User        `json:"users"`
	Spaces        []Space       `json:"spaces"`
	Quotas        Quotas        `json:"quotas"`
	OAuthClients  []OAuthClient `json:"oauthClients,omitempty"`
	Groups        []Group       `json:"groups,omitempty"`
}

// OAuthClient is an OAuth 2.0 web client of the project.
type OAuthClient = fakeauth.OAuthClient

// Group is a Google Group, as Cloud Identity knows it.
type Group struct {
	ID          string   `json:"id"` // the group is groups/{ID}
	Email       string   `json:"email"`
	DisplayName string   `json:"displayName"`
	Members     []string `json:"members"` // User.IDs
}

// App is the Chat app the service account belongs to.
type App struct {
	ID          string `json:"id"` // numeric; the app's user is users/{ID}
	DisplayName string `json:"displayName"`
}

// User is a person known to Chat.
type User struct {
	ID          string `json:"id"`
	Email       string `json:"email"`
	DisplayName string `json:"displayName"`
	AutoAccept  bool   `json:"autoAccept"` // false: members.create yields INVITED
	IsAdmin     bool   `json:"isAdmin"`    // Workspace administrator
}

// Space is a Chat space, group chat or direct message.
type Space struct {
	ID                  string   `json:"id"` // the space is spaces/{ID}
	DisplayName         string   `json:"displayName"`
	SpaceType           string   `json:"spaceType"` // SPACE, GROUP_CHAT, DIRECT_MESSAGE
	SingleUserBotDM     bool     `json:"singleUserBotDm"`
	ExternalUserAllowed bool     `json:"externalUserAllowed"`
	AppMember           bool     `json:"appMember"`
	AppCreated          bool     `json:"appCreated"`
	Members             []Member `json:"members"`
	ManageMembers       string   `json:"manageMembers,omitempty"` // "managers" (default in SPACE) or "members"
	OtherOrganization   bool     `json:"otherOrganization,omitempty"`
}

// Member is a human membership of a space.
type Member struct {
	User  string `json:"user"`  // a User.ID
	Role  string `json:"role"`  // ROLE_MEMBER (default), ROLE_ASSISTANT_MANAGER, ROLE_MANAGER
	State string `json:"state"` // JOINED (default) or INVITED
}

// Quotas set the documented usage limits; zero values take Google's defaults.
type Quotas struct {
	MembershipWrites               int `json:"membershipWrites"`               // per window per project; default 300
	MembershipWindowSeconds        int `json:"membershipWindowSeconds"`        // default 60
	MessageWritesPerSpacePerSecond int `json:"messageWritesPerSpacePerSecond"` // default 1
}

// LoadWorld reads a world file.
func LoadWorld(path string) (*World, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseWorld(b)
}

// ParseWorld decodes a world document, rejecting unknown fields so a typo
// in a world file is an error rather than a silently different world.
func ParseWorld(b []byte) (*World, error) {
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	var w World
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("chatfake: world: %w", err)
	}
	if err := w.validate(); err != nil {
		return nil, err
	}
	return &w, nil
}

func (w *World) validate() error {
	if w == nil {
		return fmt.Errorf("chatfake: world: nil")
	}
	if len(w.Domains) == 0 {
		return fmt.Errorf("chatfake: world: at least one domain is required")
	}
	if w.App.ID == "" {
		return fmt.Errorf("chatfake: world: app.id is required")
	}
	ids := map[string]bool{}
	for _, u := range w.Users {
		if u.ID == "" || u.Email == "" {
			return fmt.Errorf("chatfake: world: user %q needs id and email", u.DisplayName)
		}
		ids[u.ID] = true
	}
	for _, g := range w.Groups {
		if g.ID == "" || g.Email == "" {
			return fmt.Errorf("chatfake: world: group %q needs id and email", g.DisplayName)
		}
		for _, m := range g.Members {
			if !ids[m] {
				return fmt.Errorf("chatfake: world: group %s: member %s is not a user", g.ID, m)
			}
		}
	}
	for _, c := range w.OAuthClients {
		if c.ClientID == "" || c.ClientSecret == "" {
			return fmt.Errorf("chatfake: world: oauthClients: %q needs clientId and clientSecret", c.ClientID)
		}
	}
	for _, sp := range w.Spaces {
		switch sp.SpaceType {
		case "SPACE", "GROUP_CHAT", "DIRECT_MESSAGE":
		default:
			return fmt.Errorf("chatfake: world: space %s: spaceType %q", sp.ID, sp.SpaceType)
		}
		switch sp.ManageMembers {
		case "", "managers", "members":
		default:
			return fmt.Errorf("chatfake: world: space %s: manageMembers %q", sp.ID, sp.ManageMembers)
		}
		for _, m := range sp.Members {
			if !ids[m.User] {
				return fmt.Errorf("chatfake: world: space %s: member %s is not a user", sp.ID, m.User)
			}
		}
	}
	return nil
}
