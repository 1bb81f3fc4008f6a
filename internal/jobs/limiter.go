package jobs

import (
	"context"
	"math"
	"sync"
	"time"
)

// The membership-write quota is counted by Google in fixed 60-second
// windows per project (docs/chat-platform.md §7), and other instances of
// Onboard spend the same quota where we cannot see them. The limiter
// therefore spaces writes evenly at a little under the configured rate
// (headroom for the clock edges of Google's windows), allows only a tiny
// burst, halves the rate when Chat answers 429 anyway, and climbs back
// linearly, reaching the configured rate again after about one window
// without a 429 (additive increase, multiplicative decrease).

const (
	limiterHeadroom  = 0.97             // fraction of the configured rate actually used
	limiterBurst     = 2                // writes that may go at once after a quiet spell
	decreaseCooldown = time.Second      // 429s closer together than this are one signal
	recoveryTime     = 60 * time.Second // from the floor back to the ceiling
	floorDivisor     = 100              // the rate never drops below ceiling/floorDivisor
)

// limiter is an evenly spaced scheduler (GCRA) with an adaptive rate. It
// is safe for concurrent use.
type limiter struct {
	now func() time.Time

	mu        sync.Mutex
	ceiling   float64   // writes per second at most
	floor     float64   // writes per second at least
	base      float64   // the rate right after the last decrease
	decreased time.Time // when; zero: never, the rate is the ceiling
	next      time.Time // the theoretical time of the next slot
}

func newLimiter(perMinute int, now func() time.Time) *limiter {
	ceiling := float64(perMinute) * limiterHeadroom / 60
	return &limiter{now: now, ceiling: ceiling, floor: ceiling / floorDivisor, base: ceiling}
}

// rateAt is the allowed writes per second at t: base plus the linear
// recovery since the last decrease, up to the ceiling.
func (l *limiter) rateAt(t time.Time) float64 {
	if l.decreased.IsZero() {
		return l.base
	}
	climb := (l.ceiling - l.floor) * t.Sub(l.decreased).Seconds() / recoveryTime.Seconds()
	return math.Min(l.ceiling, l.base+math.Max(0, climb))
}

func interval(rate float64) time.Duration {
	return time.Duration(float64(time.Second) / rate)
}

// reserve takes the next write slot and returns how long the caller must
// wait for it. When that wait would exceed maxWait it takes nothing and
// returns the wait with ok false, so a job can be snoozed instead of
// holding a worker.
func (l *limiter) reserve(maxWait time.Duration) (wait time.Duration, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	step := interval(l.rateAt(now))
	slot := l.next
	if earliest := now.Add(-(limiterBurst - 1) * step); slot.Before(earliest) {
		slot = earliest
	}
	wait = max(0, slot.Sub(now))
	if wait > maxWait {
		return wait, false
	}
	l.next = slot.Add(step)
	return wait, true
}

// Wait blocks until the caller may make one write. If that is more than
// maxWait away it takes no slot and returns the wait as later, for the
// caller to come back then.
func (l *limiter) Wait(ctx context.Context, maxWait time.Duration) (later time.Duration, err error) {
	wait, ok := l.reserve(maxWait)
	if !ok {
		return wait, nil
	}
	if wait <= 0 {
		return 0, ctx.Err()
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-t.C:
		return 0, nil
	}
}

// RateLimited tells the limiter that Chat answered 429: the rate halves
// (once per decreaseCooldown), and the next slot moves one new interval
// away so the writes already in flight are not followed by more at once.
func (l *limiter) RateLimited() {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if !l.decreased.IsZero() && now.Sub(l.decreased) < decreaseCooldown {
		return
	}
	l.base = math.Max(l.floor, l.rateAt(now)/2)
	l.decreased = now
	if soonest := now.Add(interval(l.base)); l.next.Before(soonest) {
		l.next = soonest
	}
}

// PerMinute is the current allowed rate.
func (l *limiter) PerMinute() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.rateAt(l.now()) * 60
}

// ETA estimates how long pending writes take at the current rate.
func (l *limiter) ETA(pending int) time.Duration {
	if pending <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return time.Duration(float64(pending) / l.rateAt(l.now()) * float64(time.Second))
}
