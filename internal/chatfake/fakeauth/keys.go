package fakeauth

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"
)

// KeySet names one of the two published key sets.
type KeySet int

const (
	GoogleKeys KeySet = iota // Google's OAuth2 keys: URL-audience and add-on ID tokens
	ChatKeys                 // chat@system.gserviceaccount.com's keys: project-number tokens
)

func (s KeySet) valid() bool { return s == GoogleKeys || s == ChatKeys }

// certSubject is the common name of the set's self-signed certificates, as
// Google's own certificates name them.
func (s KeySet) certSubject() string {
	if s == ChatKeys {
		return ChatEmail
	}
	return "accounts.google.com"
}

// signingKey is one RSA key with its 40-hex key id and self-signed
// certificate (PEM), the two forms Google publishes.
type signingKey struct {
	kid     string
	priv    *rsa.PrivateKey
	certPEM string
}

func newSigningKey(now time.Time, subject string) (*signingKey, error) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("fakeauth: generate key: %w", err)
	}
	kid, err := randomHex(20)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		return nil, fmt.Errorf("fakeauth: serial: %w", err)
	}
	// Google's certificates are valid for about two weeks around issue time.
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: subject},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(14 * 24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return nil, fmt.Errorf("fakeauth: self-sign certificate: %w", err)
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	return &signingKey{kid: kid, priv: priv, certPEM: string(certPEM)}, nil
}

// jwk is one key of a JWK set, in the field order and form Google uses.
type jwk struct {
	Kty string `json:"kty"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	Kid string `json:"kid"`
	N   string `json:"n"`
	E   string `json:"e"`
}

func (k *signingKey) jwk() jwk {
	pub := k.priv.PublicKey
	return jwk{
		Kty: "RSA",
		Alg: "RS256",
		Use: "sig",
		Kid: k.kid,
		N:   base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		E:   base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}
}

// keyRing is one published set: the current signer and, after a rotation,
// the key it replaced (still published so in-flight tokens verify).
type keyRing struct {
	keys []*signingKey // oldest first; the last one signs; at most 2
}

func (r *keyRing) push(k *signingKey) {
	r.keys = append(r.keys, k)
	if len(r.keys) > 2 {
		r.keys = r.keys[len(r.keys)-2:]
	}
}

func (r *keyRing) current() *signingKey { return r.keys[len(r.keys)-1] }

func (r *keyRing) find(kid string) *signingKey {
	for _, k := range r.keys {
		if k.kid == kid {
			return k
		}
	}
	return nil
}

// RotateKeys makes a new key the signer of set; the previous key stays
// published until the next rotation. It panics on an unknown set or if the
// system cannot produce random numbers (a test fake has no better answer).
func (a *Authority) RotateKeys(set KeySet) {
	if !set.valid() {
		panic(fmt.Sprintf("fakeauth: RotateKeys: unknown key set %d", set))
	}
	k, err := newSigningKey(a.now(), set.certSubject())
	if err != nil {
		panic(err)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sets[set].push(k)
}

// publishedKeys returns a snapshot of the set's keys, oldest first.
func (a *Authority) publishedKeys(set KeySet) []*signingKey {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*signingKey(nil), a.sets[set].keys...)
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("fakeauth: random: %w", err)
	}
	return hex.EncodeToString(b), nil
}
