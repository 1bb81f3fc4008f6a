package jobs

import (
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/store"
)

// BenchmarkSustainedWrites runs ~20 s of invites against a quota of 50
// membership writes per 10 s with WritesPerMinute 300 (the production
// quota, scaled to short windows), and reports the writes achieved per
// full window as a percentage of the quota and the 429s after the first
// window. It is kept out of CI (it takes real time):
//
//	ONBOARD_LOAD=1 go test -run '^$' -bench BenchmarkSustainedWrites -benchtime 1x ./internal/jobs/
func BenchmarkSustainedWrites(b *testing.B) {
	if os.Getenv("ONBOARD_LOAD") != "1" {
		b.Skip("set ONBOARD_LOAD=1 to run the sustained-write load test")
	}
	const (
		people = 120 // ~25 s at 291 a minute: at least one full window
		quota  = 50
		window = 10 * time.Second
	)
	for b.Loop() {
		r := newRig(b, store.SQLite, people)
		r.fake.SetQuota(chatfake.Quotas{MembershipWrites: quota, MembershipWindowSeconds: int(window / time.Second)})
		rec := &writeRecorder{}
		c := r.client(b, rec)
		e := r.engine(b, func(cfg *Config) {
			cfg.Members, cfg.Messages = c, c
			cfg.WritesPerMinute = quota * int(time.Minute/window)
			cfg.Backoff = defaultBackoff
		})
		saved, err := e.Submit(b.Context(), batch("load", 0, people), replyWithin)
		if err != nil {
			b.Fatalf("Submit: %v", err)
		}
		got := waitDone(b, e, saved.ID, 3*time.Minute)
		wantEveryoneAddedOnce(b, r.fake, got, 0)

		perWindow, late429 := rec.windows(window)
		b.ReportMetric(rec.overall(window, quota), "%quota-overall")
		var sum, worst float64 = 0, 100
		for _, n := range perWindow {
			pct := 100 * float64(n) / quota
			sum += pct
			worst = min(worst, pct)
		}
		if len(perWindow) > 0 {
			b.ReportMetric(sum/float64(len(perWindow)), "%quota/window")
			b.ReportMetric(worst, "min-%quota/window")
		}
		b.ReportMetric(float64(late429), "429s-after-window-1")
		b.ReportMetric(float64(len(perWindow)), "full-windows")
		b.Logf("successful writes per full window: %v (quota %d); 429s after the first window: %d", perWindow, quota, late429)
	}
}

// writeRecorder carries the API calls and notes when each members.create
// was answered and how.
type writeRecorder struct {
	mu    sync.Mutex
	calls []recordedWrite
}

type recordedWrite struct {
	at     time.Time
	status int
}

func (w *writeRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/members") {
		w.mu.Lock()
		w.calls = append(w.calls, recordedWrite{time.Now(), resp.StatusCode})
		w.mu.Unlock()
	}
	return resp, err
}

// overall is the successful writes from the first to the last as a
// percentage of what the quota allows in that time.
func (w *writeRecorder) overall(size time.Duration, quota int) float64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	ok := 0
	for _, c := range w.calls {
		if c.status == http.StatusOK {
			ok++
		}
	}
	if ok < 2 {
		return 0
	}
	span := w.calls[len(w.calls)-1].at.Sub(w.calls[0].at)
	return 100 * float64(ok-1) / (span.Seconds() / size.Seconds() * float64(quota))
}

// windows counts successful writes in each full quota window (aligned to
// the epoch, as Google's and chatfake's are) between the first and the
// last, and the 429s after the first window.
func (w *writeRecorder) windows(size time.Duration) (perWindow []int, late429 int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.calls) == 0 {
		return nil, 0
	}
	index := func(t time.Time) int64 { return t.UnixNano() / int64(size) }
	first, last := index(w.calls[0].at), index(w.calls[len(w.calls)-1].at)
	counts := map[int64]int{}
	for _, c := range w.calls {
		i := index(c.at)
		switch {
		case c.status == http.StatusOK:
			counts[i]++
		case c.status == http.StatusTooManyRequests && i > first:
			late429++
		}
	}
	for i := first + 1; i < last; i++ {
		perWindow = append(perWindow, counts[i])
	}
	return perWindow, late429
}
