package chatfake

// Inspection: what the code under test asked for and what the world now
// looks like. Requests under /_fake/ are not recorded.
//
// GET /_fake/calls answers {"calls": [Call, …]} in arrival order, e.g.
//
//	{"calls": [{"method": "chat.spaces.members.create", "httpMethod": "POST",
//	  "path": "/v1/spaces/AAAAonbrd01/members", "query": "alt=json&prettyPrint=false",
//	  "body": {"member": {"name": "users/alice@example.com", "type": "HUMAN"}},
//	  "scopes": ["https://www.googleapis.com/auth/chat.app.memberships"], "status": 200}]}
//
// method is the discovery id, "token", "certs" or "metadata" for the
// identity endpoints, or "" for an unknown route; body is present only when
// the request body was JSON (so the token endpoint's form-encoded assertion
// is never kept); scopes are those of the bearer token, if any.
//
// GET /_fake/state answers WorldState:
//
//	{"adminApproved": true,
//	 "spaces": [{"name": "spaces/AAAAonbrd01", "displayName": "Platform Team",
//	   "spaceType": "SPACE", "appMember": true, "appCreated": false,
//	   "members": [{"name": "spaces/AAAAonbrd01/members/222…", "user": "222…",
//	     "email": "alice@example.com", "role": "ROLE_MEMBER", "state": "JOINED",
//	     "createTime": "2026-…Z", "creates": 1}],
//	   "messages": [chat.Message, …]}]}
//
// creates counts successful members.create calls for that person in that
// space, so a test can show that a retry did not add them twice.

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

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
	Status     int             `json:"status"`
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
			u := s.api.userByID[m.userID]
			snap.Members = append(snap.Members, MemberSnapshot{
				Name: "spaces/" + sp.ID + "/members/" + m.userID, User: m.userID, Email: u.Email,
				Role: m.role, State: m.state, CreateTime: m.created.UTC().Format(time.RFC3339Nano),
				Creates: s.api.creates[[2]string{sp.ID, m.userID}],
			})
		}
		out.Spaces = append(out.Spaces, snap)
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
		scopes, _ := s.Authority.Scopes(r)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		switch {
		case !known:
			writeError(sw, http.StatusNotFound, "NOT_FOUND", "The requested URL "+r.URL.Path+" was not found on this server.")
		case !s.applyFaults(sw, r, method):
			h.ServeHTTP(sw, r)
		}
		c := Call{Method: method, HTTPMethod: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
			Body: body, Scopes: scopes, Status: sw.status}
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
	case strings.HasPrefix(p, "/computeMetadata/"):
		return "metadata", pattern != ""
	case strings.Contains(p, "certs") || strings.HasPrefix(p, "/service_accounts/") || strings.HasPrefix(p, "/robot/"):
		return "certs", pattern != ""
	case strings.Contains(p, "token"):
		return "token", pattern != ""
	}
	return "", pattern != ""
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
