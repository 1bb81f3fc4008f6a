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
//	  "users": [
//	    {"id": "222222222222222222222", "email": "alice@example.com",
//	     "displayName": "Alice Ng", "autoAccept": true, "isAdmin": false}
//	  ],
//	  "spaces": [
//	    {"id": "AAAAonbrd01", "displayName": "Platform Team", "spaceType": "SPACE",
//	     "singleUserBotDm": false, "externalUserAllowed": false,
//	     "appMember": true, "appCreated": false,
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

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// World is the state chatfake starts from.
type World struct {
	Domains       []string `json:"domains"`
	ProjectNumber string   `json:"projectNumber"`
	EndpointURL   string   `json:"endpointURL"`
	App           App      `json:"app"`
	AdminApproved bool     `json:"adminApproved"`
	Users         []User   `json:"users"`
	Spaces        []Space  `json:"spaces"`
	Quotas        Quotas   `json:"quotas"`
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
	for _, sp := range w.Spaces {
		switch sp.SpaceType {
		case "SPACE", "GROUP_CHAT", "DIRECT_MESSAGE":
		default:
			return fmt.Errorf("chatfake: world: space %s: spaceType %q", sp.ID, sp.SpaceType)
		}
		for _, m := range sp.Members {
			if !ids[m.User] {
				return fmt.Errorf("chatfake: world: space %s: member %s is not a user", sp.ID, m.User)
			}
		}
	}
	return nil
}
