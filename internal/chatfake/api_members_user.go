package chatfake

// spaces.members.create, get, list and delete under user authentication;
// the rules are in userauth.go. Every function here is called with s.mu
// held.

import (
	"net/http"
	"strings"
	"time"

	chat "google.golang.org/api/chat/v1"
)

// userCreate adds a human, a group or the app with the caller's grant.
func (s *Server) userCreate(sp *spaceState, c *callAuth, body *chat.Membership) (*chat.Membership, *ruleError) {
	if body.GroupMember != nil {
		return s.addGroup(sp, c, body)
	}
	if body.Member == nil {
		return nil, errMalformedUser
	}
	seg, ok := strings.CutPrefix(body.Member.Name, "users/")
	if !ok || seg == "" || strings.ContainsAny(seg, "/ ") {
		return nil, errMalformedUser
	}
	switch {
	case body.Member.Type == "BOT" && seg == "app":
		return s.addApp(sp, c)
	case body.Member.Type == "BOT" || s.isAppName(seg):
		return nil, errOnlyItself
	case body.Member.Type != "HUMAN":
		return nil, &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "member.type must be HUMAN or BOT."}
	}
	return s.addHuman(sp, c, seg, body.Role)
}

func (s *Server) addApp(sp *spaceState, c *callAuth) (*chat.Membership, *ruleError) {
	switch {
	case c.admin:
		return nil, errAdminApp
	case !c.has(scopeMembershipsApp):
		return nil, errScopes
	case sp.SingleUserBotDM:
		return nil, errAppInBotDM
	case sp.AppMember:
		return nil, errAlreadyMember
	}
	sp.AppMember, sp.appSince = true, s.now().UTC()
	return s.appMembership(sp), nil
}

func (s *Server) addHuman(sp *spaceState, c *callAuth, seg, role string) (*chat.Membership, *ruleError) {
	switch {
	case !c.admin && !c.has(scopeMemberships):
		return nil, errScopes
	case sp.SpaceType == "DIRECT_MESSAGE":
		return nil, errDirectMessage
	case !sp.mayManage(c):
		return nil, errCannotManage
	}
	u, rerr := s.resolveForUser(sp, c, seg)
	if rerr != nil {
		return nil, rerr
	}
	role, rerr = checkRole(sp, role)
	if rerr != nil {
		return nil, rerr
	}
	if old := sp.member(u.ID); old != nil && (old.state == "JOINED" || old.state == "INVITED") {
		return nil, errAlreadyMember
	}
	return s.addPerson(sp, u, role), nil
}

// addPerson records a new membership of u (JOINED with autoAccept, else
// INVITED) and counts the create.
func (s *Server) addPerson(sp *spaceState, u *User, role string) *chat.Membership {
	state := "INVITED"
	if u.AutoAccept {
		state = "JOINED"
	}
	sp.remove(u.ID) // a NOT_A_MEMBER leftover, if any
	m := &membership{userID: u.ID, role: role, state: state, created: s.now().UTC()}
	sp.members = append(sp.members, m)
	s.api.creates[[2]string{sp.ID, u.ID}]++
	return m.toChat(sp.ID)
}

func (s *Server) addGroup(sp *spaceState, c *callAuth, body *chat.Membership) (*chat.Membership, *ruleError) {
	id, ok := strings.CutPrefix(body.GroupMember.Name, "groups/")
	switch {
	case body.Member != nil || !ok || id == "":
		return nil, errMemberOrGroup
	case sp.SpaceType != "SPACE":
		return nil, errGroupNotSpace
	case !c.admin && !c.has(scopeMemberships):
		return nil, errScopes
	case !sp.mayManage(c):
		return nil, errCannotManage
	}
	g := s.api.groupByID[id]
	if g == nil {
		return nil, errNotFound
	}
	if rerr := s.externalAllowed(sp, c, g.Email); rerr != nil {
		return nil, rerr
	}
	if sp.group(g.ID) != nil {
		return nil, errAlreadyMember
	}
	m := &membership{groupID: g.ID, role: "MEMBERSHIP_ROLE_UNSPECIFIED", state: "JOINED", created: s.now().UTC()}
	sp.members = append(sp.members, m)
	s.api.creates[[2]string{sp.ID, "groups/" + g.ID}]++
	return m.toChat(sp.ID), nil
}

