package jobs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/riverqueue/river"
)

// The test world: Onboard is in the team space (where people are added)
// and the origin space (where requests are made and progress is posted).
const (
	teamID   = "AAAAteam001"
	originID = "AAAAorigin1"
	team     = "spaces/" + teamID
	origin   = "spaces/" + originID
	actor    = "users/100000000000000000099" // the manager who asks
)

// replyWithin is how long a test's batch leaves the report to a reply
// before its progress job claims it: bot's default wait.
const replyWithin = 4 * time.Second

// person is test person i: users/2000…i, person<i>@example.com. Even
// people accept automatically (Joined), odd ones must accept (Invited).
func person(i int) string { return fmt.Sprintf("users/2%020d", i) }

func personID(i int) string { return strings.TrimPrefix(person(i), "users/") }

// world has n people, none yet in the team space, and a membership quota
// high enough not to matter unless a test lowers it.
func world(n int) *chatfake.World {
	w := &chatfake.World{
		Domains: []string{"example.com"}, ProjectNumber: "123456789012",
		EndpointURL: "https://onboard.example.com/", AdminApproved: true,
		App:    chatfake.App{ID: "100000000000000000001", DisplayName: "Onboard"},
		Users:  []chatfake.User{{ID: strings.TrimPrefix(actor, "users/"), Email: "sam@example.com", AutoAccept: true}},
		Quotas: chatfake.Quotas{MembershipWrites: 100000, MembershipWindowSeconds: 60},
	}
	for i := range n {
		w.Users = append(w.Users, chatfake.User{ID: personID(i), Email: fmt.Sprintf("person%d@example.com", i),
			DisplayName: fmt.Sprintf("Person %d", i), AutoAccept: i%2 == 0})
	}
	manager := []chatfake.Member{{User: w.Users[0].ID, Role: "ROLE_MANAGER", State: "JOINED"}}
	w.Spaces = []chatfake.Space{
		{ID: teamID, DisplayName: "Team", SpaceType: "SPACE", AppMember: true, Members: manager},
		{ID: originID, DisplayName: "Requests", SpaceType: "SPACE", AppMember: true, Members: manager},
	}
	return w
}

// wantOutcome is what adding person i yields in a fresh world.
func wantOutcome(i int) bot.Outcome {
	if i%2 == 0 {
		return bot.Joined
	}
	return bot.Invited
}

// rig is one chatfake and one database that engines share.
type rig struct {
	fake    *chatfake.Server
	key     string
	dialect store.Dialect
	url     string
}

func newRig(t testing.TB, dialect store.Dialect, people int) *rig {
	t.Helper()
	fake, err := chatfake.New(world(people), chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	key := filepath.Join(t.TempDir(), "sa.json")
	if err := fake.WriteServiceAccountKey(key); err != nil {
		t.Fatal(err)
	}
	return &rig{fake: fake, key: key, dialect: dialect, url: storetest.URL(t, dialect)}
}

// client is a Chat client for the rig's fake. It tries each call once:
// River owns the retries. transport, if not nil, carries its calls.
func (r *rig) client(t testing.TB, transport http.RoundTripper) *chatapi.Client {
	t.Helper()
	o := chatapi.Options{Endpoint: r.fake.URL + "/", CredentialsFile: r.key, MaxAttempts: 1}
	if transport != nil {
		o.HTTPClient = &http.Client{Transport: transport}
	}
	c, err := chatapi.New(t.Context(), o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// openStore opens and migrates a new handle on the rig's database, as a
// new instance of Onboard would.
func (r *rig) openStore(t testing.TB) *store.Store {
	t.Helper()
	s := storetest.OpenUnmigrated(t, r.url)
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	return s
}

// newEngine builds an Engine on a new store handle with test settings
// (fast retries, progress edits just over a second apart), without
// starting it; edit adjusts them.
func (r *rig) newEngine(t testing.TB, edit func(*Config)) *Engine {
	t.Helper()
	c := r.client(t, nil)
	cfg := Config{
		Store: r.openStore(t), Members: c, Messages: c, Render: render,
		WritesPerMinute: 6000, ProgressEvery: 1100 * time.Millisecond, RescueAfter: 2 * time.Second,
		Backoff: func(n int) time.Duration { return min(50*time.Millisecond<<min(n, 5), time.Second) },
		Logger:  slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn})),
	}
	if edit != nil {
		edit(&cfg)
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return e
}

// engine starts an Engine on a new store handle with test settings
// (fast retries, progress edits just over a second apart); edit adjusts
// them. The engine is stopped when the test ends.
func (r *rig) engine(t testing.TB, edit func(*Config)) *Engine {
	t.Helper()
	e := r.newEngine(t, edit)
	if err := e.Start(context.WithoutCancel(t.Context())); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		e.Stop(ctx)
	})
	return e
}

