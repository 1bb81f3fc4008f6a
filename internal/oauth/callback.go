package oauth

import (
	"context"
	"errors"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
)

// The outcomes of a callback are bot.SignIn* (the page the person sees is
// cards'): Connected with a Redirect sends the browser back to Chat, which
// sends the original message again; without one (a click asked) the page
// says to click again.
const (
	Connected    = bot.SignInConnected
	Denied       = bot.SignInDenied      // the person declined on Google's consent screen
	LinkUnknown  = bot.SignInLinkUnknown // no state, or one Onboard never issued
	LinkUsed     = bot.SignInLinkUsed    // the link was used already
	LinkExpired  = bot.SignInLinkExpired // the link is older than StateLifetime
	WrongAccount = bot.SignInWrongAccount
	Failed       = bot.SignInFailed // Google's answer could not be used; nothing was stored
)

// Outcome is how a callback ended.
type Outcome = bot.SignInOutcome

// Callback is the result of GET /oauth2/callback. It never holds a token,
// a code or the state.
type Callback struct {
	Outcome  Outcome
	Redirect string // Chat's completion URL, on Connected after a message
	ChatUser string // whom the sign-in was for, when known (the log)
}

// Complete handles Google's redirect to the callback with q (its query):
// it claims the state once, exchanges the code with the PKCE verifier,
// checks the ID token names the person the state was made for, and only
// then stores the grant. Every other ending stores nothing.
func (f *Flow) Complete(ctx context.Context, q url.Values) Callback {
	state := q.Get("state")
	if state == "" {
		return Callback{Outcome: LinkUnknown}
	}
	in, err := f.cfg.Store.ClaimSignIn(ctx, hashState(state), f.cfg.Now())
	switch {
	case errors.Is(err, store.ErrSignInUsed):
		return Callback{Outcome: LinkUsed}
	case errors.Is(err, store.ErrSignInExpired):
		return Callback{Outcome: LinkExpired}
	case errors.Is(err, store.ErrSignInUnknown):
		return Callback{Outcome: LinkUnknown}
	case err != nil:
		f.log.ErrorContext(ctx, "oauth: could not read a sign-in", "error", err)
		return Callback{Outcome: Failed}
	}
	cb := Callback{ChatUser: in.ChatUser}
	if e := q.Get("error"); e != "" {
		// The state is spent either way: a declined link cannot be replayed.
		if e == "access_denied" {
			cb.Outcome = Denied
		} else {
			f.log.WarnContext(ctx, "oauth: Google returned an error", "error_code", e, "user", in.ChatUser)
			cb.Outcome = Failed
		}
		return cb
	}
	tok, err := f.exchange(ctx, in, q.Get("code"))
	if err != nil {
		f.log.WarnContext(ctx, "oauth: code exchange failed", "user", in.ChatUser, "error", err)
		cb.Outcome = Failed
		return cb
	}
	out, email := f.identify(ctx, in, tok)
	if out != Connected {
		f.revokeToken(ctx, tok.AccessToken) // nothing of a wrong consent is kept, at Google either
		cb.Outcome = out
		return cb
	}
	in.Email = email
	if err := f.saveGrant(ctx, in, tok); err != nil {
		f.log.ErrorContext(ctx, "oauth: could not store a grant", "user", in.ChatUser, "error", err)
		cb.Outcome = Failed
		return cb
	}
	if in.CompleteSealed != "" {
		if cb.Redirect, err = f.cfg.Keyring.Open(in.CompleteSealed, in.StateHash); err != nil {
			f.log.ErrorContext(ctx, "oauth: could not open Chat's completion URL", "user", in.ChatUser, "error", err)
		}
	}
	f.log.InfoContext(ctx, "oauth: connected", "user", in.ChatUser, "scopes", in.Scopes)
	cb.Outcome = Connected
	return cb
}

func (f *Flow) exchange(ctx context.Context, in store.SignIn, code string) (*oauth2.Token, error) {
	if code == "" {
		return nil, errors.New("no code")
	}
	verifier, err := f.cfg.Keyring.Open(in.VerifierSealed, in.StateHash)
	if err != nil {
		return nil, err
	}
	return f.oauth.Exchange(f.client(ctx), code, oauth2.VerifierOption(verifier))
}

// identify verifies the ID token and checks it names the person the
// sign-in was made for: users/{sub} is their Chat user. It returns their
// verified address.
func (f *Flow) identify(ctx context.Context, in store.SignIn, tok *oauth2.Token) (Outcome, string) {
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		f.log.WarnContext(ctx, "oauth: no ID token in Google's answer", "user", in.ChatUser)
		return Failed, ""
	}
	claims, err := f.cfg.IDTokens.Verify(ctx, raw)
	if err != nil {
		f.log.WarnContext(ctx, "oauth: ID token refused", "user", in.ChatUser, "error", err)
		return Failed, ""
	}
	if "users/"+claims.Subject != in.ChatUser {
		f.log.WarnContext(ctx, "oauth: another account consented", "user", in.ChatUser)
		return WrongAccount, ""
	}
	return Connected, claims.Email
}

// saveGrant seals and stores the refresh token with the scopes Google
// granted. Without a new refresh token (Google sends one only with a full
// consent) the stored one is kept and its scopes updated.
func (f *Flow) saveGrant(ctx context.Context, in store.SignIn, tok *oauth2.Token) error {
	g := store.Grant{ChatUser: in.ChatUser, Email: in.Email, Scopes: scopesOf(tok), UpdatedAt: f.cfg.Now(),
		KeyID: f.cfg.Keyring.CurrentKeyID()}
	if len(g.Scopes) == 0 {
		g.Scopes = in.Scopes
	}
	if tok.RefreshToken == "" {
		old, err := f.cfg.Store.Grant(ctx, in.ChatUser)
		if err != nil {
			return errNoRefresh
		}
		g.RefreshSealed, g.KeyID = old.RefreshSealed, old.KeyID
		if g.Email == "" {
			g.Email = old.Email
		}
	} else {
		var err error
		if g.RefreshSealed, err = f.cfg.Keyring.Seal(tok.RefreshToken, in.ChatUser); err != nil {
			return err
		}
	}
	return f.cfg.Store.SaveGrant(ctx, g)
}
