package jobs

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"math"
	"math/rand/v2"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// Messages is what the progress and welcome messages need from the Chat
// API (implemented by chatapi.Client).
type Messages interface {
	CreateMessage(ctx context.Context, space string, msg any, messageID string) (string, error)
	PatchMessage(ctx context.Context, name string, msg any, updateMask string) error
}

// Config configures an Engine. Store, Members, Messages and Render are
// required; every other zero value takes the default in its comment.
type Config struct {
	Store   *store.Store
	Members bot.Memberships // chatapi.Client; best built with MaxAttempts 1, as River retries
	// Acting lends people's own authority to items added with it (nil
	// when no accounts are connected: such items end "reconnect").
	Acting   bot.Acting
	Messages Messages
	// Render builds the progress or final card (cards.Progress): a
	// JSON-marshalable chat Message.
	Render func(b bot.Batch, eta time.Duration) any
	// RenderReply builds a reply's message for Post (cards.Reply); nil
	// when nothing is posted but progress.
	RenderReply func(r bot.Reply) any

	WritesPerMinute int           // CHAT_MEMBERSHIP_WRITES_PER_MIN; 300
	ProgressEvery   time.Duration // least time between edits of one progress message; 5 s
	Workers         int           // concurrent invite workers; see workersFor
	RescueAfter     time.Duration // a job running longer is presumed dead and retried; 2 min
	// MaxAttempts bounds the failed attempts (errors, not 429s) of one
	// person before their outcome is recorded as not added; 25.
	MaxAttempts int
	// Backoff is the wait before retry n (1-based) after a 429: nil means
	// min(2^(n-1) s + random(0..1 s), 32 s) (docs/chat-platform.md §7).
	Backoff func(n int) time.Duration

	// OnResult, if set, is told every person's outcome as it is recorded
	// (metrics).
	OnResult func(bot.PersonResult)

	Logger *slog.Logger     // slog.Default()
	Now    func() time.Time // time.Now

	riverConfig func(*river.Config) // tests adjust River's configuration
}

const (
	defaultWritesPerMinute = 300
	defaultProgressEvery   = 5 * time.Second
	minWorkers             = 32 // see workersFor
	maxWorkers             = 128
	defaultRescueAfter     = 2 * time.Minute
	defaultMaxAttempts     = 25
	maxRateLimitSnoozes    = 60 // ≈ 30 min of 429s at the 32 s cap before a person is given up on
	jobTimeout             = 60 * time.Second
	sqlitePollInterval     = 100 * time.Millisecond // SQLite: River's fallback poll, as on PostgreSQL
	fetchCooldown          = 5 * time.Millisecond
	waitPollInterval       = 75 * time.Millisecond
	progressUpdateMask     = "text,cardsV2"
	progressQueue          = "progress"
	progressWorkers        = 2
)

// postgresPollInterval is River's fallback poll on PostgreSQL (its
// default is 1 s). River sends at most one insert NOTIFY per queue per
// FetchCooldown, counted from the insert inside the transaction, not
// from its commit: when two commands are saved a few milliseconds
// apart, the second one's NOTIFY is dropped, and the fetch the first
// one's wakes can run before the second commits — its jobs then wait
// for the poll. With the default that was up to a second (four
// concurrent 20-person invites took 3–174× one on PostgreSQL,
// BenchmarkRiverAlone; docs/performance.md). A poll is one indexed
// query, ten a second per instance.
const postgresPollInterval = 100 * time.Millisecond

