package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the embedded default's driver
)

// noopArgs is the one job kind the floor's River client can work: River
// refuses to start without a worker. No job is ever inserted.
type noopArgs struct{}

func (noopArgs) Kind() string { return "floor.noop" }

type noopWorker struct{ river.WorkerDefaults[noopArgs] }

func (noopWorker) Work(context.Context, *river.Job[noopArgs]) error { return nil }

// jobs is a started River client and what closes its database.
type jobs struct {
	stop func(context.Context) error
}

// startJobs migrates River's schema into database and starts a client on
// it: SQLite through database/sql (River asks for one connection), or
// PostgreSQL through a pgx pool. Both are compiled into every build, as in
// Onboard, whichever one runs.
func startJobs(ctx context.Context, database string) (jobs, error) {
	if path, ok := strings.CutPrefix(database, "sqlite:"); ok {
		db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate")
		if err != nil {
			return jobs{}, err
		}
		db.SetMaxOpenConns(1)
		stop, err := startRiver(ctx, riversqlite.New(db), 100)
		if err != nil {
			db.Close()
			return jobs{}, err
		}
		return jobs{stop: func(ctx context.Context) error { err := stop(ctx); db.Close(); return err }}, nil
	}
	pool, err := pgxpool.New(ctx, database)
	if err != nil {
		return jobs{}, err
	}
	stop, err := startRiver(ctx, riverpgxv5.New(pool), 0)
	if err != nil {
		pool.Close()
		return jobs{}, err
	}
	return jobs{stop: func(ctx context.Context) error { err := stop(ctx); pool.Close(); return err }}, nil
}

// startRiver migrates and starts River on driver with 32 workers (Onboard's
// least), polling every pollMillis when the database cannot notify.
func startRiver[TTx any](ctx context.Context, driver riverdriver.Driver[TTx], pollMillis int) (func(context.Context) error, error) {
	quiet := slog.New(slog.DiscardHandler)
	m, err := rivermigrate.New(driver, &rivermigrate.Config{Logger: quiet})
	if err != nil {
		return nil, err
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return nil, fmt.Errorf("migrating River's schema: %w", err)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, noopWorker{})
	cfg := &river.Config{Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 32}},
		Workers: workers, Logger: quiet}
	if pollMillis > 0 {
		cfg.FetchPollInterval = time.Duration(pollMillis) * time.Millisecond
	}
	c, err := river.NewClient(driver, cfg)
	if err != nil {
		return nil, err
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	return c.Stop, nil
}
