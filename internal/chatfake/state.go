package chatfake

// The API's mutable state, built from the World when the server starts.
// Everything here is guarded by Server.mu.

import (
	"strings"
	"time"

	chat "google.golang.org/api/chat/v1"
)

// apiState is the Chat API half of the server.
type apiState struct {
	spaces      []*spaceState // world order
	spaceByID   map[string]*spaceState
	userByID    map[string]*User
	userByEmail map[string]*User // lower-case email
	groupByID   map[string]*Group
	groupByMail map[string]*Group // lower-case email
	domains     map[string]bool   // lower-case
	creates     map[[2]string]int
	nextMessage int
	quota       quotaState
	faults      faultState
	// methodByPattern maps a ServeMux pattern to its discovery id.
	methodByPattern map[string]string
}

// spaceState is one space at run time.
type spaceState struct {
	Space
	members    []*membership
	messages   []*chat.Message
	byClientID map[string]*chat.Message
	byRequest  map[string]*chat.Message
	appSince   time.Time // when the app joined, if it is a member
}

// membership is one human or Google Group membership at run time (the
// app's own membership is Space.AppMember).
type membership struct {
	userID  string // a human's; empty for a group
	groupID string // a group's; empty for a human
	role    string
	state   string
	created time.Time
}

func (s *Server) initAPI() {
	a := &s.api
	a.spaceByID = map[string]*spaceState{}
	a.userByID = map[string]*User{}
	a.userByEmail = map[string]*User{}
	a.groupByID = map[string]*Group{}
	a.groupByMail = map[string]*Group{}
	a.domains = map[string]bool{}
	a.creates = map[[2]string]int{}
	a.methodByPattern = map[string]string{}
	a.faults = newFaultState()
	a.quota.limits = s.world.Quotas
	for _, d := range s.world.Domains {
		a.domains[strings.ToLower(d)] = true
	}
	for i := range s.world.Users {
		u := &s.world.Users[i]
		a.userByID[u.ID] = u
		a.userByEmail[strings.ToLower(u.Email)] = u
	}
	for i := range s.world.Groups {
		g := &s.world.Groups[i]
		a.groupByID[g.ID] = g
		a.groupByMail[strings.ToLower(g.Email)] = g
	}
	start := s.now().UTC()
	for _, sp := range s.world.Spaces {
		st := &spaceState{Space: sp, byClientID: map[string]*chat.Message{}, byRequest: map[string]*chat.Message{}}
		st.Members = nil
		if sp.AppMember {
			st.appSince = start
		}
		for _, m := range sp.Members {
			st.members = append(st.members, &membership{
				userID: m.User, role: defaultString(m.Role, "ROLE_MEMBER"),
				state: defaultString(m.State, "JOINED"), created: start,
			})
		}
		a.spaces = append(a.spaces, st)
		a.spaceByID[sp.ID] = st
	}
}

func defaultString(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// visibleSpace returns the space if the app may act in it: it is a member
// or created it. Assumption: a space the app is not in answers 404
// NOT_FOUND, exactly like a space that does not exist, so the fake does
// not reveal which spaces exist. Callers hold s.mu.
func (s *Server) visibleSpace(id string) *spaceState {
	sp := s.api.spaceByID[id]
	if sp == nil || !(sp.AppMember || sp.AppCreated) {
		return nil
	}
	return sp
}

// member finds a user's membership in sp (any state).
func (sp *spaceState) member(userID string) *membership {
	for _, m := range sp.members {
		if userID != "" && m.userID == userID {
			return m
		}
	}
	return nil
}

// group finds a group's membership in sp.
func (sp *spaceState) group(groupID string) *membership {
	for _, m := range sp.members {
		if groupID != "" && m.groupID == groupID {
			return m
		}
	}
	return nil
}

// remove deletes the membership of a user or a group.
func (sp *spaceState) remove(userID string) { sp.removeMembership(sp.member(userID)) }

func (sp *spaceState) removeMembership(target *membership) {
	for i, m := range sp.members {
		if m == target {
			sp.members = append(sp.members[:i], sp.members[i+1:]...)
			return
		}
	}
}

// joinedManagers counts JOINED members with ROLE_MANAGER.
func (sp *spaceState) joinedManagers() int {
	n := 0
	for _, m := range sp.members {
		if m.role == "ROLE_MANAGER" && m.state == "JOINED" {
			n++
		}
	}
	return n
}

// toChat renders a membership as the API answers it under app auth: the
// canonical users/{id} name and type HUMAN. Assumption: displayName and
// email are not populated under app authentication.
func (m *membership) toChat(spaceID string) *chat.Membership {
	if m.groupID != "" {
		return &chat.Membership{
			Name:        "spaces/" + spaceID + "/members/" + m.groupID,
			State:       m.state,
			Role:        m.role,
			GroupMember: &chat.Group{Name: "groups/" + m.groupID},
			CreateTime:  m.created.UTC().Format(time.RFC3339Nano),
		}
	}
	return &chat.Membership{
		Name:       "spaces/" + spaceID + "/members/" + m.userID,
		State:      m.state,
		Role:       m.role,
		Member:     &chat.User{Name: "users/" + m.userID, Type: "HUMAN"},
		CreateTime: m.created.UTC().Format(time.RFC3339Nano),
	}
}

// lookupUser resolves an id or an email address to a known user.
func (s *Server) lookupUser(idOrEmail string) *User {
	if strings.Contains(idOrEmail, "@") {
		return s.api.userByEmail[strings.ToLower(idOrEmail)]
	}
	return s.api.userByID[idOrEmail]
}

// internal reports whether an email address is in the organisation.
func (s *Server) internal(email string) bool {
	at := strings.LastIndex(email, "@")
	return at >= 0 && s.api.domains[strings.ToLower(email[at+1:])]
}
