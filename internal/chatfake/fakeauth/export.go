package fakeauth

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"time"
)

// exportedKey is a Chat signing key written for another process: the demo's
// `onboard say` signs events with it while the demo serves the public half.
// It signs only for a local chatfake; it is never a real key.
type exportedKey struct {
	Kid           string `json:"kid"`
	PrivateKeyPEM string `json:"privateKeyPem"`
}

// ExportSigningKey returns the current Google-set signing key (the one
// URL-audience tokens use) as JSON, for WriteFile with mode 0600.
func (a *Authority) ExportSigningKey() ([]byte, error) {
	a.mu.Lock()
	k := a.sets[GoogleKeys].current()
	a.mu.Unlock()
	der, err := x509.MarshalPKCS8PrivateKey(k.priv)
	if err != nil {
		return nil, fmt.Errorf("fakeauth: export key: %w", err)
	}
	p := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	return json.Marshal(exportedKey{Kid: k.kid, PrivateKeyPEM: string(p)})
}

// MintURLTokenWithKey mints, with a key from ExportSigningKey, the token
// Chat sends in "HTTP endpoint URL" mode (as MintURLToken does).
func MintURLTokenWithKey(exported []byte, audience string, now time.Time) (string, error) {
	var k exportedKey
	if err := json.Unmarshal(exported, &k); err != nil {
		return "", fmt.Errorf("fakeauth: exported key: %w", err)
	}
	block, _ := pem.Decode([]byte(k.PrivateKeyPEM))
	if block == nil {
		return "", errors.New("fakeauth: exported key: no PEM block")
	}
	priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return "", fmt.Errorf("fakeauth: exported key: %w", err)
	}
	rsaKey, ok := priv.(*rsa.PrivateKey)
	if !ok {
		return "", errors.New("fakeauth: exported key: not an RSA key")
	}
	claims := map[string]any{
		"iss": googleIssuer, "aud": audience, "email": ChatEmail, "email_verified": true,
		"sub": chatSubject, "azp": chatSubject, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix(),
	}
	return signJWT(rsaKey, k.Kid, claims)
}
