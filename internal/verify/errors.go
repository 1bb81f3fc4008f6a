package verify

import "errors"

// Reason says why a token was rejected. The set is closed; it is used as a
// metrics label and must never carry request data.
type Reason string

// The reasons Verify can give.
const (
	ReasonMalformed       Reason = "malformed"        // not a well-formed JWT of the shape Chat sends
	ReasonBadAlgorithm    Reason = "bad_algorithm"    // header alg is not exactly RS256
	ReasonUnknownKey      Reason = "unknown_key"      // kid not in the published key set
	ReasonBadSignature    Reason = "bad_signature"    // RS256 signature does not verify
	ReasonWrongAudience   Reason = "wrong_audience"   // aud is not the configured audience
	ReasonWrongIssuer     Reason = "wrong_issuer"     // iss is not the expected issuer
	ReasonExpired         Reason = "expired"          // now > exp + skew
	ReasonNotYetValid     Reason = "not_yet_valid"    // iat or nbf > now + skew
	ReasonWrongEmail      Reason = "wrong_email"      // email is not Chat's (or the add-on agent's)
	ReasonEmailUnverified Reason = "email_unverified" // email_verified is not JSON true
	ReasonKeysUnavailable Reason = "keys_unavailable" // no keys were ever loaded (or the wait was cancelled)
)

// Reasons lists every Reason, e.g. to pre-register metric labels.
func Reasons() []Reason {
	return []Reason{
		ReasonMalformed, ReasonBadAlgorithm, ReasonUnknownKey, ReasonBadSignature,
		ReasonWrongAudience, ReasonWrongIssuer, ReasonExpired, ReasonNotYetValid,
		ReasonWrongEmail, ReasonEmailUnverified, ReasonKeysUnavailable,
	}
}

// Error is the only error type Verify returns. Neither Reason nor Err ever
// contains the token or key material.
type Error struct {
	Reason Reason
	Err    error // optional detail written by this package; may be nil
}

func (e *Error) Error() string {
	if e.Err == nil {
		return "verify: " + string(e.Reason)
	}
	return "verify: " + string(e.Reason) + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// ReasonOf returns the Reason of err: "" for nil, the Reason of an *Error in
// its chain, and ReasonMalformed for any other error, so that a non-nil error
// always maps to a member of the closed set.
func ReasonOf(err error) Reason {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ReasonMalformed
}

// fail builds an *Error with a fixed detail message.
func fail(r Reason, detail string) *Error {
	if detail == "" {
		return &Error{Reason: r}
	}
	return &Error{Reason: r, Err: errors.New(detail)}
}
