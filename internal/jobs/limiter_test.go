package jobs

import (
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newTestLimiter(perMinute int) (*limiter, *fakeClock) {
	c := &fakeClock{t: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
	return newLimiter(perMinute, c.now), c
}

// 300 a minute with 3 % headroom is one write every 60/291 s.
var step300 = time.Minute * 1000 / 291 / 1000 // integer nanoseconds, as interval() truncates

func TestLimiterSpacesWritesEvenly(t *testing.T) {
	l, _ := newTestLimiter(300)
	var got []time.Duration
	for range 5 {
		w, ok := l.reserve(time.Hour)
		if !ok {
			t.Fatal("reserve refused a wait under an hour")
		}
		got = append(got, w)
	}
	// A burst of two, then one every step.
	want := []time.Duration{0, 0, step300, 2 * step300, 3 * step300}
	for i := range want {
		if d := got[i] - want[i]; d < -time.Microsecond || d > time.Microsecond {
			t.Errorf("write %d: got wait %v, want %v", i, got[i], want[i])
		}
	}
}

func TestLimiterSustainedRateHasHeadroom(t *testing.T) {
	l, c := newTestLimiter(300)
	// Callers that wait as told: how many writes fit in one minute?
	n := 0
	start := c.t
	for {
		w, _ := l.reserve(time.Hour)
		c.advance(w)
		if c.t.Sub(start) >= time.Minute {
			break
		}
		n++
	}
	if n > 291+limiterBurst || n < 290 {
		t.Errorf("got %d writes in a minute, want 291 (300 less 3 %%) and the burst", n)
	}
}

func TestLimiterSnoozesInsteadOfLongWaits(t *testing.T) {
	l, _ := newTestLimiter(60) // ~1 a second
	for range 3 {
		l.reserve(time.Hour)
	}
	w, ok := l.reserve(500 * time.Millisecond)
	if ok {
		t.Fatalf("got a slot %v away within 500ms, want a refusal", w)
	}
	if w <= 500*time.Millisecond {
		t.Errorf("got wait %v, want more than 500ms", w)
	}
	// A refusal takes no slot: the same wait is offered again.
	if w2, _ := l.reserve(500 * time.Millisecond); w2 != w {
		t.Errorf("got wait %v after a refusal, want %v again", w2, w)
	}
}

func TestLimiterAdapts(t *testing.T) {
	l, c := newTestLimiter(300)
	full := l.PerMinute()
	if full < 290.9 || full > 291.1 {
		t.Fatalf("got %v a minute, want 291", full)
	}

	l.RateLimited()
	if got := l.PerMinute(); got < full/2-0.1 || got > full/2+0.1 {
		t.Errorf("after a 429: got %v a minute, want half of %v", got, full)
	}
	l.RateLimited() // within the cooldown: the same storm
	if got := l.PerMinute(); got < full/2-0.1 {
		t.Errorf("after a second 429 within %v: got %v a minute, want still %v", decreaseCooldown, got, full/2)
	}
	for range 20 {
		c.advance(decreaseCooldown)
		l.RateLimited()
	}
	// A 429 every second: the rate sits just above the floor (it climbs
	// for a second between halvings).
	floor := full / floorDivisor
	climbPerCooldown := (full - floor) * decreaseCooldown.Seconds() / recoveryTime.Seconds()
	low := l.PerMinute()
	if low < floor || low > floor+2*climbPerCooldown {
		t.Errorf("after a long storm: got %v a minute, want between the floor %v and %v", low, floor, floor+2*climbPerCooldown)
	}

	c.advance(recoveryTime / 2)
	if got, want := l.PerMinute(), low+(full-floor)/2; got < want-0.01 || got > want+0.01 {
		t.Errorf("half a recovery later: got %v a minute, want %v", got, want)
	}
	c.advance(recoveryTime)
	if got := l.PerMinute(); got != full {
		t.Errorf("after recovering: got %v a minute, want the ceiling %v", got, full)
	}
}

func TestLimiterRateLimitedDelaysTheNextSlot(t *testing.T) {
	l, _ := newTestLimiter(300)
	l.reserve(time.Hour) // the burst is available …
	l.RateLimited()      // … but Chat said 429
	w, _ := l.reserve(time.Hour)
	want := 2 * step300 // one interval at half the rate
	if d := w - want; d < -time.Millisecond || d > time.Millisecond {
		t.Errorf("got wait %v after a 429, want %v", w, want)
	}
}

func TestLimiterETA(t *testing.T) {
	l, _ := newTestLimiter(300)
	tests := []struct {
		name    string
		pending int
		want    time.Duration
	}{
		{"nothing pending", 0, 0},
		{"one", 1, step300},
		{"a minute's worth", 291, time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.ETA(tt.pending); got-tt.want < -time.Millisecond || got-tt.want > time.Millisecond {
				t.Errorf("got ETA %v, want %v", got, tt.want)
			}
		})
	}
	l.RateLimited()
	if got := l.ETA(291); got < 2*time.Minute-time.Millisecond {
		t.Errorf("after a 429: got ETA %v for 291, want 2m at half the rate", got)
	}
}

func TestClientMessageID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0196A3F2-7C1B", "client-0196a3f2-7c1b"},
		{"w-42_7", "client-w-42-7"},
	}
	for _, tt := range tests {
		if got := clientMessageID(tt.in); got != tt.want {
			t.Errorf("clientMessageID(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
	long := clientMessageID(string(make([]byte, 100)))
	if len(long) != 63 {
		t.Errorf("long id: got %d characters (%q), want 63", len(long), long)
	}
}
