package chatfake

// Inspection: what the code under test asked for and what the world now
// looks like. Requests under /_fake/ are not recorded.
//
// GET /_fake/calls answers {"calls": [Call, …]} in arrival order, e.g.
//
//	{"calls": [{"method": "chat.spaces.members.create", "httpMethod": "POST",
//	  "path": "/v1/spaces/AAAAonbrd01/members", "query": "alt=json&prettyPrint=false",
//	  "body": {"member": {"name": "users/alice@example.com", "type": "HUMAN"}},
//	  "scopes": ["https://www.googleapis.com/auth/chat.app.memberships"],
//	  "caller": "app", "status": 200}]}
//
// method is the discovery id (Chat's, or "cloudidentity.groups.lookup"),
// "token", "authorize", "revoke", "certs" or "metadata" for the identity
// endpoints, or "" for an unknown route; body is present only when the
// request body was JSON and never for the identity endpoints (so no
// assertion, code or token is kept); query values named token, code,
// refresh_token, access_token, client_secret, code_verifier or assertion
// are replaced by "REDACTED"; scopes are those of the bearer token, if any.
// caller is who the bearer token speaks for: "app" (the service account),
// "users/{id}" (a person's grant; client is then the OAuth client id), or
// "" (no valid token). useAdminAccess is true when the call asked for it.
//
// GET /_fake/grants answers {"grants": [fakeauth.UserGrant, …]}: every
// person's consent to an OAuth client (user, email, clientId, scopes,
// offline, revoked, created), never a token.
//
// GET /_fake/state answers WorldState:
//
//	{"adminApproved": true,
//	 "spaces": [{"name": "spaces/AAAAonbrd01", "displayName": "Platform Team",
//	   "spaceType": "SPACE", "appMember": true, "appCreated": false,
//	   "members": [{"name": "spaces/AAAAonbrd01/members/222…", "user": "222…",
//	     "email": "alice@example.com", "role": "ROLE_MEMBER", "state": "JOINED",
//	     "createTime": "2026-…Z", "creates": 1}],
//	   (a group membership has "group": "groups/{id}" and the group's email
//	    instead of user)
//	   "messages": [chat.Message, …]}]}
//
// creates counts successful members.create calls for that person in that
// space, so a test can show that a retry did not add them twice.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
	chat "google.golang.org/api/chat/v1"
)

// Call is one recorded request.
type Call struct {
	Method     string          `json:"method"`
	HTTPMethod string          `json:"httpMethod"`
	Path       string          `json:"path"`
	Query      string          `json:"query"`
	Body       json.RawMessage `json:"body,omitempty"`
	Scopes     []string        `json:"scopes"`
	Caller     string          `json:"caller"`           // "app", "users/{id}" or ""
	Client     string          `json:"client,omitempty"` // OAuth client of a user's grant
	// AdminAccess is true when the request set useAdminAccess=true.
	AdminAccess bool `json:"useAdminAccess,omitempty"`
	Status      int  `json:"status"`
}

// WorldState is the inspectable state of the world.
type WorldState struct {
	AdminApproved bool            `json:"adminApproved"`
	Spaces        []SpaceSnapshot `json:"spaces"`
}

// SpaceSnapshot is one space with its members (all states) and messages.
type SpaceSnapshot struct {
	Name        string           `json:"name"`
	DisplayName string           `json:"displayName"`
	SpaceType   string           `json:"spaceType"`
	AppMember   bool             `json:"appMember"`
	AppCreated  bool             `json:"appCreated"`
	Members     []MemberSnapshot `json:"members"`
	Messages    []*chat.Message  `json:"messages"`
}

// MemberSnapshot is one human membership.
type MemberSnapshot struct {
	Name       string `json:"name"`
	User       string `json:"user"`
	Group      string `json:"group,omitempty"` // groups/{id} for a group membership
	Email      string `json:"email"`
	Role       string `json:"role"`
	State      string `json:"state"`
	CreateTime string `json:"createTime"`
	Creates    int    `json:"creates"`
}

func (s *Server) registerInspectRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /_fake/calls", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string][]Call{"calls": s.Calls()})
	})
	mux.HandleFunc("GET /_fake/state", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.State())
	})
	mux.HandleFunc("POST /_fake/faults", s.handleFaults)
	mux.HandleFunc("GET /_fake/grants", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"grants": s.Grants()})
	})
}

// Calls returns every recorded call so far.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// State returns a snapshot of the world.
func (s *Server) State() WorldState {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := WorldState{AdminApproved: s.world.AdminApproved, Spaces: []SpaceSnapshot{}}
	for _, sp := range s.api.spaces {
		snap := SpaceSnapshot{
			Name: "spaces/" + sp.ID, DisplayName: sp.DisplayName, SpaceType: sp.SpaceType,
			AppMember: sp.AppMember, AppCreated: sp.AppCreated,
			Members: []MemberSnapshot{}, Messages: copyMessages(sp.messages),
		}
		for _, m := range sp.members {
			snap.Members = append(snap.Members, s.memberSnapshot(sp, m))
		}
		out.Spaces = append(out.Spaces, snap)
	}
	return out
}

