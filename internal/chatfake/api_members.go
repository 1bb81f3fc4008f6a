package chatfake

// spaces.members.create, get, list and delete (docs/chat-platform.md §5).

import (
	"net/http"

	chat "google.golang.org/api/chat/v1"
)

// membersCreate: POST /v1/spaces/{space}/members, body chat.Membership.
// Result state is JOINED when the person's autoAccept is on, else INVITED.
// Rules: checkNewMember (rules.go) under app auth, userCreate
// (api_members_user.go) under user auth.
func (s *Server) membersCreate(w http.ResponseWriter, r *http.Request, c *callAuth) {
	var body chat.Membership
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.user != nil {
		s.answerUser(w, r, c, func(sp *spaceState) (*chat.Membership, *ruleError) { return s.userCreate(sp, c, &body) })
		return
	}
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	u, role, rerr := s.checkNewMember(sp, &body)
	if rerr != nil {
		rerr.write(w)
		return
	}
	writeJSON(w, http.StatusOK, s.addPerson(sp, u, role))
}

// answerUser runs a user-auth membership call in the caller's space and
// writes its answer. Callers hold s.mu.
func (s *Server) answerUser(w http.ResponseWriter, r *http.Request, c *callAuth, call func(*spaceState) (*chat.Membership, *ruleError)) {
	sp, rerr := s.userSpace(r.PathValue("space"), c)
	var out *chat.Membership
	if rerr == nil {
		out, rerr = call(sp)
	}
	if rerr != nil {
		rerr.write(w)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

// membersGet: GET /v1/spaces/{space}/members/{member}; {member} is a user
// id or an email alias. Under app auth app memberships are hidden, and
// (Assumption) so are INVITED memberships: both answer 404.
func (s *Server) membersGet(w http.ResponseWriter, r *http.Request, c *callAuth) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.user != nil {
		s.answerUser(w, r, c, func(sp *spaceState) (*chat.Membership, *ruleError) {
			out, _, rerr := s.userFind(sp, r.PathValue("member"))
			return out, rerr
		})
		return
	}
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	m, rerr := s.findMember(sp, r.PathValue("member"))
	if rerr == nil && m.state != "JOINED" {
		rerr = errNotFound
	}
	if rerr != nil {
		rerr.write(w)
		return
	}
	writeJSON(w, http.StatusOK, m.toChat(sp.ID))
}

// membersList: GET /v1/spaces/{space}/members with pageSize, pageToken,
// filter (filter.go), showInvited, showGroups. Under app auth the list
// excludes app memberships and INVITED memberships. Assumption:
// showInvited=true under app auth is ignored (not an error), and so is
// showGroups: reading group memberships needs user auth. Under user auth,
// userList (api_members_user.go).
func (s *Server) membersList(w http.ResponseWriter, r *http.Request, c *callAuth) {
	size, offset, ok := pageParams(w, r)
	if !ok {
		return
	}
	f, err := parseMemberFilter(r.URL.Query().Get("filter"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.user != nil {
		sp, rerr := s.userSpace(r.PathValue("space"), c)
		var all []*chat.Membership
		if rerr == nil {
			all, rerr = s.userList(sp, c, r, f)
		}
		if rerr != nil {
			rerr.write(w)
			return
		}
		items, next := page(all, size, offset)
		writeJSON(w, http.StatusOK, &chat.ListMembershipsResponse{Memberships: items, NextPageToken: next})
		return
	}
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	var all []*chat.Membership
	for _, m := range sp.members {
		if m.groupID == "" && m.state == "JOINED" && f.match(m.role, "HUMAN") {
			all = append(all, m.toChat(sp.ID))
		}
	}
	items, next := page(all, size, offset)
	writeJSON(w, http.StatusOK, &chat.ListMembershipsResponse{Memberships: items, NextPageToken: next})
}

// membersDelete: DELETE /v1/spaces/{space}/members/{member}. Humans only
// (JOINED or INVITED; deleting an invitation withdraws it); rules in
// checkDelete (rules.go); under user auth userDelete
// (api_members_user.go). Answers the deleted membership.
func (s *Server) membersDelete(w http.ResponseWriter, r *http.Request, c *callAuth) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.user != nil {
		s.answerUser(w, r, c, func(sp *spaceState) (*chat.Membership, *ruleError) {
			return s.userDelete(sp, c, r.PathValue("member"))
		})
		return
	}
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	m, rerr := s.checkDelete(sp, r.PathValue("member"))
	if rerr != nil {
		rerr.write(w)
		return
	}
	sp.remove(m.userID)
	writeJSON(w, http.StatusOK, m.toChat(sp.ID))
}
