package chatfake

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
)

// testClock is the injected clock; it starts at the wall-clock time because
// the Google client libraries check token times against time.Now.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Space and user ids of testdata/world.json.
const (
	spacePlatform = "AAAAonbrd01" // SPACE, app member, Sam manager, Dave member
	spaceFinance  = "AAAAnotapp02"
	spaceGroup    = "AAAAgroup03" // GROUP_CHAT
	idSam         = "111111111111111111111"
	idAlice       = "222222222222222222222" // autoAccept
	idBob         = "333333333333333333333" // no autoAccept → INVITED
	idCarol       = "444444444444444444444"
	idDave        = "555555555555555555555"
	idErin        = "666666666666666666666" // erin@partner.test, external
)

var (
	botScopes = []string{chat.ChatBotScope}
	appScopes = []string{chat.ChatAppMembershipsScope, chat.ChatBotScope}
)

// newFake starts the example world, changed by edit when not nil.
func newFake(t *testing.T, edit func(*World)) (*Server, *testClock) {
	t.Helper()
	w, err := DefaultWorld()
	if err != nil {
		t.Fatalf("DefaultWorld: %v", err)
	}
	if edit != nil {
		edit(w)
	}
	clock := &testClock{now: time.Now()}
	s, err := New(w, Options{Now: clock.Now})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, clock
}

// newService is the official client with the service account key the fake
// issued, asking for scopes — the way Onboard wires it.
func newService(t *testing.T, s *Server, scopes ...string) *chat.Service {
	t.Helper()
	key := filepath.Join(t.TempDir(), "sa.json")
	if err := s.WriteServiceAccountKey(key); err != nil {
		t.Fatalf("WriteServiceAccountKey: %v", err)
	}
	svc, err := chat.NewService(context.Background(),
		option.WithAuthCredentialsFile(option.ServiceAccount, key),
		option.WithEndpoint(s.URL+"/"),
		option.WithScopes(scopes...))
	if err != nil {
		t.Fatalf("chat.NewService: %v", err)
	}
	return svc
}

// apiError returns the HTTP code and the google.rpc status of err.
func apiError(t *testing.T, err error) (int, string) {
	t.Helper()
	var gerr *googleapi.Error
	if !errors.As(err, &gerr) {
		t.Fatalf("error %v (%T) is not a *googleapi.Error", err, err)
	}
	var body struct {
		Error struct {
			Status string `json:"status"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(gerr.Body), &body); err != nil {
		t.Fatalf("error body %q: %v", gerr.Body, err)
	}
	return gerr.Code, body.Error.Status
}

// wantError fails unless err is a Google API error with code and status.
func wantError(t *testing.T, err error, code int, status string) *googleapi.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got success, want %d %s", code, status)
	}
	gotCode, gotStatus := apiError(t, err)
	if gotCode != code || gotStatus != status {
		t.Fatalf("got %d %s (%v), want %d %s", gotCode, gotStatus, err, code, status)
	}
	var gerr *googleapi.Error
	errors.As(err, &gerr)
	return gerr
}

func human(name string) *chat.Membership {
	return &chat.Membership{Member: &chat.User{Name: name, Type: "HUMAN"}}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: got %d, want 200", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

func postJSON(t *testing.T, url, body string) int {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func jsonDecode(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
