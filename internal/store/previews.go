package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

var _ bot.Previews = (*Store)(nil)

// previewKeep is how long a preview row is kept: long after its Confirm
// stopped counting (ten minutes), so that a late click still finds it and
// says it expired, and short enough that whom it names is not kept.
const previewKeep = 24 * time.Hour

// SavePreview saves p with a new id and, when unset, the time now, and
// clears the previews older than a day in the same transaction.
func (s *Store) SavePreview(ctx context.Context, p bot.Preview) (bot.Preview, error) {
	req, err := json.Marshal(p.Command)
	if err != nil {
		return bot.Preview{}, fmt.Errorf("store: save preview: %w", err)
	}
	p.ID = newID()
	if p.CreatedAt.IsZero() {
		p.CreatedAt = time.Now()
	}
	p.CreatedAt = dbTime(p.CreatedAt)
	if p.State == "" {
		p.State = bot.PreviewPending
	}
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM onboard_previews WHERE created_at < $1`,
			dbTime(p.CreatedAt.Add(-previewKeep))); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO onboard_previews (id, actor_name, actor_email, actor_display,
				origin_space, origin_display, origin_type, request, state, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			p.ID, p.Actor.Name, p.Actor.Email, p.Actor.DisplayName, p.Origin.Name, p.Origin.DisplayName,
			string(p.Origin.Type), string(req), string(p.State), p.CreatedAt)
		return err
	})
	if err != nil {
		return bot.Preview{}, fmt.Errorf("store: save preview: %w", err)
	}
	return p, nil
}

// Preview returns the preview with id; KindNotFound when there is none.
func (s *Store) Preview(ctx context.Context, id string) (bot.Preview, error) {
	var p bot.Preview
	var originType, req, state string
	err := s.db.QueryRowContext(ctx, `SELECT id, actor_name, actor_email, actor_display, origin_space, origin_display,
			origin_type, request, state, created_at FROM onboard_previews WHERE id = $1`, id).
		Scan(&p.ID, &p.Actor.Name, &p.Actor.Email, &p.Actor.DisplayName, &p.Origin.Name, &p.Origin.DisplayName,
			&originType, &req, &state, utcTime{&p.CreatedAt})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bot.Preview{}, notFound("store.Preview", "preview "+id)
	case err != nil:
		return bot.Preview{}, fmt.Errorf("store: preview %s: %w", id, err)
	}
	p.Origin.Type, p.State = bot.SpaceType(originType), bot.PreviewState(state)
	if err := json.Unmarshal([]byte(req), &p.Command); err != nil {
		return bot.Preview{}, fmt.Errorf("store: preview %s: %w", id, err)
	}
	return p, nil
}

// SettlePreview moves a pending preview to state and returns the state it
// is in afterwards: state, or the one an earlier click settled it in. The
// update is conditional, so of two clicks at once exactly one settles it.
func (s *Store) SettlePreview(ctx context.Context, id string, state bot.PreviewState) (bot.PreviewState, error) {
	if _, err := s.db.ExecContext(ctx, `UPDATE onboard_previews SET state = $2 WHERE id = $1 AND state = $3`,
		id, string(state), string(bot.PreviewPending)); err != nil {
		return "", fmt.Errorf("store: settle preview %s: %w", id, err)
	}
	var now string
	err := s.db.QueryRowContext(ctx, `SELECT state FROM onboard_previews WHERE id = $1`, id).Scan(&now)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", notFound("store.SettlePreview", "preview "+id)
	case err != nil:
		return "", fmt.Errorf("store: settle preview %s: %w", id, err)
	}
	return bot.PreviewState(now), nil
}

// MarkUndone records that by undid batch id at at; false when it was
// marked already (the update is conditional: of two clicks at once, one
// marks it).
func (s *Store) MarkUndone(ctx context.Context, id, by string, at time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE onboard_batches SET undone_by = $2, undone_at = $3
		WHERE id = $1 AND undone_at IS NULL`, id, by, dbTime(at))
	if err != nil {
		return false, fmt.Errorf("store: mark batch %s undone: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: mark batch %s undone: %w", id, err)
	}
	return n == 1, nil
}

// UnmarkUndone clears the mark of an Undo that removed nobody.
func (s *Store) UnmarkUndone(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE onboard_batches SET undone_by = '', undone_at = NULL WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: unmark batch %s undone: %w", id, err)
	}
	return nil
}

// erasePreviews deletes the previews that name the person, as the one who
// asked or as someone to add: a preview is a request of ten minutes, not
// a record to keep counts of. The request is JSON, so it is read here
// rather than matched in SQL, the same way in both dialects.
func erasePreviews(ctx context.Context, tx *sql.Tx, names, addrs []string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, actor_name, actor_email, request FROM onboard_previews`)
	if err != nil {
		return fmt.Errorf("store: erase previews: %w", err)
	}
	var doomed []string
	for rows.Next() {
		var id, actor, email, req string
		if err := rows.Scan(&id, &actor, &email, &req); err != nil {
			rows.Close()
			return fmt.Errorf("store: erase previews: %w", err)
		}
		if previewNames(actor, email, req, names, addrs) {
			doomed = append(doomed, id)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("store: erase previews: %w", err)
	}
	for _, id := range doomed {
		if _, err := tx.ExecContext(ctx, `DELETE FROM onboard_previews WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: erase previews: %w", err)
		}
	}
	return nil
}

// previewNames reports whether a preview's asker or request names one of
// names (lower-cased users/…) or addrs (lower-cased addresses).
func previewNames(actor, email, req string, names, addrs []string) bool {
	if contains(names, actor) || contains(addrs, email) {
		return true
	}
	var cmd bot.Command
	if json.Unmarshal([]byte(req), &cmd) != nil {
		return true // unreadable: erasing it loses nothing that could be shown
	}
	for _, t := range append(append([]bot.Target(nil), cmd.People...), skippedTargets(cmd)...) {
		if contains(names, t.User) || contains(addrs, t.Email) || contains(addrs, t.Display) {
			return true
		}
	}
	return false
}

func skippedTargets(cmd bot.Command) []bot.Target {
	out := make([]bot.Target, len(cmd.Skipped))
	for i, sk := range cmd.Skipped {
		out[i] = sk.Target
	}
	return out
}

// contains reports whether v, lower-cased, is one of vs.
func contains(vs []string, v string) bool {
	return v != "" && slices.Contains(vs, strings.ToLower(v))
}
