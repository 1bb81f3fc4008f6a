package chatfake

// Fault injection: make the next calls of a method fail, or slow a method
// down. A method is named by its discovery id ("chat.spaces.members.create",
// "chat.spaces.messages.patch", "cloudidentity.groups.lookup", …) or by
// "token", "authorize", "revoke", "certs" or "metadata" for the identity
// endpoints. Faults run before anything else, including the
// token check; latency runs before faults.
//
// HTTP: POST /_fake/faults with a JSON object; every field but method is
// optional, and the fields present are applied:
//
//	{"method": "chat.spaces.members.create",
//	 "failNext": 2,                 // the next 2 calls fail …
//	 "code": 503,                   // … with this HTTP code (default 503)
//	 "status": "UNAVAILABLE",       // google.rpc status (default: from code)
//	 "message": "backend flaked",   // error.message (default "Injected fault.")
//	 "match": "carol@example.com",  // … only calls whose path or body holds this
//	 "latency": "250ms"}            // Go duration added to every call; "0s" clears
//
// {"clear": true} (no method) removes every fault and latency. Answers 204,
// or 400 on a malformed request.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// fault is a pending injected failure; with match set, it applies only
// to calls whose path or body holds match (a call about one person).
type fault struct {
	remaining int
	code      int
	status    string
	message   string
	match     string
}

// faultState is guarded by Server.mu.
type faultState struct {
	fail    map[string]*fault
	matched map[string][]*fault // by method, tried before fail
	latency map[string]time.Duration
}

func newFaultState() faultState {
	return faultState{fail: map[string]*fault{}, matched: map[string][]*fault{}, latency: map[string]time.Duration{}}
}

// FailNext makes the next n calls of method answer code with status and
// message (defaults: 503, the status for code, "Injected fault.").
func (s *Server) FailNext(method string, n int, code int, status, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.api.faults.fail[method] = newFault(n, code, status, message, "")
}

// FailNextFor is FailNext for the calls of method whose path or body
// holds match — a person's name or address — only: the failure stays
// with that person whichever order concurrent calls come in.
func (s *Server) FailNextFor(method, match string, n int, code int, status, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.api.faults.matched[method] = append(s.api.faults.matched[method], newFault(n, code, status, message, match))
}

// newFault is a fault with FailNext's defaults filled in.
func newFault(n, code int, status, message, match string) *fault {
	if code == 0 {
		code = http.StatusServiceUnavailable
	}
	if message == "" {
		message = "Injected fault."
	}
	return &fault{remaining: n, code: code, status: status, message: message, match: match}
}

// SetLatency delays every call of method by d before it is served; zero
// removes the delay. A caller that gives up (request context cancelled)
// gets no answer and the call is not served.
func (s *Server) SetLatency(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d <= 0 {
		delete(s.api.faults.latency, method)
		return
	}
	s.api.faults.latency[method] = d
}

// ClearFaults removes every injected fault and latency.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.api.faults = newFaultState()
}

// applyFaults waits out the method's latency and answers an injected
// failure; it reports whether the request was answered (or abandoned).
func (s *Server) applyFaults(w http.ResponseWriter, r *http.Request, method string, body []byte) bool {
	s.mu.Lock()
	d := s.api.faults.latency[method]
	s.mu.Unlock()
	if d > 0 && !wait(r.Context(), d) {
		w.WriteHeader(499) // client closed request; nobody reads it
		return true
	}
	s.mu.Lock()
	f := s.api.faults.fail[method]
	for _, m := range s.api.faults.matched[method] {
		if m.remaining > 0 && (strings.Contains(r.URL.Path, m.match) || bytes.Contains(body, []byte(m.match))) {
			f = m
			break
		}
	}
	var code int
	var status, message string
	if f != nil && f.remaining > 0 {
		f.remaining--
		code, status, message = f.code, f.status, f.message
	}
	s.mu.Unlock()
	if code == 0 {
		return false
	}
	writeError(w, code, status, message)
	return true
}

// wait blocks for d or until ctx is done; it reports whether d elapsed.
func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// faultRequest is the body of POST /_fake/faults.
type faultRequest struct {
	Method   string `json:"method"`
	FailNext int    `json:"failNext"`
	Code     int    `json:"code"`
	Status   string `json:"status"`
	Message  string `json:"message"`
	Latency  string `json:"latency"`
	Match    string `json:"match"`
	Clear    bool   `json:"clear"`
}

func (s *Server) handleFaults(w http.ResponseWriter, r *http.Request) {
	var req faultRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequestBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "faults: "+err.Error())
		return
	}
	if req.Clear {
		s.ClearFaults()
	}
	if req.Method == "" {
		if !req.Clear {
			writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "faults: method is required")
			return
		}
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if req.Latency != "" {
		d, err := time.ParseDuration(req.Latency)
		if err != nil {
			writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "faults: latency: "+err.Error())
			return
		}
		s.SetLatency(req.Method, d)
	}
	switch {
	case req.FailNext > 0 && req.Match != "":
		s.FailNextFor(req.Method, req.Match, req.FailNext, req.Code, req.Status, req.Message)
	case req.FailNext > 0:
		s.FailNext(req.Method, req.FailNext, req.Code, req.Status, req.Message)
	}
	w.WriteHeader(http.StatusNoContent)
}
