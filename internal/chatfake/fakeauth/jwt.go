package fakeauth

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// jwtHeader is the JOSE header of every token this package signs or reads.
type jwtHeader struct {
	Alg string `json:"alg"`
	Kid string `json:"kid,omitempty"`
	Typ string `json:"typ,omitempty"`
}

// signJWT encodes claims and signs them RS256 with priv, naming kid.
func signJWT(priv *rsa.PrivateKey, kid string, claims map[string]any) (string, error) {
	h, err := json.Marshal(jwtHeader{Alg: "RS256", Kid: kid, Typ: "JWT"})
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("fakeauth: encode claims: %w", err)
	}
	enc := base64.RawURLEncoding
	signed := enc.EncodeToString(h) + "." + enc.EncodeToString(c)
	sum := sha256.Sum256([]byte(signed))
	sig, err := rsa.SignPKCS1v15(rand.Reader, priv, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("fakeauth: sign: %w", err)
	}
	return signed + "." + enc.EncodeToString(sig), nil
}

// jwtClaims are the claims the token endpoint and Scopes read.
type jwtClaims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub"`
	Aud   string `json:"aud"`
	Scope string `json:"scope"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
	// TargetAudience asks for an ID token instead of an access token.
	TargetAudience string `json:"target_audience"`
}

var (
	errMalformed = errors.New("malformed JWT")
	errSignature = errors.New("invalid JWT signature")
)

// parseJWT splits token, looks up the verification key by the header's kid
// and checks the RS256 signature before decoding the claims. A token whose
// alg is not RS256 or whose kid is unknown fails with errSignature.
func parseJWT(token string, key func(kid string) *rsa.PublicKey) (jwtHeader, jwtClaims, error) {
	var h jwtHeader
	var c jwtClaims
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return h, c, errMalformed
	}
	enc := base64.RawURLEncoding
	hb, err := enc.DecodeString(parts[0])
	if err != nil || json.Unmarshal(hb, &h) != nil {
		return h, c, errMalformed
	}
	sig, err := enc.DecodeString(parts[2])
	if err != nil {
		return h, c, errMalformed
	}
	pub := key(h.Kid)
	if h.Alg != "RS256" || pub == nil {
		return h, c, errSignature
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], sig) != nil {
		return h, c, errSignature
	}
	cb, err := enc.DecodeString(parts[1])
	if err != nil || json.Unmarshal(cb, &c) != nil {
		return h, c, errMalformed
	}
	return h, c, nil
}
