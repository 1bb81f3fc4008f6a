package chatfake

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFailNext(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	s.FailNext("chat.spaces.members.create", 2, 503, "", "backend flaked")
	for i := range 2 {
		gerr := wantError(t, createAlice(svc), 503, "UNAVAILABLE")
		if gerr.Message != "backend flaked" {
			t.Errorf("failure %d: message got %q, want %q", i, gerr.Message, "backend flaked")
		}
	}
	if err := createAlice(svc); err != nil {
		t.Fatalf("third call: got %v, want success", err)
	}
	if got := s.CreateCount(spacePlatform, idAlice); got != 1 {
		t.Errorf("CreateCount: got %d, want 1", got)
	}
}

func TestFaultsOverHTTP(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	tests := []struct {
		name, body string
		wantCode   int
	}{
		{"fail next", `{"method":"chat.spaces.members.list","failNext":1,"code":429,"status":"RESOURCE_EXHAUSTED","message":"slow down"}`, 204},
		{"no method", `{"failNext":1}`, 400},
		{"bad latency", `{"method":"x","latency":"soon"}`, 400},
		{"unknown field", `{"method":"x","fail":1}`, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := postJSON(t, s.URL+"/_fake/faults", tt.body); got != tt.wantCode {
				t.Errorf("got %d, want %d", got, tt.wantCode)
			}
		})
	}
	wantError(t, listPlatform(svc), 429, "RESOURCE_EXHAUSTED")
	if err := listPlatform(svc); err != nil {
		t.Errorf("after the injected failure: got %v, want success", err)
	}
	if got := postJSON(t, s.URL+"/_fake/faults", `{"clear":true}`); got != 204 {
		t.Errorf("clear: got %d, want 204", got)
	}
}

func TestLatencyHonoursCancellation(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	if err := listPlatform(svc); err != nil { // fetch the access token first
		t.Fatal(err)
	}
	s.SetLatency("chat.spaces.members.list", time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := svc.Spaces.Members.List("spaces/" + spacePlatform).Context(ctx).Do()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want context.DeadlineExceeded", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("call took %v, want it abandoned at the deadline", d)
	}
	s.SetLatency("chat.spaces.members.list", 0)
	if err := listPlatform(svc); err != nil {
		t.Errorf("after clearing latency: %v", err)
	}
}

// FailNextFor fails only the calls about one person, whatever order calls
// come in: others pass, and the failure is spent on that person.
func TestFailNextFor(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, appScopes...)
	s.FailNextFor("chat.spaces.members.create", "users/"+idCarol, 1, 403, "PERMISSION_DENIED", "no reason given")
	if err := createAlice(svc); err != nil {
		t.Fatalf("alice: got %v, want success (the fault is carol's)", err)
	}
	create := func() error {
		_, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/"+idCarol)).Do()
		return err
	}
	wantError(t, create(), 403, "PERMISSION_DENIED")
	if err := create(); err != nil {
		t.Errorf("carol again: got %v, want success (one failure was asked for)", err)
	}
}