func (s *Server) memberSnapshot(sp *spaceState, m *membership) MemberSnapshot {
	out := MemberSnapshot{
		Name: "spaces/" + sp.ID + "/members/" + m.userID, User: m.userID,
		Role: m.role, State: m.state, CreateTime: m.created.UTC().Format(time.RFC3339Nano),
		Creates: s.api.creates[[2]string{sp.ID, m.userID}],
	}
	if m.groupID != "" {
		g := s.api.groupByID[m.groupID]
		out.Name, out.Group, out.Email = "spaces/"+sp.ID+"/members/"+m.groupID, "groups/"+m.groupID, g.Email
		out.Creates = s.api.creates[[2]string{sp.ID, "groups/" + m.groupID}]
	} else if u := s.api.userByID[m.userID]; u != nil {
		out.Email = u.Email
	}
	return out
}

// SetAdminApproved grants or withdraws the admin's approval of the app's
// chat.app.* scopes.
func (s *Server) SetAdminApproved(ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.world.AdminApproved = ok
}

// Membership reports user's membership of space (ids without the spaces/
// and users/ prefixes; user may be an email address).
func (s *Server) Membership(space, user string) (state, role string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp, u := s.api.spaceByID[space], s.lookupUser(user)
	if sp == nil || u == nil {
		return "", "", false
	}
	m := sp.member(u.ID)
	if m == nil {
		return "", "", false
	}
	return m.state, m.role, true
}

// Messages returns copies of the messages of space, oldest first.
func (s *Server) Messages(space string) []*chat.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.api.spaceByID[space]
	if sp == nil {
		return nil
	}
	return copyMessages(sp.messages)
}

// CreateCount is how many members.create calls succeeded for user (id or
// email) in space.
func (s *Server) CreateCount(space, user string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.lookupUser(user)
	if u == nil {
		return 0
	}
	return s.api.creates[[2]string{space, u.ID}]
}

func copyMessages(in []*chat.Message) []*chat.Message {
	out := make([]*chat.Message, 0, len(in))
	for _, m := range in {
		c := *m
		out = append(out, &c)
	}
	return out
}

// record wraps the whole mux: it labels each request with its method,
// answers unknown routes with a JSON 404, applies faults, and appends a
// Call once the request has been served.
func (s *Server) record(h http.Handler) http.Handler {
	mux, _ := h.(*http.ServeMux)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/_fake/") {
			h.ServeHTTP(w, r)
			return
		}
		method, known := s.methodOf(mux, r)
		body := captureBody(r)
		if identityEndpoints[method] {
			body = nil
		}
		who, _ := s.Authority.Principal(r)
		caller := ""
		switch {
		case who.User != "":
			caller = "users/" + who.User
		case who.Scopes != nil:
			caller = "app"
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		switch {
		case !known:
			writeError(sw, http.StatusNotFound, "NOT_FOUND", "The requested URL "+r.URL.Path+" was not found on this server.")
		case !s.applyFaults(sw, r, method, body):
			h.ServeHTTP(sw, r)
		}
		c := Call{Method: method, HTTPMethod: r.Method, Path: r.URL.Path, Query: redactQuery(r.URL.RawQuery),
			Body: body, Scopes: who.Scopes, Caller: caller, Client: who.ClientID,
			AdminAccess: queryBool(r, "useAdminAccess"), Status: sw.status}
		s.mu.Lock()
		s.calls = append(s.calls, c)
		s.mu.Unlock()
		if s.onCall != nil {
			s.onCall(c) // outside the lock: the hook may inspect the server
		}
	})
}

// methodOf names the request's method and reports whether a route exists.
func (s *Server) methodOf(mux *http.ServeMux, r *http.Request) (string, bool) {
	pattern := ""
	if mux != nil {
		_, pattern = mux.Handler(r)
	}
	if id, ok := s.api.methodByPattern[pattern]; ok {
		return id, true
	}
	p := r.URL.Path
	switch {
	case p == fakeauth.AuthorizePath:
		return "authorize", pattern != ""
	case p == fakeauth.RevokePath:
		return "revoke", pattern != ""
	case strings.HasPrefix(p, "/computeMetadata/"):
		return "metadata", pattern != ""
	case strings.Contains(p, "certs") || strings.HasPrefix(p, "/service_accounts/") || strings.HasPrefix(p, "/robot/"):
		return "certs", pattern != ""
	case strings.Contains(p, "token"):
		return "token", pattern != ""
	}
	return "", pattern != ""
}

// identityEndpoints never have their bodies recorded.
var identityEndpoints = map[string]bool{"token": true, "authorize": true, "revoke": true, "metadata": true}

// secretParams are query parameters whose values are never recorded.
var secretParams = []string{"token", "code", "refresh_token", "access_token", "client_secret", "code_verifier", "assertion"}

// redactQuery replaces the values of secretParams in a raw query.
func redactQuery(raw string) string {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "(unparsable query, not recorded)"
	}
	changed := false
	for _, k := range secretParams {
		if _, ok := q[k]; ok {
			q[k], changed = []string{"REDACTED"}, true
		}
	}
	if !changed {
		return raw
	}
	return q.Encode()
}

// captureBody reads the request body (restoring it for the handler) and
// returns it when it is JSON.
func captureBody(r *http.Request) json.RawMessage {
	if r.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), r.Body), r.Body}
	if len(b) == 0 || !json.Valid(b) {
		return nil
	}
	return json.RawMessage(b)
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
