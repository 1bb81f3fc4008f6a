package jobs

import "sync"

// changes tells a reply waiting on a batch in this process that one of its
// people has an outcome, so that it reads the batch at once instead of at
// its next poll. Work done by another instance is still seen by polling.
type changes struct {
	mu      sync.Mutex
	waiting map[string]chan struct{} // batch id → closed at its next change
}

// watch returns a channel closed at the batch's next change here.
func (c *changes) watch(batch string) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.waiting == nil {
		c.waiting = map[string]chan struct{}{}
	}
	ch, ok := c.waiting[batch]
	if !ok {
		ch = make(chan struct{})
		c.waiting[batch] = ch
	}
	return ch
}

// changed wakes everyone watching the batch.
func (c *changes) changed(batch string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.waiting[batch]; ok {
		close(ch)
		delete(c.waiting, batch)
	}
}
