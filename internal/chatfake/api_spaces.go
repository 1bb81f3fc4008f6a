package chatfake

// spaces.get and spaces.list (docs/chat-platform.md §6.1).

import (
	"net/http"

	chat "google.golang.org/api/chat/v1"
)

// spacesGet: GET /v1/spaces/{space}. Under app auth a space the app is not
// in (and did not create) answers 404 like an unknown one, and
// accessSettings is filled only when chat.app.spaces(.readonly) authorised
// the call. Under user auth the caller must be a member, or use admin
// access to an organisation's named space (userSpace, userauth.go),
// whether or not the app is in it.
func (s *Server) spacesGet(w http.ResponseWriter, r *http.Request, c *callAuth) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.user != nil {
		sp, rerr := s.userSpace(r.PathValue("space"), c)
		if rerr != nil {
			rerr.write(w)
			return
		}
		writeJSON(w, http.StatusOK, sp.toChat())
		return
	}
	sp := s.visibleSpace(r.PathValue("space"))
	if sp == nil {
		errNotFound.write(w)
		return
	}
	out := sp.toChat()
	if c.has(scopeAppSpaces) || c.has(scopeAppSpacesRO) {
		out.AccessSettings = &chat.AccessSettings{AccessState: "PRIVATE"}
	}
	writeJSON(w, http.StatusOK, out)
}

// spacesList: GET /v1/spaces with pageSize, pageToken and a space_type
// filter; lists the spaces the app is a member of (or created).
// Simplification: group chats and DMs are listed even before their first
// message.
func (s *Server) spacesList(w http.ResponseWriter, r *http.Request, _ *callAuth) {
	size, offset, ok := pageParams(w, r)
	if !ok {
		return
	}
	types, err := parseSpaceFilter(r.URL.Query().Get("filter"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*chat.Space
	for _, sp := range s.api.spaces {
		if s.visibleSpace(sp.ID) != nil && (types == nil || types[sp.SpaceType]) {
			all = append(all, sp.toChat())
		}
	}
	items, next := page(all, size, offset)
	writeJSON(w, http.StatusOK, &chat.ListSpacesResponse{Spaces: items, NextPageToken: next})
}

// toChat renders a space as chat.Space. Callers hold s.mu.
func (sp *spaceState) toChat() *chat.Space {
	joined, groups := int64(0), int64(0)
	for _, m := range sp.members {
		switch {
		case m.state != "JOINED":
		case m.groupID != "":
			groups++
		default:
			joined++
		}
	}
	legacy := map[string]string{"SPACE": "ROOM", "GROUP_CHAT": "ROOM", "DIRECT_MESSAGE": "DM"}
	out := &chat.Space{
		Name:                "spaces/" + sp.ID,
		DisplayName:         sp.DisplayName,
		SpaceType:           sp.SpaceType,
		Type:                legacy[sp.SpaceType],
		SingleUserBotDm:     sp.SingleUserBotDM,
		ExternalUserAllowed: sp.ExternalUserAllowed,
		MembershipCount:     &chat.MembershipCount{JoinedDirectHumanUserCount: joined, JoinedGroupCount: groups},
	}
	if sp.SpaceType == "SPACE" {
		out.SpaceThreadingState = "THREADED_MESSAGES"
	}
	return out
}
