package jobs

import (
	"context"
	"sync"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// inProcess is River's SQLite driver with a listener that lives in this
// process: what Engine.wake publishes after a commit reaches River's
// producers here at once, as a NOTIFY does on PostgreSQL.
//
// Why not River's own choices. Its SQLite listener emulates LISTEN/NOTIFY
// with an outbox table read every 50 ms: a job waited 25–50 ms before River
// looked, and every insert wrote a row there. Polling alone (PollOnly)
// fetches at once only after an insert outside a transaction, and a
// batch's jobs are saved in the batch's transaction: the nudge was a wake
// job inserted after each commit — one more write, with its fsync, on
// SQLite's one writing connection, which every command queues on. With
// this listener a saved job starts 3.0–3.5 ms after Submit began instead
// of 3.9–4.7, and Submit itself takes 1.8–2.0 ms instead of 2.7–3.1
// (medians, BenchmarkPickup; docs/performance.md, "Sixth round"). SQLite
// serves one process, so a listener in that process misses no other
// instance's jobs; River still polls (sqlitePollInterval) as a fallback.
//
// SupportsListenNotify is false, so River itself never notifies: inserts
// write no outbox rows, and the fetch after a commit is Onboard's to ask
// for (Engine.wake), after every insert of its own.
//
// River says its driver interfaces are not for applications to implement;
// this wraps River's own driver and answers three of its methods, on the
// River version go.mod pins. TestOnSQLiteEverySavedJobStartsWithoutThePoll
// fails if an upgrade changes how River uses them.
type inProcess struct {
	*riversqlite.Driver
	bus *localBus
}

func (inProcess) SupportsListener() bool     { return true }
func (inProcess) SupportsListenNotify() bool { return false }

func (d inProcess) GetListener(*riverdriver.GetListenenerParams) riverdriver.Listener {
	return d.bus
}

// localBus is the in-process listener River's notifier waits on. It holds
// at most busBuffer notifications not yet taken; a wake published while it
// is full is dropped, harmlessly: the fetches already queued find the jobs.
type localBus struct {
	mu     sync.Mutex
	topics map[string]bool
	ch     chan *riverdriver.Notification
}

const busBuffer = 64

func newLocalBus() *localBus {
	return &localBus{topics: map[string]bool{}, ch: make(chan *riverdriver.Notification, busBuffer)}
}

// publish delivers payloads on topic if River listens to it; as with
// LISTEN, a notification nobody listens for is gone.
func (b *localBus) publish(topic string, payloads ...string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.topics[topic] {
		return
	}
	for _, p := range payloads {
		select {
		case b.ch <- &riverdriver.Notification{Topic: topic, Payload: p}:
		default:
		}
	}
}

func (b *localBus) Listen(_ context.Context, topic string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.topics[topic] = true
	return nil
}

func (b *localBus) Unlisten(_ context.Context, topic string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.topics, topic)
	return nil
}

func (b *localBus) WaitForNotification(ctx context.Context) (*riverdriver.Notification, error) {
	select {
	case n := <-b.ch:
		return n, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (*localBus) Connect(context.Context) error { return nil }
func (*localBus) Close(context.Context) error   { return nil }
func (*localBus) Ping(context.Context) error    { return nil }
func (*localBus) Schema() string                { return "" }
func (*localBus) SetAfterConnectExec(string)    {}