// render is the test's progress card: the tally, in words a test can
// compare.
func render(b bot.Batch, _ time.Duration) any {
	return map[string]string{"text": tally(b)}
}

func tally(b bot.Batch) string {
	var parts []string
	for _, o := range bot.Outcomes {
		if n := b.Count(o); n > 0 {
			parts = append(parts, fmt.Sprintf("%s=%d", o, n))
		}
	}
	return fmt.Sprintf("done=%v %s", b.Done, strings.Join(parts, " "))
}

// batch asks to add people first…first+n-1 to the team space.
func batch(key string, first, n int) bot.Batch {
	b := bot.Batch{Key: key, Actor: bot.User{Name: actor, DisplayName: "Sam"},
		Origin: bot.Space{Name: origin, DisplayName: "Requests", Type: "SPACE"}}
	for i := first; i < first+n; i++ {
		b.Items = append(b.Items, item(person(i)))
	}
	return b
}

// item asks to add user to the team space.
func item(user string) bot.Item {
	t := bot.Target{User: user, Display: user, Mentioned: true}
	return bot.Item{Space: bot.Space{Name: team, DisplayName: "Team", Type: "SPACE"},
		Target: t, Result: bot.PersonResult{Target: t, Outcome: bot.Pending}}
}

// waitFor polls cond until it holds, failing the test after d.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %v waiting for %s", d, what)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition, not synchronising
	}
}

// waitDone waits for the batch to be done and returns it.
func waitDone(t testing.TB, e *Engine, id string, d time.Duration) bot.Batch {
	t.Helper()
	var b bot.Batch
	waitFor(t, d, "batch "+id+" to be done", func() bool {
		var err error
		b, err = e.store.Batch(t.Context(), id)
		if err != nil {
			t.Fatalf("Batch: %v", err)
		}
		return b.Done
	})
	return b
}

// lastText is the text of the newest message in space, "" if none.
func lastText(fake *chatfake.Server, spaceID string) string {
	ms := fake.Messages(spaceID)
	if len(ms) == 0 {
		return ""
	}
	return ms[len(ms)-1].Text
}

// wantEveryoneAddedOnce checks that each person of b has the outcome a
// fresh world gives and exactly one successful members.create.
func wantEveryoneAddedOnce(t testing.TB, fake *chatfake.Server, b bot.Batch, first int) {
	t.Helper()
	for i, it := range b.Items {
		n := first + i
		if got, want := it.Result.Outcome, wantOutcome(n); got != want {
			t.Errorf("%s: got outcome %q (reason %q), want %q", it.Target.User, got, it.Result.Reason, want)
		}
		if got := fake.CreateCount(teamID, personID(n)); got != 1 {
			t.Errorf("%s: got %d successful members.create, want 1", it.Target.User, got)
		}
	}
}

// jobCount counts the jobs of kind in River's table, in any state.
func jobCount(t testing.TB, e *Engine, kind string) int {
	t.Helper()
	res, err := e.river.JobList(t.Context(), river.NewJobListParams().Kinds(kind).First(10000))
	if err != nil {
		t.Fatalf("JobList: %v", err)
	}
	return len(res.Jobs)
}

// losingTransport delivers API calls but, once lose is set, throws away
// Chat's answer to members.create and hangs until the caller gives up:
// the person was added, and Onboard never heard. It counts those.
type losingTransport struct {
	mu   sync.Mutex
	lose bool
	lost int
}

func (l *losingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/members") {
		return resp, err
	}
	l.mu.Lock()
	lose := l.lose && resp.StatusCode == http.StatusOK
	if lose {
		l.lost++
	}
	l.mu.Unlock()
	if !lose {
		return resp, nil
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	<-req.Context().Done()
	return nil, req.Context().Err()
}

func (l *losingTransport) set(lose bool) { l.mu.Lock(); l.lose = lose; l.mu.Unlock() }
func (l *losingTransport) count() int    { l.mu.Lock(); defer l.mu.Unlock(); return l.lost }
