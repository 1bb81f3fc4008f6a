package oauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
)

// Connection is what Onboard holds of a person's authority, for /help and
// `onboard grants list`: never the token.
type Connection struct {
	ChatUser  string
	Email     string
	Scopes    []string
	Connected time.Time
	Updated   time.Time
	// KeyID names the key that sealed the grant (Keyring.CurrentKeyID's
	// form, never the key): `onboard grants list` shows which grants a
	// rotation has not re-sealed yet.
	KeyID string
}

// ErrNotConnected is the error of a person with no usable grant: never
// connected, disconnected, or revoked at Google (invalid_grant, after which
// the grant is deleted). Only a new consent helps. Its Kind is
// bot.KindNotConnected.
var ErrNotConnected = &bot.Error{Op: "oauth", Kind: bot.KindNotConnected, Err: errors.New("no usable grant")}

// Connection returns chatUser's connection; ErrNotConnected when there is
// none.
func (f *Flow) Connection(ctx context.Context, chatUser string) (Connection, error) {
	g, err := f.cfg.Store.Grant(ctx, chatUser)
	if bot.KindOf(err) == bot.KindNotFound {
		return Connection{}, ErrNotConnected
	}
	if err != nil {
		return Connection{}, err
	}
	return connectionOf(g), nil
}

func connectionOf(g store.Grant) Connection {
	return Connection{ChatUser: g.ChatUser, Email: g.Email, Scopes: g.Scopes, Connected: g.CreatedAt, Updated: g.UpdatedAt,
		KeyID: g.KeyID}
}

// Connections lists every connection, by user.
func (f *Flow) Connections(ctx context.Context) ([]Connection, error) {
	gs, err := f.cfg.Store.Grants(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Connection, len(gs))
	for i, g := range gs {
		out[i] = connectionOf(g)
	}
	return out, nil
}

// TokenSource lends chatUser's authority: access tokens minted from the
// stored refresh token, refreshed when they expire. Its Token fails with
// ErrNotConnected (and the grant is deleted) when Google answers
// invalid_grant. Invalidate forces the next Token to refresh — after Google
// answered 401 to the last one.
func (f *Flow) TokenSource(ctx context.Context, chatUser string) (*UserTokens, error) {
	g, err := f.cfg.Store.Grant(ctx, chatUser)
	if bot.KindOf(err) == bot.KindNotFound {
		return nil, ErrNotConnected
	}
	if err != nil {
		return nil, err
	}
	refresh, err := f.cfg.Keyring.Open(g.RefreshSealed, chatUser)
	if err != nil {
		return nil, fmt.Errorf("oauth: open %s's grant: %w", chatUser, err)
	}
	return &UserTokens{f: f, user: chatUser, scopes: g.Scopes, refresh: refresh}, nil
}

// UserTokens is one person's token source (see Flow.TokenSource).
type UserTokens struct {
	f       *Flow
	user    string
	scopes  []string
	refresh string

	mu  sync.Mutex
	tok *oauth2.Token
}

// Scopes are the scopes the grant holds.
func (u *UserTokens) Scopes() []string { return u.scopes }

// Token returns a valid access token, refreshing it when needed.
func (u *UserTokens) Token() (*oauth2.Token, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.tok.Valid() {
		return u.tok, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	tok, err := u.f.oauth.TokenSource(u.f.client(ctx), &oauth2.Token{RefreshToken: u.refresh}).Token()
	if invalidGrant(err) {
		if _, derr := u.f.cfg.Store.DeleteGrant(ctx, u.user); derr != nil {
			u.f.log.Error("oauth: could not delete a revoked grant", "user", u.user, "error", derr)
		}
		u.f.log.Info("oauth: grant revoked or expired at Google; deleted", "user", u.user)
		return nil, ErrNotConnected
	}
	if err != nil {
		return nil, &bot.Error{Op: "oauth.Token", Kind: bot.KindTransient, Err: err}
	}
	u.tok = tok
	return tok, nil
}

// Invalidate drops the cached access token.
func (u *UserTokens) Invalidate() {
	u.mu.Lock()
	u.tok = nil
	u.mu.Unlock()
}

// Disconnect revokes chatUser's grant at Google and deletes it. The grant
// is deleted even when Google cannot be reached (the error says so): a
// person who asks to disconnect is disconnected here at once.
func (f *Flow) Disconnect(ctx context.Context, chatUser string) (bool, error) {
	g, err := f.cfg.Store.Grant(ctx, chatUser)
	if bot.KindOf(err) == bot.KindNotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	var revokeErr error
	if refresh, err := f.cfg.Keyring.Open(g.RefreshSealed, chatUser); err == nil {
		revokeErr = f.revokeToken(ctx, refresh)
	} else {
		revokeErr = err
	}
	if _, err := f.cfg.Store.DeleteGrant(ctx, chatUser); err != nil {
		return false, err
	}
	if revokeErr != nil {
		return true, fmt.Errorf("oauth: deleted, but Google's revoke failed: %w", revokeErr)
	}
	return true, nil
}

// revokeToken asks Google to revoke token (an access or refresh token; a
// refresh token revokes the whole grant). Google answers 200, or 400 for a
// token already invalid — both leave nothing to revoke.
func (f *Flow) revokeToken(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.cfg.RevokeURL,
		strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := f.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("revoke: %w", stripURL(err))
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusBadRequest {
		return fmt.Errorf("revoke: status %d", resp.StatusCode)
	}
	return nil
}

// stripURL drops the request from a *url.Error: the body is not in it, but
// a URL may one day carry a token.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Rekey re-seals every grant not sealed with the current key and returns
// how many. Grants sealed with a key no longer configured are reported in
// the error and left as they are.
func (f *Flow) Rekey(ctx context.Context) (int, error) {
	gs, err := f.cfg.Store.Grants(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, g := range gs {
		if g.KeyID == f.cfg.Keyring.CurrentKeyID() {
			continue
		}
		refresh, err := f.cfg.Keyring.Open(g.RefreshSealed, g.ChatUser)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", g.ChatUser, err))
			continue
		}
		if g.RefreshSealed, err = f.cfg.Keyring.Seal(refresh, g.ChatUser); err != nil {
			return n, err
		}
		g.KeyID, g.UpdatedAt = f.cfg.Keyring.CurrentKeyID(), f.cfg.Now()
		if err := f.cfg.Store.SaveGrant(ctx, g); err != nil {
			return n, err
		}
		n++
	}
	return n, errors.Join(errs...)
}
