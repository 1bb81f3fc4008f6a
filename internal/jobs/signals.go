package jobs

import "sync"

// changes tells a reply waiting on a batch in this process that one of its
// people has an outcome, so that it reads the batch at once instead of at
// its next poll. Work done by another instance is still seen by polling.
//
// A watch is released when its waiter stops waiting, so that a batch
// nobody waits on any more holds nothing here: a reply's last watch —
// made just before it reads the batch done — would otherwise stay until a
// change that never comes, one per command for the life of the process.
type changes struct {
	mu      sync.Mutex
	waiting map[string]*watchers // batch id → closed at its next change
}

// watchers is one batch's channel and how many waiters hold it.
type watchers struct {
	ch chan struct{}
	n  int
}

// watch returns a channel closed at the batch's next change here, and
// release, to call once the caller no longer waits on it.
func (c *changes) watch(batch string) (<-chan struct{}, func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.waiting == nil {
		c.waiting = map[string]*watchers{}
	}
	w, ok := c.waiting[batch]
	if !ok {
		w = &watchers{ch: make(chan struct{})}
		c.waiting[batch] = w
	}
	w.n++
	var once sync.Once
	return w.ch, func() { once.Do(func() { c.release(batch, w) }) }
}

// release drops one waiter of w; the last one removes it, unless a change
// already has.
func (c *changes) release(batch string, w *watchers) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.waiting[batch] != w {
		return // closed and removed by a change
	}
	if w.n--; w.n == 0 {
		delete(c.waiting, batch)
	}
}

// changed wakes everyone watching the batch.
func (c *changes) changed(batch string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if w, ok := c.waiting[batch]; ok {
		close(w.ch)
		delete(c.waiting, batch)
	}
}
