package jobs

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// TestConcurrentCommandsWaitOnChatTogether: four managers' 20-person
// invites at once, with a quota that does not bind, have all 80 people's
// calls waiting on Chat at the same moment — no command queues behind
// another while Google answers. Each membership create is held until 80
// are in flight (or holdFor passes, when the test fails with the most
// that ever were).
func TestConcurrentCommandsWaitOnChatTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		const commands, people = 4, 20
		r := newRig(t, dialect, commands*people)
		gate := newInFlightGate(commands*people, 30*time.Second)
		e := r.engine(t, func(c *Config) {
			c.WritesPerMinute = 1_000_000
			c.Members = r.client(t, gate)
		})
		var wg sync.WaitGroup
		for c := range commands {
			wg.Go(func() {
				b := batch("spaces/"+originID+"/messages/m"+string(rune('a'+c)), c*people, people)
				saved, err := e.Submit(t.Context(), b, 30*time.Second)
				if err != nil {
					t.Errorf("Submit: %v", err)
					return
				}
				if got, _, err := e.Wait(t.Context(), saved.ID, 30*time.Second); err != nil || !got.Done {
					t.Errorf("Wait: done=%v, %v; want the batch done", got.Done, err)
				}
			})
		}
		wg.Wait()
		if got := gate.most(); got != commands*people {
			t.Errorf("at most %d membership creates waited on Chat at once, want all %d: commands queued behind each other", got, commands*people)
		}
	})
}

// TestWorkersFollowTheWriteRate: enough invite workers to hold every write
// slot the limiter hands out within maxLimiterWait, no fewer than 32 and
// no more than 128.
func TestWorkersFollowTheWriteRate(t *testing.T) {
	for _, tc := range []struct{ perMinute, want int }{
		{60, minWorkers},        // 10 slots in 10 s: still 32, so commands overlap
		{300, 49},               // Google's default quota: 48.5 slots in 10 s
		{600, 97},               // a raised quota
		{1_000_000, maxWorkers}, // pacing out of the way
	} {
		if got := workersFor(tc.perMinute); got != tc.want {
			t.Errorf("workersFor(%d) = %d, want %d", tc.perMinute, got, tc.want)
		}
	}
}

// inFlightGate holds each membership create until want of them are in
// flight at once, or until holdFor has passed since the first; every other
// request passes straight through to chatfake.
type inFlightGate struct {
	want    int
	holdFor time.Duration

	mu       sync.Mutex
	inFlight int
	max      int
	open     chan struct{}
	once     sync.Once
	timer    *time.Timer
}

func newInFlightGate(want int, holdFor time.Duration) *inFlightGate {
	return &inFlightGate{want: want, holdFor: holdFor, open: make(chan struct{})}
}

func (g *inFlightGate) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/members") {
		return http.DefaultTransport.RoundTrip(req)
	}
	g.mu.Lock()
	g.inFlight++
	g.max = max(g.max, g.inFlight)
	if g.timer == nil {
		g.timer = time.AfterFunc(g.holdFor, g.release)
	}
	if g.inFlight >= g.want {
		g.release()
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-req.Context().Done():
	}
	defer func() {
		g.mu.Lock()
		g.inFlight--
		g.mu.Unlock()
	}()
	return http.DefaultTransport.RoundTrip(req)
}

func (g *inFlightGate) release() { g.once.Do(func() { close(g.open) }) }

func (g *inFlightGate) most() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.max
}
