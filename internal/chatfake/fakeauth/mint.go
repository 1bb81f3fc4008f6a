package fakeauth

import (
	"fmt"
	"time"
)

const googleIssuer = "https://accounts.google.com"

// TokenSpec describes a token to mint. Zero fields take the variant's
// defaults; tests set fields to build wrong tokens on purpose.
type TokenSpec struct {
	Keys          KeySet
	Issuer        string        // default: https://accounts.google.com for GoogleKeys, ChatEmail for ChatKeys
	Audience      string        // default: the project number for ChatKeys; none for GoogleKeys
	Email         string        // omitted when empty
	EmailVerified *bool         // omitted when nil
	IssuedAt      time.Time     // default: now (the Options.Now clock)
	Lifetime      time.Duration // default 1h; negative makes an already expired token
	// Kid defaults to the current key of Keys. A kid of another published
	// key of Keys signs with that key; any other kid is written into the
	// header while the current key signs, to build unknown-kid tokens.
	Kid   string
	Extra map[string]any // added last: overrides any claim above
}

// Mint signs spec with the current key of spec.Keys (RS256).
func (a *Authority) Mint(spec TokenSpec) (string, error) {
	if !spec.Keys.valid() {
		return "", fmt.Errorf("fakeauth: Mint: unknown key set %d", spec.Keys)
	}
	claims := a.defaultClaims(spec)
	for k, v := range spec.Extra {
		claims[k] = v
	}
	a.mu.Lock()
	ring := a.sets[spec.Keys]
	key, kid := ring.current(), spec.Kid
	if k := ring.find(kid); k != nil {
		key = k
	}
	a.mu.Unlock()
	if kid == "" {
		kid = key.kid
	}
	return signJWT(key.priv, kid, claims)
}

func (a *Authority) defaultClaims(spec TokenSpec) map[string]any {
	iss, aud := spec.Issuer, spec.Audience
	if iss == "" {
		iss = googleIssuer
		if spec.Keys == ChatKeys {
			iss = ChatEmail
		}
	}
	if aud == "" && spec.Keys == ChatKeys {
		aud = a.opts.ProjectNumber
	}
	iat := spec.IssuedAt
	if iat.IsZero() {
		iat = a.now()
	}
	life := spec.Lifetime
	if life == 0 {
		life = time.Hour
	}
	claims := map[string]any{
		"iss": iss,
		"iat": iat.Unix(),
		"exp": iat.Add(life).Unix(),
	}
	if aud != "" {
		claims["aud"] = aud
	}
	if spec.Email != "" {
		claims["email"] = spec.Email
	}
	if spec.EmailVerified != nil {
		claims["email_verified"] = *spec.EmailVerified
	}
	return claims
}

// MintURLToken mints what Chat sends in "HTTP endpoint URL" mode.
func (a *Authority) MintURLToken(audience string) (string, error) {
	return a.mintIDToken(audience, ChatEmail, chatSubject)
}

// MintProjectToken mints what Chat sends in "Project number" mode: signed
// by chat@system's own keys, no email.
func (a *Authority) MintProjectToken(projectNumber string) (string, error) {
	return a.Mint(TokenSpec{Keys: ChatKeys, Issuer: ChatEmail, Audience: projectNumber})
}

// MintAddonToken mints what Chat sends to a Workspace add-on (URL audience).
func (a *Authority) MintAddonToken(audience string) (string, error) {
	return a.mintIDToken(audience, a.AddonServiceAgent(), addonSubject)
}

// mintIDToken mints a Google-signed OIDC ID token for a service account.
func (a *Authority) mintIDToken(audience, email, subject string) (string, error) {
	verified := true
	return a.Mint(TokenSpec{
		Keys:          GoogleKeys,
		Issuer:        googleIssuer,
		Audience:      audience,
		Email:         email,
		EmailVerified: &verified,
		Extra:         map[string]any{"sub": subject, "azp": subject},
	})
}