func (c *Config) setDefaults() error {
	if c.Store == nil || c.Members == nil || c.Messages == nil || c.Render == nil {
		return errors.New("jobs: Config needs Store, Members, Messages and Render")
	}
	c.WritesPerMinute = cmp.Or(c.WritesPerMinute, defaultWritesPerMinute)
	c.ProgressEvery = cmp.Or(c.ProgressEvery, defaultProgressEvery)
	c.Workers = cmp.Or(c.Workers, workersFor(c.WritesPerMinute))
	c.RescueAfter = cmp.Or(c.RescueAfter, defaultRescueAfter)
	c.MaxAttempts = cmp.Or(c.MaxAttempts, defaultMaxAttempts)
	if c.Backoff == nil {
		c.Backoff = defaultBackoff
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return nil
}

// workersFor is how many invite workers the write rate can keep busy. A
// worker mostly waits: on its write slot (at most maxLimiterWait) and then
// on one Chat API call, so several commands' people can wait together and
// the pacing limiter, not the worker count, bounds the rate. Past the slots
// maxLimiterWait holds (about 49 at 300 writes a minute) a worker only
// snoozes its job again, a write to the database for nothing; below 32,
// commands queue behind each other even when the quota is large. With 4
// workers, four concurrent 20-person invites took 3.8× one (bot's
// BenchmarkInvite, "50ms API"); with 32, 2.9×; with 128, 1.9×
// (docs/performance.md).
func workersFor(writesPerMinute int) int {
	slots := float64(writesPerMinute) * limiterHeadroom / 60 * maxLimiterWait.Seconds()
	return min(max(int(math.Ceil(slots)), minWorkers), maxWorkers)
}

// defaultBackoff is Google's truncated exponential backoff with jitter.
func defaultBackoff(n int) time.Duration {
	d := 32 * time.Second
	if n >= 1 && n <= 6 {
		d = time.Second << (n - 1)
	}
	return min(d+rand.N(time.Second), 32*time.Second)
}

// Engine runs durable invite work on River.
type Engine struct {
	cfg     Config
	store   *store.Store
	river   *river.Client[*sql.Tx]
	limiter *limiter
	log     *slog.Logger
	changes changes   // outcomes recorded here, for replies waiting here
	bus     *localBus // SQLite: River's listener in this process (inProcess)
	runs    *runs     // commands whose first attempt runs here
}

var (
	_ bot.Jobs       = (*Engine)(nil)
	_ bot.JobControl = (*Engine)(nil)
)

// New builds the River client on the store's database with the invite
// and progress workers. The store must be migrated (River's schema
// included).
func New(cfg Config) (*Engine, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg, store: cfg.Store, log: cfg.Logger,
		limiter: newLimiter(cfg.WritesPerMinute, cfg.Now), runs: newRuns(cfg.Workers)}
	workers := river.NewWorkers()
	if err := river.AddWorkerSafely(workers, &inviteWorker{e: e}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &togetherWorker{e: e}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, &progressWorker{e: e}); err != nil {
		return nil, err
	}
	if err := river.AddWorkerSafely(workers, wakeWorker{}); err != nil {
		return nil, err
	}
	var err error
	rc := &river.Config{
		// Progress has its own queue so a long batch's invite jobs cannot
		// hold back the message that reports on them.
		Queues: map[string]river.QueueConfig{
			river.QueueDefault: {MaxWorkers: cfg.Workers},
			progressQueue:      {MaxWorkers: progressWorkers},
		},
		Workers:              workers,
		JobTimeout:           cfg.jobTimeout(),
		RescueStuckJobsAfter: cfg.RescueAfter,
		MaxAttempts:          cfg.MaxAttempts,
		Logger:               quietRiver(cfg.Logger),
	}
	// River fetches at most once per cooldown (100 ms by default): a
	// NOTIFY, a nudge (wake) or a worker coming free just after a fetch
	// would wait out the rest of it, and a batch bigger than the workers
	// would take a cooldown per round.
	rc.FetchCooldown = fetchCooldown
	if cfg.Store.Dialect() == store.SQLite {
		rc.FetchPollInterval = sqlitePollInterval
	} else {
		rc.FetchPollInterval = postgresPollInterval
	}
	if cfg.riverConfig != nil {
		cfg.riverConfig(rc)
	}
	e.river, err = river.NewClient(e.driver(), rc)
	if err != nil {
		return nil, err
	}
	return e, nil
}

// riverDriver is the one River client type both databases share: both
// drivers work on a *sql.DB, so jobs are inserted in the store's
// transactions (a batch is never saved without its jobs).
type riverDriver = riverdriver.Driver[*sql.Tx]

// driver is riversqlite on SQLite with a listener in this process
// (inProcess), which Engine.wake notifies. On PostgreSQL it is
// riverdatabasesql with a pgx listener on the store's pgx pool: queries go
// through the store's *sql.DB (drawn from the same pool), and River
// LISTENs on one connection taken from the pool, so a job inserted in a
// committed transaction — which NOTIFYs — is fetched at once instead of
// at the next poll (River then polls only as a fallback).
func (e *Engine) driver() riverDriver {
	if e.store.Dialect() == store.Postgres {
		return riverdatabasesql.NewWithPgxListener(e.store.DB(), e.store.Pool())
	}
	e.bus = newLocalBus()
	return inProcess{Driver: riversqlite.New(e.store.DB()), bus: e.bus}
}

// jobTimeout bounds a job's run, and a command's first attempt run in
// this process: River requires it below RescueAfter, and a command's
// backstop comes due RescueAfter after it was saved.
func (c *Config) jobTimeout() time.Duration { return min(jobTimeout, c.RescueAfter/2) }

// Start starts working jobs, and running commands' first attempts here;
// Stop drains both.
func (e *Engine) Start(ctx context.Context) error {
	if err := e.river.Start(ctx); err != nil {
		return err
	}
	e.runs.start(ctx)
	return nil
}

// Stop stops fetching and waits for the jobs in hand, and the commands
// running here (runs), to finish. If ctx ends first, they are cancelled:
// a command's people are handed to jobs of their own, River retries its
// jobs, here or on another instance, and each item's attempt count tells
// the next attempt that this one may have reached Chat.
func (e *Engine) Stop(ctx context.Context) error {
	e.runs.stop(ctx)
	err := e.river.Stop(ctx)
	if err == nil || ctx.Err() == nil {
		return err
	}
	hard, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return e.river.StopAndCancel(hard)
}

// ETA estimates how long pending membership writes take at the current
// rate.
func (e *Engine) ETA(pending int) time.Duration { return e.limiter.ETA(pending) }
