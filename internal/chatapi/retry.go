package chatapi

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// The Go client never retries (docs/chat-platform.md §5.5, Pitfall 15); this
// file does, for quota (429) and passing failures (5xx, transport).

const (
	backoffBase = time.Second
	backoffCap  = 32 * time.Second
)

// defaultBackoff is Google's recommended truncated exponential backoff:
// min(2^(attempt-1) s + random(0..1000 ms), 32 s) (docs/chat-platform.md §7).
func defaultBackoff(attempt int) time.Duration {
	d := backoffCap
	if attempt >= 1 && attempt <= 6 {
		d = backoffBase << (attempt - 1)
	}
	return min(d+rand.N(time.Second), backoffCap)
}

// retry runs call until it succeeds, fails for good, MaxAttempts run out,
// or the next wait would pass ctx's deadline. The error it returns is the
// last attempt's, classified. mayHaveApplied reports whether an earlier
// attempt failed in a way that Chat may nevertheless have carried out
// (a 5xx or transport error, as opposed to a 429 rejection).
func (c *Client) retry(ctx context.Context, op, person string, call func(context.Context) error) (mayHaveApplied bool, err error) {
	for attempt := 1; ; attempt++ {
		err = call(ctx)
		if err == nil {
			return mayHaveApplied, nil
		}
		err = c.classify(op, person, err)
		kind := bot.KindOf(err)
		if kind != bot.KindRateLimited && kind != bot.KindTransient {
			return mayHaveApplied, err
		}
		if attempt >= c.maxAttempts || !c.wait(ctx, c.backoff(attempt)) {
			return mayHaveApplied, err
		}
		mayHaveApplied = mayHaveApplied || kind == bot.KindTransient
	}
}

// wait sleeps for d unless ctx ends first or its deadline is nearer than
// d; it reports whether another attempt may be made.
func (c *Client) wait(ctx context.Context, d time.Duration) bool {
	if ctx.Err() != nil {
		return false
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= d {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
