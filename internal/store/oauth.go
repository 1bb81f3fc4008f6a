package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// SignIn is a pending OAuth sign-in: what the callback will need, bound on
// the server to the Chat user it was made for. Nothing of it travels
// through the browser but the state, and only its hash is kept.
type SignIn struct {
	StateHash      string // hex SHA-256 of the state
	ChatUser       string // users/{id}
	Email          string // the login hint, if the event carried one
	Scopes         []string
	CompleteSealed string // configCompleteRedirectUrl, sealed; "" when a click asked
	VerifierSealed string // the PKCE code_verifier, sealed
	CreatedAt      time.Time
	ExpiresAt      time.Time
}

// Grant is a person's stored authority: the refresh token (sealed) and the
// scopes Google granted.
type Grant struct {
	ChatUser      string
	Email         string
	Scopes        []string
	RefreshSealed string
	KeyID         string
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Why ClaimSignIn found nothing to claim. The callback tells the person in
// plain words; none of them leaves anything behind.
var (
	ErrSignInUnknown = errors.New("store: no such sign-in")
	ErrSignInUsed    = errors.New("store: sign-in already used")
	ErrSignInExpired = errors.New("store: sign-in expired")
)

// SaveSignIn records a pending sign-in.
func (s *Store) SaveSignIn(ctx context.Context, in SignIn) error {
	if in.StateHash == "" || in.ChatUser == "" {
		return &bot.Error{Op: "store.SaveSignIn", Kind: bot.KindInvalid, Err: errors.New("sign-in needs a state and a user")}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO onboard_oauth_signins
			(state_hash, chat_user, email, scopes, complete_sealed, verifier_sealed, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		in.StateHash, in.ChatUser, in.Email, strings.Join(in.Scopes, " "), in.CompleteSealed, in.VerifierSealed,
		dbTime(in.CreatedAt), dbTime(in.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: save sign-in: %w", err)
	}
	return nil
}

// ClaimSignIn marks the sign-in with stateHash used and returns it — once:
// the update that claims it is the check, so two callbacks racing with one
// state (on two instances) give one winner. An unknown, used or expired
// state is ErrSignInUnknown, ErrSignInUsed or ErrSignInExpired.
func (s *Store) ClaimSignIn(ctx context.Context, stateHash string, now time.Time) (SignIn, error) {
	var in SignIn
	err := s.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE onboard_oauth_signins SET used_at = $1
			WHERE state_hash = $2 AND used_at IS NULL AND expires_at > $1`, dbTime(now), stateHash)
		if err != nil {
			return fmt.Errorf("store: claim sign-in: %w", err)
		}
		claimed, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("store: claim sign-in: %w", err)
		}
		var scopes string
		var used time.Time
		err = tx.QueryRowContext(ctx, `SELECT state_hash, chat_user, email, scopes, complete_sealed, verifier_sealed,
				created_at, expires_at, used_at
			FROM onboard_oauth_signins WHERE state_hash = $1`, stateHash).
			Scan(&in.StateHash, &in.ChatUser, &in.Email, &scopes, &in.CompleteSealed, &in.VerifierSealed,
				utcTime{&in.CreatedAt}, utcTime{&in.ExpiresAt}, utcTime{&used})
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrSignInUnknown
		case err != nil:
			return fmt.Errorf("store: claim sign-in: %w", err)
		case claimed == 1:
			in.Scopes = strings.Fields(scopes)
			return nil
		case used.IsZero() && !in.ExpiresAt.After(dbTime(now)):
			return ErrSignInExpired
		}
		return ErrSignInUsed // by an earlier callback, or one racing this one
	})
	if err != nil {
		return SignIn{}, err
	}
	return in, nil
}

// PurgeSignIns deletes sign-ins that expired before cutoff and returns how
// many.
func (s *Store) PurgeSignIns(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM onboard_oauth_signins WHERE expires_at < $1`, dbTime(cutoff))
	if err != nil {
		return 0, fmt.Errorf("store: purge sign-ins: %w", err)
	}
	return res.RowsAffected()
}

// SaveGrant creates or replaces g.ChatUser's grant; CreatedAt is kept from
// the first save.
func (s *Store) SaveGrant(ctx context.Context, g Grant) error {
	if g.ChatUser == "" || g.RefreshSealed == "" {
		return &bot.Error{Op: "store.SaveGrant", Kind: bot.KindInvalid, Err: errors.New("grant needs a user and a token")}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO onboard_grants
			(chat_user, email, scopes, refresh_sealed, key_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)
		ON CONFLICT (chat_user) DO UPDATE SET email = excluded.email, scopes = excluded.scopes,
			refresh_sealed = excluded.refresh_sealed, key_id = excluded.key_id, updated_at = excluded.updated_at`,
		g.ChatUser, g.Email, strings.Join(g.Scopes, " "), g.RefreshSealed, g.KeyID, dbTime(g.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: save grant: %w", err)
	}
	return nil
}

const grantColumns = `chat_user, email, scopes, refresh_sealed, key_id, created_at, updated_at`

func scanGrant(row interface{ Scan(...any) error }) (Grant, error) {
	var g Grant
	var scopes string
	err := row.Scan(&g.ChatUser, &g.Email, &scopes, &g.RefreshSealed, &g.KeyID, utcTime{&g.CreatedAt}, utcTime{&g.UpdatedAt})
	g.Scopes = strings.Fields(scopes)
	return g, err
}

// Grant returns chatUser's grant; KindNotFound when they are not connected.
func (s *Store) Grant(ctx context.Context, chatUser string) (Grant, error) {
	g, err := scanGrant(s.db.QueryRowContext(ctx, `SELECT `+grantColumns+` FROM onboard_grants WHERE chat_user = $1`, chatUser))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Grant{}, notFound("store.Grant", "grant")
	case err != nil:
		return Grant{}, fmt.Errorf("store: grant of %s: %w", chatUser, err)
	}
	return g, nil
}

// Grants lists every grant, by user.
func (s *Store) Grants(ctx context.Context) ([]Grant, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+grantColumns+` FROM onboard_grants ORDER BY chat_user`)
	if err != nil {
		return nil, fmt.Errorf("store: list grants: %w", err)
	}
	defer rows.Close()
	var out []Grant
	for rows.Next() {
		g, err := scanGrant(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list grants: %w", err)
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

// DeleteGrant removes chatUser's grant and reports whether there was one.
func (s *Store) DeleteGrant(ctx context.Context, chatUser string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM onboard_grants WHERE chat_user = $1`, chatUser)
	if err != nil {
		return false, fmt.Errorf("store: delete grant: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
