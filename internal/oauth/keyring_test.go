package oauth

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func newKey(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, 32)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

// A sealed token opens with the key that sealed it, also after a rotation
// (that key as TOKEN_ENCRYPTION_KEY_PREVIOUS); it names its key but never
// shows the token; and it opens only for what it was sealed for.
func TestKeyringRotation(t *testing.T) {
	oldKey, newKeyBytes := newKey(t), newKey(t)
	before, err := NewKeyring(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := before.Seal("1//refresh-token-secret", "users/111")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "refresh-token-secret") {
		t.Fatalf("sealed value shows the token: %s", sealed)
	}
	if id, ok := KeyIDOf(sealed); !ok || id != before.CurrentKeyID() {
		t.Errorf("sealed value names key %q, want %q", id, before.CurrentKeyID())
	}
	after, err := NewKeyring(newKeyBytes, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := after.Open(sealed, "users/111"); err != nil || got != "1//refresh-token-secret" {
		t.Errorf("open after rotation: %q, %v", got, err)
	}
	resealed, err := after.Seal("1//refresh-token-secret", "users/111")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := KeyIDOf(resealed); id != after.CurrentKeyID() || id == before.CurrentKeyID() {
		t.Errorf("a new seal uses key %q, want the current key %q", id, after.CurrentKeyID())
	}
	if _, err := after.Open(sealed, "users/222"); err == nil {
		t.Error("a token sealed for users/111 opened for users/222")
	}
	onlyNew, _ := NewKeyring(newKeyBytes)
	if _, err := onlyNew.Open(sealed, "users/111"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("open without the old key: %v, want ErrUnknownKey", err)
	}
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := after.Open(tampered, "users/111"); err == nil {
		t.Error("a tampered value opened")
	}
}

func TestParseKey(t *testing.T) {
	k := newKey(t)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawURLEncoding} {
		got, err := ParseKey(enc.EncodeToString(k))
		if err != nil || !bytes.Equal(got, k) {
			t.Errorf("ParseKey(%T form): %v", enc, err)
		}
	}
	for _, bad := range []string{"", "short", base64.StdEncoding.EncodeToString(k[:16]), "not base64 at all!"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		} else if bad != "" && strings.Contains(err.Error(), bad) {
			t.Errorf("the error repeats the value: %v", err)
		}
	}
}
