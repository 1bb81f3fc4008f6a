package verify

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
)

// maxTokenBytes bounds the compact JWT. Chat's tokens are about 1 KiB.
const maxTokenBytes = 8 << 10

// b64 is base64url without padding, rejecting non-canonical trailing bits so
// that one signature has exactly one encoding.
var b64 = base64.RawURLEncoding.Strict()

// jwtHeader is the part of the JOSE header we read.
type jwtHeader struct {
	Alg  string          `json:"alg"`
	Kid  string          `json:"kid"`
	Crit json.RawMessage `json:"crit"`
}

// jwtClaims is the part of the payload we read, decoded into a struct (not a
// map) to keep Verify's allocations low.
type jwtClaims struct {
	Issuer        string      `json:"iss"`
	Audience      string      `json:"aud"` // Chat sends a string; an array is malformed
	Email         string      `json:"email"`
	EmailVerified jsonTrue    `json:"email_verified"`
	Subject       string      `json:"sub"`
	Expiry        numericDate `json:"exp"`
	IssuedAt      numericDate `json:"iat"`
	NotBefore     numericDate `json:"nbf"`
}

// jsonTrue is true only for the JSON literal true; "true", 1 or null are false.
// It never fails to decode, so a wrong type reads as unverified, not malformed.
type jsonTrue bool

func (t *jsonTrue) UnmarshalJSON(b []byte) error {
	*t = jsonTrue(bytes.Equal(b, []byte("true")))
	return nil
}

// numericDate is a JWT NumericDate in whole seconds; set records presence.
type numericDate struct {
	sec int64
	set bool
}

// maxNumericDate keeps exp+skew arithmetic far from overflow (year ~36812).
const maxNumericDate = 1 << 40

func (d *numericDate) UnmarshalJSON(b []byte) error {
	// Digits only: no sign, fraction, exponent, string or null. Parsed by
	// hand because strconv and json.Unmarshal would allocate per claim.
	if len(b) == 0 || len(b) > 13 {
		return errNumericDate
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return errNumericDate
		}
		n = n*10 + int64(c-'0')
	}
	if n <= 0 || n > maxNumericDate {
		return errNumericDate
	}
	*d = numericDate{sec: n, set: true}
	return nil
}

var errNumericDate = errors.New("time claim is not a positive integer")

// compactJWT is a split, decoded token. signed is header.payload as sent.
type compactJWT struct {
	header    jwtHeader
	signed    string
	payload   []byte
	signature []byte
}

// parseJWT splits and decodes token and checks the header. It does not look
// at the claims: they are decoded only after the signature verifies.
func parseJWT(token string) (*compactJWT, error) {
	if token == "" {
		return nil, fail(ReasonMalformed, "empty token")
	}
	if len(token) > maxTokenBytes {
		return nil, fail(ReasonMalformed, "token too large")
	}
	h, rest, ok1 := strings.Cut(token, ".")
	p, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s, ".") || h == "" || p == "" {
		return nil, fail(ReasonMalformed, "not three dot-separated parts")
	}
	// One buffer for all three decoded parts.
	buf := make([]byte, b64.DecodedLen(len(h))+b64.DecodedLen(len(p))+b64.DecodedLen(len(s)))
	hb, err := decodeInto(buf, h)
	if err != nil {
		return nil, fail(ReasonMalformed, "header is not base64url")
	}
	t := &compactJWT{signed: token[:len(h)+1+len(p)]}
	if err := json.Unmarshal(hb, &t.header); err != nil {
		return nil, fail(ReasonMalformed, "header is not a JSON object")
	}
	// The algorithm is judged before the signature part, so that an
	// unsigned "alg":"none" token (empty third part) says bad_algorithm.
	if t.header.Alg != "RS256" {
		return nil, fail(ReasonBadAlgorithm, "alg is not RS256")
	}
	if t.header.Kid == "" {
		return nil, fail(ReasonMalformed, "kid missing")
	}
	if t.header.Crit != nil {
		return nil, fail(ReasonMalformed, "crit header not supported")
	}
	if t.payload, err = decodeInto(buf[len(hb):], p); err != nil {
		return nil, fail(ReasonMalformed, "payload is not base64url")
	}
	if t.signature, err = decodeInto(buf[len(hb)+len(t.payload):], s); err != nil || len(t.signature) == 0 {
		return nil, fail(ReasonMalformed, "signature is not base64url")
	}
	return t, nil
}

func decodeInto(dst []byte, src string) ([]byte, error) {
	n, err := b64.Decode(dst, []byte(src))
	return dst[:n], err
}

// decodeClaims decodes the (already authenticated) payload.
func decodeClaims(payload []byte) (jwtClaims, error) {
	var c jwtClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		return c, fail(ReasonMalformed, "claims are not a JSON object of the expected types")
	}
	return c, nil
}
