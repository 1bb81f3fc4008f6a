package store_test

import (
	"database/sql"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
)

// The behavioural suite: every test here runs once per dialect through
// storetest.Each, against a real database.

var (
	origin = bot.Space{Name: "spaces/origin", DisplayName: "Origin", Type: bot.SpaceNamed}
	eng    = bot.Space{Name: "spaces/eng", DisplayName: "Engineering", Type: bot.SpaceNamed}
	ops    = bot.Space{Name: "spaces/ops", DisplayName: "Ops", Type: bot.SpaceNamed}
	alice  = bot.User{Name: "users/1", DisplayName: "Alice", Email: "alice@example.com"}
	bob    = bot.User{Name: "users/2", DisplayName: "Bob", Email: "bob@example.com"}
)

// pending is a person still to be added to space.
func pending(space bot.Space, user string) bot.Item {
	t := bot.Target{User: user, Display: "Person " + user, Mentioned: true}
	return bot.Item{Space: space, Target: t, Welcome: "Welcome to " + space.DisplayName,
		Result: bot.PersonResult{Target: t, Outcome: bot.Pending}}
}

// decided is an item whose outcome was known before any call.
func decided(space bot.Space, user string, o bot.Outcome, r bot.Reason) bot.Item {
	it := pending(space, user)
	it.Result.Outcome, it.Result.Reason = o, r
	return it
}

func newBatch(key string, actor bot.User, items ...bot.Item) bot.Batch {
	return bot.Batch{Key: key, Actor: actor, Origin: origin, Items: items}
}

// enqueueRecorder is an enqueue func that remembers what it was given.
type enqueueRecorder struct {
	mu    sync.Mutex
	calls []bot.Batch
}

func (e *enqueueRecorder) enqueue(_ *sql.Tx, b bot.Batch) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, b)
	return nil
}

func (e *enqueueRecorder) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.calls)
}

func noEnqueue(*sql.Tx, bot.Batch) error { return nil }

// create saves b or fails the test.
func create(t *testing.T, s *store.Store, b bot.Batch) bot.Batch {
	t.Helper()
	saved, created, err := s.CreateBatch(t.Context(), b, noEnqueue)
	if err != nil || !created {
		t.Fatalf("CreateBatch(%q) = created %v, %v; want created", b.Key, created, err)
	}
	return saved
}

func load(t *testing.T, s *store.Store, id string) bot.Batch {
	t.Helper()
	b, err := s.Batch(t.Context(), id)
	if err != nil {
		t.Fatalf("Batch(%s): %v", id, err)
	}
	return b
}

func outcomes(b bot.Batch) []bot.Outcome {
	var os []bot.Outcome
	for _, it := range b.Items {
		os = append(os, it.Result.Outcome)
	}
	return os
}

func wantKind(t *testing.T, what string, err error, want bot.Kind) {
	t.Helper()
	var e *bot.Error
	if !errors.As(err, &e) || e.Kind != want {
		t.Errorf("%s: got error %v, want a *bot.Error of kind %v", what, err, want)
	}
}

// at is a fixed instant outside UTC, with more precision than the
// databases keep.
var at = time.Date(2026, 3, 4, 5, 6, 7, 123456789, time.FixedZone("CET", 3600))
