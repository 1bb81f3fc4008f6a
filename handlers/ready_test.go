package handlers

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// switchable is a Ready whose answer the test sets.
type switchable struct {
	mu  sync.Mutex
	err error
}

func (s *switchable) set(err error) {
	s.mu.Lock()
	s.err = err
	s.mu.Unlock()
}

func (s *switchable) ready(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// GET /ready follows Config.Ready with fixed bodies and no token; the reason
// is logged once per change, not per probe.
func TestReadyTransitions(t *testing.T) {
	var r switchable
	o := newObserved(t, nil, r.ready)
	probe := func(want int, wantBody string) {
		t.Helper()
		res := o.serve(httptest.NewRequest(http.MethodGet, "/ready", nil))
		if res.Code != want || res.Body.String() != wantBody {
			t.Errorf("got %d %s, want %d %s", res.Code, res.Body, want, wantBody)
		}
	}
	const ready, notReady = `{"status":"ready"}`, `{"error":"not_ready"}`
	probe(200, ready)
	probe(200, ready)
	r.set(errors.New("store: ping: connection refused"))
	probe(503, notReady)
	probe(503, notReady)
	r.set(errors.New("store: ping: timeout")) // still not ready: no new line
	probe(503, notReady)
	r.set(nil)
	probe(200, ready)
	probe(200, ready)

	var changes []string
	for _, l := range logLines(t, o.logs.String()) {
		if l["message"] == accessMsg {
			continue
		}
		changes = append(changes, l["severity"].(string)+" "+l["message"].(string)+" "+str(l["reason"]))
	}
	want := []string{
		"INFO handlers: ready ",
		"WARNING handlers: not ready store: ping: connection refused",
		"INFO handlers: ready ",
	}
	if strings.Join(changes, "\n") != strings.Join(want, "\n") {
		t.Errorf("got log\n%s\nwant\n%s", strings.Join(changes, "\n"), strings.Join(want, "\n"))
	}
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// Without a Ready the process is ready as soon as it serves; /health is
// unchanged; /metrics is not the edge's.
func TestProbeRoutes(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		path, wantBody string
		want           int
	}{
		{"/ready", `{"status":"ready"}`, 200},
		{"/health", `{"status":"ok"}`, 200},
		{"/metrics", `{"error":"not_found"}`, 404},
	}
	for _, tc := range cases {
		res := h.serve(httptest.NewRequest(http.MethodGet, tc.path, nil))
		if res.Code != tc.want || res.Body.String() != tc.wantBody {
			t.Errorf("%s: got %d %s, want %d %s", tc.path, res.Code, res.Body, tc.want, tc.wantBody)
		}
	}
}
