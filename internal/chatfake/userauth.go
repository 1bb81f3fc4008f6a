package chatfake

// User authentication: the Chat API called with a person's own grant
// (docs/chat-platform.md §10; Google's guide
// https://developers.google.com/workspace/chat/create-members). Who may do
// what, beyond the scopes checked by guard:
//
//   - The caller must be a JOINED member of the space: otherwise 403
//     MsgNotSpaceMember (an unknown space is 404). Assumption: Google's
//     code for a space the caller is not in is not documented.
//   - Adding or removing humans and groups needs chat.memberships
//     (chat.memberships.readonly suffices for get and list) and the right
//     to manage members there (World's manageMembers; 403 MsgCannotManage).
//     Anyone may remove themselves. Assumption: only a ROLE_MANAGER removes
//     another manager; the last manager can't be removed (as app auth).
//   - users/app with type BOT adds (or removes) the calling client's Chat
//     app — the world's app — and needs chat.memberships.app; any JOINED
//     member may do it (Assumption: Google's manageApps permission is not
//     modelled). It works in a SPACE, a GROUP_CHAT and a DIRECT_MESSAGE
//     between two people; not in the app's own DM (400 MsgAppInBotDM).
//     Any other app (type BOT, name not users/app) → 403 MsgOnlyItself.
//     Once added, the app is a member: app-auth calls work there.
//   - People can't be added to a DIRECT_MESSAGE (400 MsgDirectMessage,
//     Assumption).
//   - External people (email outside the world's domains): only where the
//     space has externalUserAllowed (else 403 MsgExternalForbidden). An
//     address that matches no world user is 404 NOT_FOUND inside or outside
//     the organisation (Assumption: Google would invite any Google account;
//     the fake knows only its world). A group is external when its email is.
//   - Groups: named spaces only (400 MsgGroupNotSpace); the group must be a
//     world group (404). A group membership is JOINED with role
//     MEMBERSHIP_ROLE_UNSPECIFIED, named spaces/{space}/members/{group id};
//     the group's members are not added one by one, and membership through a
//     group does not make a caller a member (Assumption, kept simple).
//   - Administrator access (useAdminAccess=true, chat.admin.memberships or
//     chat.admin.spaces, a user with isAdmin) skips the caller's membership
//     and role, in named spaces of the organisation only: a space with
//     otherOrganization is 404, another space type 403 MsgAdminSpaceType
//     (Assumption). It can't add or remove apps (403 MsgAdminApp) nor add
//     external people (403 MsgAdminExternal). members.list with admin
//     access requires a member.type = "HUMAN" or != "BOT" filter (400
//     MsgAdminFilter), as documented.
//   - Reads under user auth show more than app auth: INVITED memberships
//     (members.get always; members.list with showInvited=true), the app's
//     membership (type BOT) and, with showGroups=true, group memberships.

import (
	"net/http"
	"slices"
	"strings"
)

var (
	errNotSpaceMember    = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgNotSpaceMember}
	errCannotManage      = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgCannotManage}
	errNotAdmin          = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgNotAdmin}
	errAdminApp          = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgAdminApp}
	errAdminExternal     = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgAdminExternal}
	errAdminSpaceType    = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgAdminSpaceType}
	errAdminFilter       = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", MsgAdminFilter}
	errExternalForbidden = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgExternalForbidden}
	errOnlyItself        = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgOnlyItself}
	errAppInBotDM        = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", MsgAppInBotDM}
	errDirectMessage     = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", MsgDirectMessage}
	errScopes            = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgInsufficientScopes}
	errUserAuthMissing   = &ruleError{http.StatusNotImplemented, "UNIMPLEMENTED", MsgUserAuthMissing}
)

// caller reads the bearer token: the app, or a world user through a grant.
func (s *Server) caller(r *http.Request) (*callAuth, bool) {
	p, ok := s.Authority.Principal(r)
	if !ok {
		return nil, false
	}
	c := &callAuth{scopes: p.Scopes}
	if p.User == "" {
		return c, true
	}
	s.mu.Lock()
	c.user = s.api.userByID[p.User]
	s.mu.Unlock()
	c.admin = queryBool(r, "useAdminAccess")
	return c, c.user != nil
}

// authoriseUser checks a user-auth call's scopes and admin standing.
func (s *Server) authoriseUser(m apiMethod, c *callAuth) *ruleError {
	switch {
	case m.user == nil:
		return errUserAuthMissing
	case c.admin && !c.hasAny(m.user.admin):
		return errScopes
	case c.admin && !c.user.IsAdmin:
		return errNotAdmin
	case !c.admin && !c.hasAny(m.user.plain):
		return errScopes
	}
	return nil
}

func (c *callAuth) hasAny(scopes []string) bool {
	return slices.ContainsFunc(scopes, c.has)
}

// userSpace returns the space a user-auth call acts in, if the caller may
// see it. Callers hold s.mu.
func (s *Server) userSpace(id string, c *callAuth) (*spaceState, *ruleError) {
	sp := s.api.spaceByID[id]
	switch {
	case sp == nil, c.admin && sp.OtherOrganization:
		return nil, errNotFound
	case c.admin && sp.SpaceType != "SPACE":
		return nil, errAdminSpaceType
	case c.admin:
		return sp, nil
	}
	if m := sp.member(c.user.ID); m == nil || m.state != "JOINED" {
		return nil, errNotSpaceMember
	}
	return sp, nil
}

// mayManage reports whether the caller may add and remove people and
// groups in sp. Callers hold s.mu.
func (sp *spaceState) mayManage(c *callAuth) bool {
	if c.admin {
		return true
	}
	m := sp.member(c.user.ID)
	switch {
	case m == nil || m.state != "JOINED" || sp.SpaceType == "DIRECT_MESSAGE":
		return false
	case sp.SpaceType == "GROUP_CHAT" || sp.ManageMembers == "members":
		return true
	}
	return m.role == "ROLE_MANAGER" || m.role == "ROLE_ASSISTANT_MANAGER"
}

// isAppName reports whether a users/{user} segment names an app: "app" or
// the world's app id.
func (s *Server) isAppName(seg string) bool { return seg == "app" || seg == s.world.App.ID }

// resolveForUser maps an id or email to a person a user-auth call may add
// to sp: unknown → 404; external → only where the space allows it, never
// under admin access.
func (s *Server) resolveForUser(sp *spaceState, c *callAuth, id string) (*User, *ruleError) {
	if !strings.Contains(id, "@") && !isDigits(id) {
		return nil, errMalformedUser
	}
	u := s.lookupUser(id)
	if u == nil {
		return nil, errNotFound
	}
	if rerr := s.externalAllowed(sp, c, u.Email); rerr != nil {
		return nil, rerr
	}
	return u, nil
}

// externalAllowed applies the external rules to an address.
func (s *Server) externalAllowed(sp *spaceState, c *callAuth, email string) *ruleError {
	switch {
	case s.internal(email):
		return nil
	case c.admin:
		return errAdminExternal
	case !sp.ExternalUserAllowed:
		return errExternalForbidden
	}
	return nil
}