// userFind resolves {member} under user auth: the app ("app" or its id),
// a group id, or a person's id or email; any state.
func (s *Server) userFind(sp *spaceState, seg string) (*chat.Membership, *membership, *ruleError) {
	if seg == "" || strings.ContainsAny(seg, "/ ") {
		return nil, nil, errMalformedUser
	}
	if s.isAppName(seg) {
		if !sp.AppMember {
			return nil, nil, errNotFound
		}
		return s.appMembership(sp), nil, nil
	}
	m := sp.group(seg)
	if u := s.lookupUser(seg); m == nil && u != nil {
		m = sp.member(u.ID)
	}
	if m == nil {
		return nil, nil, errNotFound
	}
	return m.toChat(sp.ID), m, nil
}

// userList lists what a person sees: JOINED people, INVITED ones with
// showInvited, the app, and groups with showGroups.
func (s *Server) userList(sp *spaceState, c *callAuth, r *http.Request, f memberFilter) ([]*chat.Membership, *ruleError) {
	if c.admin && !f.humansOnly() {
		return nil, errAdminFilter
	}
	invited, groups := queryBool(r, "showInvited"), queryBool(r, "showGroups")
	var all []*chat.Membership
	for _, m := range sp.members {
		switch {
		case m.groupID != "":
			if groups && f.match(m.role, "") {
				all = append(all, m.toChat(sp.ID))
			}
		case m.state == "JOINED" || (invited && m.state == "INVITED"):
			if f.match(m.role, "HUMAN") {
				all = append(all, m.toChat(sp.ID))
			}
		}
	}
	if sp.AppMember && f.match("ROLE_MEMBER", "BOT") {
		all = append(all, s.appMembership(sp))
	}
	return all, nil
}

// userDelete removes a person, a group or the app with the caller's grant.
func (s *Server) userDelete(sp *spaceState, c *callAuth, seg string) (*chat.Membership, *ruleError) {
	if s.isAppName(seg) {
		switch {
		case c.admin:
			return nil, errAdminApp
		case !c.has(scopeMembershipsApp):
			return nil, errScopes
		case !sp.AppMember:
			return nil, errNotFound
		}
		out := s.appMembership(sp)
		sp.AppMember = false
		return out, nil
	}
	if !c.admin && !c.has(scopeMemberships) {
		return nil, errScopes
	}
	out, m, rerr := s.userFind(sp, seg)
	if rerr != nil {
		return nil, rerr
	}
	if rerr := sp.mayRemove(c, m); rerr != nil {
		return nil, rerr
	}
	sp.removeMembership(m)
	return out, nil
}

// mayRemove: anyone may leave; others need the right to manage members,
// and only a manager (or an admin) removes a manager; never the last one.
func (sp *spaceState) mayRemove(c *callAuth, m *membership) *ruleError {
	self := m.userID != "" && m.userID == c.user.ID
	if sp.SpaceType == "DIRECT_MESSAGE" {
		return errDirectMessage
	}
	if !self && !sp.mayManage(c) {
		return errCannotManage
	}
	if m.role == "ROLE_MANAGER" && !self && !c.admin {
		if me := sp.member(c.user.ID); me == nil || me.role != "ROLE_MANAGER" {
			return errCannotManage
		}
	}
	if m.role == "ROLE_MANAGER" && m.state == "JOINED" && sp.joinedManagers() == 1 {
		return errLastManager
	}
	return nil
}

// appMembership is the app's own membership as user auth shows it.
// Assumption: ROLE_MEMBER, named by the app's id.
func (s *Server) appMembership(sp *spaceState) *chat.Membership {
	out := &chat.Membership{
		Name:   "spaces/" + sp.ID + "/members/" + s.world.App.ID,
		State:  "JOINED",
		Role:   "ROLE_MEMBER",
		Member: &chat.User{Name: "users/" + s.world.App.ID, DisplayName: s.world.App.DisplayName, Type: "BOT"},
	}
	if !sp.appSince.IsZero() {
		out.CreateTime = sp.appSince.Format(time.RFC3339Nano)
	}
	return out
}
