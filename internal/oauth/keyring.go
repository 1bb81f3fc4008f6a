package oauth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Keyring seals secrets at rest (refresh tokens, and the PKCE verifier and
// completion URL of a pending sign-in) with AES-256-GCM from the standard
// library. Each ciphertext names the key that sealed it
// ("v1.<key id>.<base64url nonce+ciphertext>"), so that during a rotation
// TOKEN_ENCRYPTION_KEY_PREVIOUS still opens what the old key sealed while
// every new seal uses the current key. The key id is a hash prefix of the
// key, never the key.
type Keyring struct {
	current keyEntry
	older   []keyEntry
}

type keyEntry struct {
	id   string
	aead cipher.AEAD
}

const sealVersion = "v1"

// ErrUnknownKey means a ciphertext was sealed by a key this Keyring does
// not hold (rotated out, or another deployment's).
var ErrUnknownKey = errors.New("oauth: sealed with a key that is not configured")

// ParseKey decodes TOKEN_ENCRYPTION_KEY: 32 bytes, base64 (standard or
// URL alphabet, padded or not). The error never repeats the value.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != 32 {
				return nil, fmt.Errorf("the key is %d bytes; want 32 (e.g. openssl rand -base64 32)", len(b))
			}
			return b, nil
		}
	}
	return nil, errors.New("the key is not base64; want 32 random bytes, base64 (e.g. openssl rand -base64 32)")
}

// NewKeyring seals with current and opens with current or any of older.
func NewKeyring(current []byte, older ...[]byte) (*Keyring, error) {
	c, err := newEntry(current)
	if err != nil {
		return nil, err
	}
	k := &Keyring{current: c}
	for _, o := range older {
		e, err := newEntry(o)
		if err != nil {
			return nil, err
		}
		k.older = append(k.older, e)
	}
	return k, nil
}

func newEntry(key []byte) (keyEntry, error) {
	if len(key) != 32 {
		return keyEntry{}, fmt.Errorf("oauth: key is %d bytes, want 32 (AES-256)", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return keyEntry{}, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return keyEntry{}, err
	}
	sum := sha256.Sum256(append([]byte("onboard token key id\x00"), key...))
	return keyEntry{id: hex.EncodeToString(sum[:4]), aead: aead}, nil
}

// CurrentKeyID names the key new seals use.
func (k *Keyring) CurrentKeyID() string { return k.current.id }

// Seal encrypts plaintext under the current key. context binds the
// ciphertext to what it belongs to (e.g. the Chat user), so a sealed
// token copied onto another person's row does not open there.
func (k *Keyring) Seal(plaintext, context string) (string, error) {
	nonce := make([]byte, k.current.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	sealed := k.current.aead.Seal(nonce, nonce, []byte(plaintext), []byte(context))
	return sealVersion + "." + k.current.id + "." + base64.RawURLEncoding.EncodeToString(sealed), nil
}

// Open decrypts what Seal made with the same context.
func (k *Keyring) Open(sealed, context string) (string, error) {
	id, ok := KeyIDOf(sealed)
	if !ok {
		return "", errors.New("oauth: not a sealed value")
	}
	e, ok := k.entry(id)
	if !ok {
		return "", ErrUnknownKey
	}
	raw, err := base64.RawURLEncoding.DecodeString(sealed[len(sealVersion)+1+len(id)+1:])
	if err != nil || len(raw) < e.aead.NonceSize() {
		return "", errors.New("oauth: sealed value is damaged")
	}
	n := e.aead.NonceSize()
	plain, err := e.aead.Open(nil, raw[:n], raw[n:], []byte(context))
	if err != nil {
		return "", errors.New("oauth: sealed value does not open (damaged, or sealed for something else)")
	}
	return string(plain), nil
}

// KeyIDOf returns the key id a sealed value names.
func KeyIDOf(sealed string) (string, bool) {
	parts := strings.SplitN(sealed, ".", 3)
	if len(parts) != 3 || parts[0] != sealVersion || parts[1] == "" {
		return "", false
	}
	return parts[1], true
}

func (k *Keyring) entry(id string) (keyEntry, bool) {
	if id == k.current.id {
		return k.current, true
	}
	for _, e := range k.older {
		if e.id == id {
			return e, true
		}
	}
	return keyEntry{}, false
}
