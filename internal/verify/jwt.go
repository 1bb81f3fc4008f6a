package verify

import (
	"bytes"
	"encoding/base64"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// The header and claims are decoded by encoding/json/v2's prototype (as
// handlers decode events): with about half encoding/json's allocations,
// and stricter — names match exactly and only once, strings must be valid
// UTF-8 — so a token encoding/json would read one way and Google's
// libraries another is malformed here. Chat's tokens are neither.

// maxTokenBytes bounds the compact JWT. Chat's tokens are about 1 KiB.
const maxTokenBytes = 8 << 10

// b64 is base64url without padding, rejecting non-canonical trailing bits so
// that one signature has exactly one encoding.
var b64 = base64.RawURLEncoding.Strict()

// jwtHeader is the part of the JOSE header we read.
type jwtHeader struct {
	Alg  string         `json:"alg"`
	Kid  string         `json:"kid"`
	Crit jsontext.Value `json:"crit"`
}

// jwtClaims is the part of the payload we read, decoded into a struct (not a
// map) to keep Verify's allocations low.
type jwtClaims struct {
	Issuer        string   `json:"iss"`
	Audience      string   `json:"aud"` // Chat sends a string; an array is malformed
	Email         string   `json:"email"`
	EmailVerified jsonTrue `json:"email_verified"`
	Subject       string   `json:"sub"`
	Expiry        int64    `json:"exp"` // NumericDate seconds; 0 = absent
	IssuedAt      int64    `json:"iat"` // plain int64, not a custom type:
	NotBefore     int64    `json:"nbf"` // fewer allocations; a fraction is malformed
}

// jsonTrue is true only for the JSON literal true; "true", 1 or null are false.
// It never fails to decode, so a wrong type reads as unverified, not malformed.
type jsonTrue bool

func (t *jsonTrue) UnmarshalJSON(b []byte) error {
	*t = jsonTrue(bytes.Equal(b, []byte("true")))
	return nil
}

// maxNumericDate keeps exp+skew arithmetic far from overflow (year ~36812).
const maxNumericDate = 1 << 40

// compactJWT is a split, decoded token. signed is header.payload as sent.
type compactJWT struct {
	header    jwtHeader
	signed    []byte
	payload   []byte
	signature []byte
}

// parseJWT splits and decodes token and checks the header. It does not look
// at the claims: they are decoded only after the signature verifies.
func parseJWT(token string) (compactJWT, error) {
	if token == "" {
		return compactJWT{}, fail(ReasonMalformed, "empty token")
	}
	if len(token) > maxTokenBytes {
		return compactJWT{}, fail(ReasonMalformed, "token too large")
	}
	h, rest, ok1 := strings.Cut(token, ".")
	p, s, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || strings.Contains(s, ".") || h == "" || p == "" {
		return compactJWT{}, fail(ReasonMalformed, "not three dot-separated parts")
	}
	// One buffer for the signed input (hashed as bytes) and the three
	// decoded parts.
	n := len(h) + 1 + len(p)
	buf := make([]byte, n+b64.DecodedLen(len(h))+b64.DecodedLen(len(p))+b64.DecodedLen(len(s)))
	t := compactJWT{signed: buf[:copy(buf, token[:n])]}
	buf = buf[n:]
	hb, err := decodeInto(buf, h)
	if err != nil {
		return compactJWT{}, fail(ReasonMalformed, "header is not base64url")
	}
	if err := json.Unmarshal(hb, &t.header); err != nil {
		return compactJWT{}, fail(ReasonMalformed, "header is not a JSON object")
	}
	// The algorithm is judged before the signature part, so that an
	// unsigned "alg":"none" token (empty third part) says bad_algorithm.
	if t.header.Alg != "RS256" {
		return compactJWT{}, fail(ReasonBadAlgorithm, "alg is not RS256")
	}
	if t.header.Kid == "" {
		return compactJWT{}, fail(ReasonMalformed, "kid missing")
	}
	if t.header.Crit != nil {
		return compactJWT{}, fail(ReasonMalformed, "crit header not supported")
	}
	if t.payload, err = decodeInto(buf[len(hb):], p); err != nil {
		return compactJWT{}, fail(ReasonMalformed, "payload is not base64url")
	}
	if t.signature, err = decodeInto(buf[len(hb)+len(t.payload):], s); err != nil || len(t.signature) == 0 {
		return compactJWT{}, fail(ReasonMalformed, "signature is not base64url")
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
	for _, sec := range [...]int64{c.Expiry, c.IssuedAt, c.NotBefore} {
		if sec < 0 || sec > maxNumericDate {
			return c, fail(ReasonMalformed, "time claim out of range")
		}
	}
	return c, nil
}
