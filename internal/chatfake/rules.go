package chatfake

// Membership rules of the Chat API under app authentication
// (docs/chat-platform.md §5). Where Google documents a restriction but not its
// status code, the code chosen is marked "Assumption:".

import (
	"net/http"
	"strings"

	chat "google.golang.org/api/chat/v1"
)

// ruleError is a rule's verdict: an HTTP code, google.rpc status and message.
type ruleError struct {
	code    int
	status  string
	message string
}

func (e *ruleError) write(w http.ResponseWriter) { writeError(w, e.code, e.status, e.message) }

var (
	errMalformedUser = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", MsgMalformedUser}
	errMemberOrGroup = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "Set exactly one of member or groupMember; groupMember.name must be groups/{group}."}
	errNotFound      = &ruleError{http.StatusNotFound, "NOT_FOUND", MsgNotFound}
	// Assumption: adding a user from outside the organisation's domains is
	// 403 PERMISSION_DENIED (the restriction is documented, the code is not).
	errExternal = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgExternalUser}
	// Assumption: adding or removing an app (users/app, type BOT, the app's
	// own id) is 403 PERMISSION_DENIED.
	errApp = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgAddApp}
	// Assumption: a group membership under app auth is 403 PERMISSION_DENIED.
	errGroup = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgAddGroup}
	// Assumption: a group outside a named space is 400 INVALID_ARGUMENT,
	// checked before the app-auth restriction.
	errGroupNotSpace = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", MsgGroupNotSpace}
	// Assumption: a JOINED or INVITED member is 409 ALREADY_EXISTS.
	errAlreadyMember = &ruleError{http.StatusConflict, "ALREADY_EXISTS", MsgAlreadyMember}
	// Assumption: manager roles outside a named space are 400 INVALID_ARGUMENT.
	errRoleNotSpace = &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", MsgRoleNotSpace}
	// Assumption: removing a manager from a space the app did not create is
	// 403 PERMISSION_DENIED; removing the last manager is 400 FAILED_PRECONDITION.
	errManager     = &ruleError{http.StatusForbidden, "PERMISSION_DENIED", MsgManager}
	errLastManager = &ruleError{http.StatusBadRequest, "FAILED_PRECONDITION", MsgLastManager}
)

var validRoles = map[string]bool{
	"": true, "ROLE_MEMBER": true, "ROLE_ASSISTANT_MANAGER": true, "ROLE_MANAGER": true,
}

// checkNewMember applies the create rules to the request body and returns
// the user to add and the role to give. Callers hold s.mu.
//
//   - groupMember: only in SPACE (400), never under app auth (403)
//   - member.name must be users/{id} or users/{email} (400 MsgMalformedUser)
//   - users/app, type BOT, or the app's own id: 403 (apps can't add apps)
//   - member.type must be HUMAN. Assumption: a missing type is 400
//     INVALID_ARGUMENT (Google's examples always send it).
//   - email outside world.domains (known user or not), or a known user
//     whose email is outside them: 403 PERMISSION_DENIED, MsgExternalUser
//   - unknown address inside the domains, unknown id: 404 NOT_FOUND
//   - role: ROLE_MEMBER by default; manager roles only in SPACE (400).
//     Assumption: a manager role in the body of create is honoured in a SPACE.
func (s *Server) checkNewMember(sp *spaceState, m *chat.Membership) (*User, string, *ruleError) {
	if m.GroupMember != nil {
		if m.Member != nil || !strings.HasPrefix(m.GroupMember.Name, "groups/") {
			return nil, "", errMemberOrGroup
		}
		if sp.SpaceType != "SPACE" {
			return nil, "", errGroupNotSpace
		}
		return nil, "", errGroup
	}
	if m.Member == nil {
		return nil, "", errMalformedUser
	}
	id, rerr := s.userSegment(m.Member.Name)
	if rerr != nil {
		return nil, "", rerr
	}
	switch m.Member.Type {
	case "HUMAN":
	case "BOT":
		return nil, "", errApp
	default:
		return nil, "", &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "member.type must be HUMAN."}
	}
	u, rerr := s.resolveHuman(id)
	if rerr != nil {
		return nil, "", rerr
	}
	role, rerr := checkRole(sp, m.Role)
	if rerr != nil {
		return nil, "", rerr
	}
	if old := sp.member(u.ID); old != nil && (old.state == "JOINED" || old.state == "INVITED") {
		return nil, "", errAlreadyMember
	}
	return u, role, nil
}

// checkRole validates a requested role: ROLE_MEMBER by default, manager
// roles only in a SPACE.
func checkRole(sp *spaceState, role string) (string, *ruleError) {
	if !validRoles[role] {
		return "", &ruleError{http.StatusBadRequest, "INVALID_ARGUMENT", "Invalid value for role: " + role}
	}
	role = defaultString(role, "ROLE_MEMBER")
	if role != "ROLE_MEMBER" && sp.SpaceType != "SPACE" {
		return "", errRoleNotSpace
	}
	return role, nil
}

// userSegment checks a users/{user} name and returns {user}. users/app
// and the app's own id are apps.
func (s *Server) userSegment(name string) (string, *ruleError) {
	id, ok := strings.CutPrefix(name, "users/")
	if !ok || id == "" || strings.ContainsAny(id, "/ ") {
		return "", errMalformedUser
	}
	if id == "app" || id == s.world.App.ID {
		return "", errApp
	}
	return id, nil
}

// resolveHuman maps an id or email to a person app auth may add.
func (s *Server) resolveHuman(id string) (*User, *ruleError) {
	if strings.Contains(id, "@") {
		if !s.internal(id) {
			return nil, errExternal
		}
		if u := s.lookupUser(id); u != nil {
			return u, nil
		}
		return nil, errNotFound
	}
	if !isDigits(id) {
		return nil, errMalformedUser
	}
	u := s.lookupUser(id)
	if u == nil {
		return nil, errNotFound
	}
	if !s.internal(u.Email) {
		return nil, errExternal
	}
	return u, nil
}

// findMember resolves the {member} segment of spaces/S/members/{member}
// (a user id or an email alias) to a membership in any state. App
// memberships ("app", the app's id) are hidden under app auth.
// Assumption: hidden and absent memberships both answer 404.
func (s *Server) findMember(sp *spaceState, seg string) (*membership, *ruleError) {
	if seg == "" || strings.ContainsAny(seg, "/ ") {
		return nil, errMalformedUser
	}
	if seg == "app" || seg == s.world.App.ID {
		return nil, errNotFound
	}
	u := s.lookupUser(seg)
	if u == nil {
		return nil, errNotFound
	}
	m := sp.member(u.ID)
	if m == nil {
		return nil, errNotFound
	}
	return m, nil
}

// checkDelete applies the delete rules: humans only; a manager only in a
// space the app created; never the last manager.
func (s *Server) checkDelete(sp *spaceState, seg string) (*membership, *ruleError) {
	if seg == "app" || seg == s.world.App.ID {
		return nil, errApp
	}
	m, rerr := s.findMember(sp, seg)
	if rerr != nil {
		return nil, rerr
	}
	if m.role == "ROLE_MANAGER" || m.role == "ROLE_ASSISTANT_MANAGER" {
		if !sp.AppCreated {
			return nil, errManager
		}
		if m.role == "ROLE_MANAGER" && m.state == "JOINED" && sp.joinedManagers() == 1 {
			return nil, errLastManager
		}
	}
	return m, nil
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
