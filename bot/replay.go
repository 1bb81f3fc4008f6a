package bot

import (
	"sync"
	"time"
)

// replayLog remembers recently handled messages so that an event Chat
// delivers again (it may retry after a timeout or a non-2xx) gets the first
// answer instead of running twice. A redelivery that arrives while the
// first is still running waits for it. In memory only: a restart forgets.
type replayLog struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	entries map[string]*replayEntry
	swept   time.Time
}

type replayEntry struct {
	done  chan struct{}
	reply Reply
	at    time.Time
}

func newReplayLog(ttl time.Duration, now func() time.Time) *replayLog {
	return &replayLog{ttl: ttl, now: now, entries: map[string]*replayEntry{}}
}

// do runs f once per key within the TTL and returns its reply to every
// caller with that key.
func (l *replayLog) do(key string, f func() Reply) Reply {
	l.mu.Lock()
	now := l.now()
	l.sweep(now)
	if e, ok := l.entries[key]; ok && now.Sub(e.at) < l.ttl {
		l.mu.Unlock()
		<-e.done
		return e.reply
	}
	e := &replayEntry{done: make(chan struct{}), at: now}
	l.entries[key] = e
	l.mu.Unlock()

	defer close(e.done)
	e.reply = f()
	return e.reply
}

// sweep drops expired entries, at most once per TTL/4, so memory stays
// bounded by the traffic of one TTL.
func (l *replayLog) sweep(now time.Time) {
	if now.Sub(l.swept) < l.ttl/4 {
		return
	}
	l.swept = now
	for k, e := range l.entries {
		select {
		case <-e.done:
			if now.Sub(e.at) >= l.ttl {
				delete(l.entries, k)
			}
		default:
		}
	}
}
