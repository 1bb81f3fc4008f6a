package verify

import "time"

// check applies the mode's issuer, audience, time and email rules to the
// claims of a token whose signature has verified.
func (v *Verifier) check(c *jwtClaims) (Claims, error) {
	if err := v.checkIssuer(c.Issuer); err != nil {
		return Claims{}, err
	}
	if c.Audience == "" || c.Audience != v.audience {
		return Claims{}, fail(ReasonWrongAudience, "")
	}
	if err := v.checkTimes(c); err != nil {
		return Claims{}, err
	}
	addon, err := v.checkEmail(c)
	if err != nil {
		return Claims{}, err
	}
	if v.signIn && c.Subject == "" {
		return Claims{}, fail(ReasonMalformed, "sub missing")
	}
	out := Claims{
		Issuer:   c.Issuer,
		Audience: c.Audience,
		Email:    c.Email,
		Subject:  c.Subject,
		Addon:    addon,
		Expiry:   time.Unix(c.Expiry, 0),
	}
	if c.IssuedAt != 0 {
		out.IssuedAt = time.Unix(c.IssuedAt, 0)
	}
	return out, nil
}

func (v *Verifier) checkIssuer(iss string) error {
	if v.projectMode {
		if iss != ChatEmail {
			return fail(ReasonWrongIssuer, "")
		}
		return nil
	}
	if iss != googleIssuer && iss != googleIssuerBare {
		return fail(ReasonWrongIssuer, "")
	}
	return nil
}

// checkTimes: exp is required; now > exp+skew is expired; iat or nbf after
// now+skew is not yet valid; a lifetime above an hour plus skew is malformed.
func (v *Verifier) checkTimes(c *jwtClaims) error {
	if c.Expiry == 0 {
		return fail(ReasonMalformed, "exp missing")
	}
	now := v.now()
	exp := time.Unix(c.Expiry, 0)
	if now.After(exp.Add(v.skew)) {
		return fail(ReasonExpired, "")
	}
	latest := now.Add(v.skew)
	if c.IssuedAt != 0 && time.Unix(c.IssuedAt, 0).After(latest) {
		return fail(ReasonNotYetValid, "iat in the future")
	}
	if c.NotBefore != 0 && time.Unix(c.NotBefore, 0).After(latest) {
		return fail(ReasonNotYetValid, "nbf in the future")
	}
	// Without iat, measure the remaining lifetime from now instead.
	start := now
	if c.IssuedAt != 0 {
		start = time.Unix(c.IssuedAt, 0)
	}
	if life := exp.Sub(start); life > maxLifetime+v.skew || (c.IssuedAt != 0 && life <= 0) {
		return fail(ReasonMalformed, "lifetime not what Chat mints")
	}
	return nil
}

// checkEmail: URL mode needs Chat's email (or the configured add-on agent's)
// with email_verified true. Project-number tokens carry no email; one that
// names anyone but Chat is rejected.
func (v *Verifier) checkEmail(c *jwtClaims) (addon bool, err error) {
	if v.signIn {
		// A person's address: any, but Google must vouch for it.
		if c.Email == "" || !c.EmailVerified {
			return false, fail(ReasonEmailUnverified, "")
		}
		return false, nil
	}
	if v.projectMode {
		if c.Email != "" && c.Email != ChatEmail {
			return false, fail(ReasonWrongEmail, "")
		}
		return false, nil
	}
	switch {
	case c.Email == ChatEmail:
	case v.addonEmail != "" && c.Email == v.addonEmail:
		addon = true
	default:
		return false, fail(ReasonWrongEmail, "")
	}
	if !c.EmailVerified {
		return false, fail(ReasonEmailUnverified, "")
	}
	return addon, nil
}
