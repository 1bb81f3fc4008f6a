package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ClaimReporting sets the batch's reporting to want unless already
// decided, and returns the decision in force (so exactly one of the
// synchronous reply and the progress job reports the final tally). A
// missing batch is KindNotFound.
func (s *Store) ClaimReporting(ctx context.Context, id string, want Reporting) (Reporting, error) {
	// The conditional update is the claim: once set, reporting never
	// changes again, so a claim that changed the row won, and after one
	// that did not the read sees the value in force.
	res, err := s.db.ExecContext(ctx, `UPDATE onboard_batches SET reporting = $2 WHERE id = $1 AND reporting = ''`,
		id, string(want))
	if err != nil {
		return "", fmt.Errorf("store: claim reporting of batch %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 1 {
		return want, nil
	}
	return s.Reporting(ctx, id)
}

// Reporting returns who reports the batch's result (ReportUndecided while
// nobody has claimed it). A missing batch is KindNotFound.
func (s *Store) Reporting(ctx context.Context, id string) (Reporting, error) {
	var got string
	err := s.read.QueryRowContext(ctx, `SELECT reporting FROM onboard_batches WHERE id = $1`, id).Scan(&got)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", notFound("store.Reporting", "batch "+id)
	case err != nil:
		return "", fmt.Errorf("store: reporting of batch %s: %w", id, err)
	}
	return Reporting(got), nil
}

// ReportingAndDone is Reporting and BatchDone in one read: what a reply
// needs to know when it starts waiting for a batch. A missing batch is
// KindNotFound.
func (s *Store) ReportingAndDone(ctx context.Context, id string) (Reporting, bool, error) {
	var got string
	var done bool
	err := s.read.QueryRowContext(ctx, `SELECT reporting, done FROM onboard_batches WHERE id = $1`, id).Scan(&got, &done)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, notFound("store.ReportingAndDone", "batch "+id)
	case err != nil:
		return "", false, fmt.Errorf("store: reporting of batch %s: %w", id, err)
	}
	return Reporting(got), done, nil
}

// ProgressMessage returns the name of the batch's progress message and
// when it was last updated ("" if not posted yet). A missing batch is
// KindNotFound.
func (s *Store) ProgressMessage(ctx context.Context, id string) (name string, updated time.Time, err error) {
	err = s.read.QueryRowContext(ctx, `SELECT progress_message, progress_updated_at FROM onboard_batches WHERE id = $1`,
		id).Scan(&name, utcTime{&updated})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", time.Time{}, notFound("store.ProgressMessage", "batch "+id)
	case err != nil:
		return "", time.Time{}, fmt.Errorf("store: progress message of batch %s: %w", id, err)
	}
	return name, updated, nil
}

// SetProgressMessage records the progress message's name and update time.
// A missing batch is KindNotFound.
func (s *Store) SetProgressMessage(ctx context.Context, id, name string, updated time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE onboard_batches SET progress_message = $2, progress_updated_at = $3 WHERE id = $1`,
		id, name, nullTime(updated))
	if err != nil {
		return fmt.Errorf("store: set progress message of batch %s: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: set progress message of batch %s: %w", id, err)
	} else if n == 0 {
		return notFound("store.SetProgressMessage", "batch "+id)
	}
	return nil
}
