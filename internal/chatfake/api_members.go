package chatfake

// spaces.members.create, get, list and delete (docs/chat-platform.md §5).

import (
	"net/http"

	chat "google.golang.org/api/chat/v1"
)

// membersCreate: POST /v1/spaces/{space}/members, body chat.Membership.
// Result state is JOINED when the person's autoAccept is on, else INVITED.
// Rules: checkNewMember (rules.go).
func (s *Server) membersCreate(w http.ResponseWriter, r *http.Request, _ *callAuth) {
	var body chat.Membership
	if !decodeBody(w, r, &body) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
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
	state := "INVITED"
	if u.AutoAccept {
		state = "JOINED"
	}
	sp.remove(u.ID) // a NOT_A_MEMBER leftover, if any
	m := &membership{userID: u.ID, role: role, state: state, created: s.now().UTC()}
	sp.members = append(sp.members, m)
	s.api.creates[[2]string{sp.ID, u.ID}]++
	writeJSON(w, http.StatusOK, m.toChat(sp.ID))
}

// membersGet: GET /v1/spaces/{space}/members/{member}; {member} is a user
// id or an email alias. Under app auth app memberships are hidden, and
// (Assumption) so are INVITED memberships: both answer 404.
func (s *Server) membersGet(w http.ResponseWriter, r *http.Request, _ *callAuth) {
	s.mu.Lock()
	defer s.mu.Unlock()
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
// showInvited=true under app auth is ignored (not an error); showGroups
// adds nothing because the world has no group memberships.
func (s *Server) membersList(w http.ResponseWriter, r *http.Request, _ *callAuth) {
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
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	var all []*chat.Membership
	for _, m := range sp.members {
		if m.state == "JOINED" && f.match(m.role, "HUMAN") {
			all = append(all, m.toChat(sp.ID))
		}
	}
	items, next := page(all, size, offset)
	writeJSON(w, http.StatusOK, &chat.ListMembershipsResponse{Memberships: items, NextPageToken: next})
}

// membersDelete: DELETE /v1/spaces/{space}/members/{member}. Humans only
// (JOINED or INVITED; deleting an invitation withdraws it); rules in
// checkDelete (rules.go). Answers the deleted membership.
func (s *Server) membersDelete(w http.ResponseWriter, r *http.Request, _ *callAuth) {
	s.mu.Lock()
	defer s.mu.Unlock()
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
