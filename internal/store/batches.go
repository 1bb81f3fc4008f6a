package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// errBatchExists rolls back a CreateBatch whose request key is taken.
var errBatchExists = errors.New("store: batch exists")

const insertBatch = `INSERT INTO onboard_batches
	(id, request_key, actor_name, actor_email, actor_display, origin_space, origin_display, origin_type, created_at, done,
	 locale, time_zone)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
	ON CONFLICT (request_key) DO NOTHING`

// insertItemsInto is the head of the multi-row INSERT that saves a
// batch's items; itemColumnCount values follow per item.
const insertItemsInto = `INSERT INTO onboard_items
	(batch_id, idx, space, space_display, space_type, target_user, target_display, target_email, mentioned, welcome,
	 queued, outcome, reason, canonical_user, updated_at, target_kind, authority, authority_user) VALUES `

const itemColumnCount = 18

// itemsPerInsert bounds one INSERT's rows: 50 × 18 parameters, well under
// either database's limit.
const itemsPerInsert = 50

// CreateBatch saves b (assigning b.ID and item ids) and then calls enqueue
// in the same transaction, so a batch is never saved without its jobs nor
// queued without being saved. If a batch with b.Key exists, it is returned
// with created false and enqueue is not called.
//
// Items are identified by ItemRef{b.ID, index}. An item with a final
// outcome already (skipped, refused, not added before any call) is saved
// as it is and gets no job, and — unless skipped — an audit entry in the
// same transaction, timed at b.CreatedAt; an empty outcome means Pending. The batch is
// saved done when no item is pending. b.Key must not be empty
// (KindInvalid). Two instances saving the same key at once end with one
// batch: the database's unique key decides, and the loser returns the
// winner's batch.
func (s *Store) CreateBatch(ctx context.Context, b bot.Batch, enqueue func(tx *sql.Tx, saved bot.Batch) error) (saved bot.Batch, created bool, err error) {
	if b.Key == "" {
		return bot.Batch{}, false, &bot.Error{Op: "store.CreateBatch", Kind: bot.KindInvalid, Err: errors.New("batch has no request key")}
	}
	b = prepareBatch(b)
	err = s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, insertBatch, b.ID, b.Key, b.Actor.Name, b.Actor.Email, b.Actor.DisplayName,
			b.Origin.Name, b.Origin.DisplayName, string(b.Origin.Type), b.CreatedAt, b.Done, b.Locale, b.TimeZone)
		if err != nil {
			return fmt.Errorf("store: save batch: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: save batch: %w", err)
		} else if n == 0 {
			return errBatchExists // the key's batch is another's
		}
		if err := insertItems(ctx, tx, b); err != nil {
			return err
		}
		if _, err := auditItems(ctx, tx, b.CreatedAt, b.ID, decidedChanges(b)); err != nil {
			return err
		}
		if enqueue == nil {
			return nil
		}
		if err := enqueue(tx, b); err != nil {
			return fmt.Errorf("store: enqueue batch %s: %w", b.ID, err)
		}
		return nil
	})
	switch {
	case errors.Is(err, errBatchExists):
		existing, err := s.loadBatch(ctx, "request_key", b.Key)
		return existing, false, err
	case err != nil:
		return bot.Batch{}, false, err
	}
	return b, true, nil
}

// decidedChanges lists the items whose outcome was final before any call
// and is about membership: refused, not added, already a member. A
// skipped item (the invoker, an app, a duplicate, a stray word) changed
// nothing and was refused nothing, so it is not audited.
func decidedChanges(b bot.Batch) []int {
	var idxs []int
	for i, it := range b.Items {
		if o := it.Result.Outcome; o.Final() && o != bot.Skipped {
			idxs = append(idxs, i)
		}
	}
	return idxs
}

