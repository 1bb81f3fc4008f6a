package chatfake

// Cloud Identity's groups.lookup, the way to turn a group's email into the
// groups/{id} name Chat's groupMember needs
// (https://cloud.google.com/identity/docs/reference/rest/v1/groups/lookup).
// Point CLOUD_IDENTITY_ENDPOINT (or cloudidentity.NewService's
// option.WithEndpoint) at the fake's URL + "/".
//
//	GET /v1/groups:lookup?groupKey.id=eng@example.com → {"name": "groups/03eng0example01"}
//
// A token with cloud-identity.groups.readonly, cloud-identity.groups or
// cloud-platform is required (missing/invalid → 401, other scopes → 403);
// groupKey.id missing → 400; an address that is no world group → 404.
// Assumption: any valid token with the scope may look up any world group
// (Google also checks the caller may see the group); groupKey.namespace is
// ignored.

import (
	"net/http"
	"slices"
	"strings"
)

const groupsLookupPattern = "GET /v1/groups:lookup"

var groupsLookupScopes = []string{
	scopePrefix + "cloud-identity.groups.readonly",
	scopePrefix + "cloud-identity.groups",
	scopePrefix + "cloud-platform",
}

func (s *Server) groupsLookup(w http.ResponseWriter, r *http.Request) {
	scopes, ok := s.Authority.Scopes(r)
	if !ok {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", MsgUnauthenticated)
		return
	}
	if !slices.ContainsFunc(scopes, func(sc string) bool { return slices.Contains(groupsLookupScopes, sc) }) {
		writeError(w, http.StatusForbidden, "PERMISSION_DENIED", MsgInsufficientScopes)
		return
	}
	key := r.URL.Query().Get("groupKey.id")
	if key == "" {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "Request contains an invalid argument: groupKey.id is required.")
		return
	}
	s.mu.Lock()
	g := s.api.groupByMail[strings.ToLower(key)]
	s.mu.Unlock()
	if g == nil {
		writeError(w, http.StatusNotFound, "NOT_FOUND", MsgNotFound)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"name": "groups/" + g.ID})
}
