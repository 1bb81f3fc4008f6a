package verify

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// keyCache holds the keys of one certificate URL. The steady state is one
// atomic load and a map lookup; everything else happens under mu.
//
// A fetch is started by a request, never by a timer. It runs in its own
// goroutine only so that a caller whose context ends can stop waiting
// without cancelling the fetch for the callers that share it; it is bounded
// by fetchTimeout.
type keyCache struct {
	url        string
	client     *http.Client
	now        func() time.Time
	minRefresh time.Duration
	log        *slog.Logger

	snap atomic.Pointer[keySnapshot] // nil until the first fetch ends

	mu          sync.Mutex
	inflight    *keyFetch // non-nil while a fetch runs
	lastAttempt time.Time // start of the last fetch, for the unknown-kid limit
	lastErr     error     // error of the last fetch, nil after a success
}

// keySnapshot is immutable once stored.
type keySnapshot struct {
	keys      keySet    // nil if no fetch has ever succeeded
	refreshAt time.Time // the next request at or after this fetches again
}

type keyFetch struct {
	done chan struct{}
}

// keys returns the keys for kid, fetching the key set when it has expired,
// has never been loaded, or lacks kid (at most once per minRefresh).
func (c *keyCache) keys(ctx context.Context, kid string) ([]*rsaKey, error) {
	if s := c.snap.Load(); s != nil && c.now().Before(s.refreshAt) {
		if ks, ok := s.keys[kid]; ok {
			return ks, nil
		}
	}
	if err := c.refresh(ctx, kid); err != nil {
		return nil, err
	}
	s := c.snap.Load()
	if s == nil || s.keys == nil {
		return nil, c.unavailable()
	}
	k, ok := s.keys[kid]
	if !ok {
		return nil, fail(ReasonUnknownKey, "kid not in the key set")
	}
	return k, nil // possibly stale: last good keys outlive a failing endpoint
}

// warm loads the key set if it is due, and reports whether any keys exist.
func (c *keyCache) warm(ctx context.Context) error {
	if err := c.refresh(ctx, ""); err != nil {
		return err
	}
	if !c.ready() {
		return c.unavailable()
	}
	return nil
}

func (c *keyCache) ready() bool {
	s := c.snap.Load()
	return s != nil && s.keys != nil
}

// refresh starts or joins at most one fetch when one is allowed, and waits
// for it. kid "" asks only for a due refresh. The error is non-nil only when
// ctx ends while waiting.
func (c *keyCache) refresh(ctx context.Context, kid string) error {
	c.mu.Lock()
	f := c.inflight
	if f == nil && c.fetchAllowed(kid) {
		f = &keyFetch{done: make(chan struct{})}
		c.inflight = f
		c.lastAttempt = c.now()
		go c.run(context.WithoutCancel(ctx), f)
	}
	c.mu.Unlock()
	if f == nil {
		return nil
	}
	select {
	case <-f.done:
		return nil
	case <-ctx.Done():
		return &Error{Reason: ReasonKeysUnavailable, Err: ctx.Err()}
	}
}

// fetchAllowed reports whether a new fetch may start; c.mu must be held.
func (c *keyCache) fetchAllowed(kid string) bool {
	now := c.now()
	s := c.snap.Load()
	if s == nil || !now.Before(s.refreshAt) {
		return true // never fetched, expired, or failure back-off over
	}
	if kid == "" {
		return false
	}
	if _, ok := s.keys[kid]; ok {
		return false
	}
	return now.Sub(c.lastAttempt) >= c.minRefresh
}

// run fetches the key set and publishes the result. On failure the previous
// keys stay in use and the next attempt waits at least minRefresh.
func (c *keyCache) run(ctx context.Context, f *keyFetch) {
	defer close(f.done)
	keys, ttl, err := fetchKeys(ctx, c.client, c.url)

	c.mu.Lock()
	defer c.mu.Unlock()
	c.inflight = nil
	now := c.now()
	if err == nil {
		c.lastErr = nil
		c.snap.Store(&keySnapshot{keys: keys, refreshAt: now.Add(ttl)})
		c.log.LogAttrs(ctx, slog.LevelInfo, "verify: key set loaded",
			slog.String("url", c.url), slog.Int("keys", len(keys)), slog.Duration("ttl", ttl))
		return
	}
	c.lastErr = err
	next := &keySnapshot{refreshAt: now.Add(c.minRefresh)}
	if old := c.snap.Load(); old != nil {
		next.keys = old.keys
		next.refreshAt = later(old.refreshAt, next.refreshAt)
	}
	c.snap.Store(next)
	// err names the URL and the status or parse problem, never the body.
	c.log.LogAttrs(ctx, slog.LevelWarn, "verify: key set fetch failed; keeping last good keys",
		slog.String("url", c.url), slog.Bool("have_keys", next.keys != nil), slog.String("error", err.Error()))
}

func (c *keyCache) unavailable() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return &Error{Reason: ReasonKeysUnavailable, Err: c.lastErr}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