// prepareBatch gives b its id and creation time and normalises it to what
// Batch will read back.
func prepareBatch(b bot.Batch) bot.Batch {
	b.ID = newID()
	if b.CreatedAt.IsZero() {
		b.CreatedAt = time.Now()
	}
	b.CreatedAt = dbTime(b.CreatedAt)
	b.Cancelled = false
	b.Done = true
	b.Items = append([]bot.Item(nil), b.Items...)
	for i := range b.Items {
		it := &b.Items[i]
		if it.Result.Outcome == "" {
			it.Result.Outcome = bot.Pending
		}
		it.Result.Target = it.Target
		b.Done = b.Done && it.Result.Outcome.Final()
	}
	return b
}

// insertItems saves b's items, up to itemsPerInsert in one statement: a
// 20-person command's items were twenty round trips to PostgreSQL, with
// the batch's transaction open, while other commands waited on their own.
func insertItems(ctx context.Context, tx *sql.Tx, b bot.Batch) error {
	now := dbTime(time.Now())
	for first := 0; first < len(b.Items); first += itemsPerInsert {
		chunk := b.Items[first:min(first+itemsPerInsert, len(b.Items))]
		var q strings.Builder
		q.WriteString(insertItemsInto)
		args := make([]any, 0, len(chunk)*itemColumnCount)
		for j, it := range chunk {
			if j > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(")
			for c := range itemColumnCount {
				if c > 0 {
					q.WriteString(", ")
				}
				q.WriteString("$" + strconv.Itoa(len(args)+c+1))
			}
			q.WriteString(")")
			t, r := it.Target, it.Result
			args = append(args, b.ID, first+j, it.Space.Name, it.Space.DisplayName, string(it.Space.Type),
				t.User, t.Display, t.Email, t.Mentioned, it.Welcome,
				r.Outcome == bot.Pending, string(r.Outcome), string(r.Reason), r.User, now,
				string(t.Kind), string(it.As.Kind), it.As.User)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("store: save items %d–%d of batch %s: %w", first, first+len(chunk)-1, b.ID, err)
		}
	}
	return nil
}

// newID returns a random batch id: 16 hex digits.
func newID() string {
	var b [8]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	return hex.EncodeToString(b[:])
}

// Batch loads a batch with its items in their original order;
// *bot.Error KindNotFound when there is none.
func (s *Store) Batch(ctx context.Context, id string) (bot.Batch, error) {
	return s.loadBatch(ctx, "id", id)
}

// HasRequest reports whether a batch was saved under the request key.
func (s *Store) HasRequest(ctx context.Context, key string) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM onboard_batches WHERE request_key = $1`, key).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: look up request: %w", err)
	}
	return n > 0, nil
}

// BatchByKey loads the batch saved for a request key (a message.name or
// a click's id), so a redelivered request can be recognised before it is
// handled again; *bot.Error KindNotFound when there is none.
func (s *Store) BatchByKey(ctx context.Context, key string) (bot.Batch, error) {
	return s.loadBatch(ctx, "request_key", key)
}

// RecentBatches returns actor's batches, newest first, with their items;
// at most limit of them (none when limit < 1).
func (s *Store) RecentBatches(ctx context.Context, actor string, limit int) ([]bot.Batch, error) {
	if limit < 1 {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+batchColumns+` FROM onboard_batches
		WHERE actor_name = $1 ORDER BY created_at DESC, id DESC LIMIT $2`, actor, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent batches of %s: %w", actor, err)
	}
	var bs []bot.Batch
	for rows.Next() {
		b, err := scanBatch(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: recent batches of %s: %w", actor, err)
		}
		bs = append(bs, b)
	}
	// Rows are closed before the next query: SQLite has one connection.
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, fmt.Errorf("store: recent batches of %s: %w", actor, err)
	}
	return bs, s.fillItems(ctx, bs)
}

const batchColumns = `id, request_key, actor_name, actor_email, actor_display,
	origin_space, origin_display, origin_type, created_at, done, cancelled, locale, time_zone`

func scanBatch(row interface{ Scan(...any) error }) (bot.Batch, error) {
	var b bot.Batch
	var originType string
	err := row.Scan(&b.ID, &b.Key, &b.Actor.Name, &b.Actor.Email, &b.Actor.DisplayName,
		&b.Origin.Name, &b.Origin.DisplayName, &originType, utcTime{&b.CreatedAt}, &b.Done, &b.Cancelled,
		&b.Locale, &b.TimeZone)
	b.Origin.Type = bot.SpaceType(originType)
	return b, err
}

// loadBatch reads the batch whose column (id or request_key) is value.
func (s *Store) loadBatch(ctx context.Context, column, value string) (bot.Batch, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+batchColumns+` FROM onboard_batches WHERE `+column+` = $1`, value)
	b, err := scanBatch(row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return bot.Batch{}, notFound("store.Batch", "batch "+value)
	case err != nil:
		return bot.Batch{}, fmt.Errorf("store: batch %s: %w", value, err)
	}
	bs := []bot.Batch{b}
	if err := s.fillItems(ctx, bs); err != nil {
		return bot.Batch{}, err
	}
	return bs[0], nil
}

const itemColumns = `batch_id, space, space_display, space_type, target_user, target_display, target_email,
	mentioned, welcome, outcome, reason, canonical_user, target_kind, authority, authority_user`

// fillItems loads the items of bs, in order, with one query.
func (s *Store) fillItems(ctx context.Context, bs []bot.Batch) error {
	if len(bs) == 0 {
		return nil
	}
	at := make(map[string]int, len(bs))
	marks := make([]string, len(bs))
	args := make([]any, len(bs))
	for i, b := range bs {
		at[b.ID] = i
		marks[i] = "$" + strconv.Itoa(i+1)
		args[i] = b.ID
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+itemColumns+` FROM onboard_items
		WHERE batch_id IN (`+strings.Join(marks, ", ")+`) ORDER BY batch_id, idx`, args...)
	if err != nil {
		return fmt.Errorf("store: items: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		id, it, err := scanItem(rows)
		if err != nil {
			return fmt.Errorf("store: items: %w", err)
		}
		bs[at[id]].Items = append(bs[at[id]].Items, it)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: items: %w", err)
	}
	return nil
}

func scanItem(rows *sql.Rows) (batchID string, it bot.Item, err error) {
	var spaceType, outcome, reason, kind, authority string
	t := &it.Target
	err = rows.Scan(&batchID, &it.Space.Name, &it.Space.DisplayName, &spaceType, &t.User, &t.Display, &t.Email,
		&t.Mentioned, &it.Welcome, &outcome, &reason, &it.Result.User, &kind, &authority, &it.As.User)
	it.Space.Type = bot.SpaceType(spaceType)
	t.Kind, it.As.Kind = bot.TargetKind(kind), bot.AuthorityKind(authority)
	it.Result.Target = it.Target
	it.Result.Outcome, it.Result.Reason = bot.Outcome(outcome), bot.Reason(reason)
	it.Result.As = it.As.Kind
	return batchID, it, err
}

// Item loads one item of a batch: a job needs only its own person, and
// reading the whole batch for each of its people costs a big batch's
// jobs a read of every item. *bot.Error KindNotFound when there is none.
func (s *Store) Item(ctx context.Context, ref ItemRef) (bot.Item, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+itemColumns+` FROM onboard_items WHERE batch_id = $1 AND idx = $2`,
		ref.BatchID, ref.Index)
	if err != nil {
		return bot.Item{}, fmt.Errorf("store: item: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return bot.Item{}, fmt.Errorf("store: item: %w", err)
		}
		return bot.Item{}, notFound("store.Item", fmt.Sprintf("item %d of batch %s", ref.Index, ref.BatchID))
	}
	_, it, err := scanItem(rows)
	if err != nil {
		return bot.Item{}, fmt.Errorf("store: item: %w", err)
	}
	return it, nil
}

// BatchDone reports whether every item of the batch has its outcome: a
// reply waiting for a batch asks this on each change, and reads the
// whole batch once, when it is.
func (s *Store) BatchDone(ctx context.Context, id string) (bool, error) {
	var done bool
	err := s.read.QueryRowContext(ctx, `SELECT done FROM onboard_batches WHERE id = $1`, id).Scan(&done)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, notFound("store.BatchDone", "batch "+id)
	case err != nil:
		return false, fmt.Errorf("store: batch %s: %w", id, err)
	}
	return done, nil
}
