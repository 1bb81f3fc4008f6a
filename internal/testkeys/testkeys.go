// Package testkeys makes the credential files tests need: chatfake's
// service account key (optionally edited into a broken one), a key Google
// does not know, and a URL on which nothing listens. It is imported only by
// tests.
package testkeys

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// WriteKey writes fake's service account key with edit applied to its
// fields, and returns the path.
func WriteKey(t testing.TB, fake *chatfake.Server, edit func(map[string]any)) string {
	t.Helper()
	b, err := fake.ServiceAccountKey()
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(m)
	}
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	return WriteFile(t, b)
}

// WriteFile writes b to a key file (mode 0600) in a temporary directory.
func WriteFile(t testing.TB, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sa.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// OtherPrivateKey is a PEM key the fake does not know: a deleted key.
func OtherPrivateKey(t testing.TB) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// ClosedURL is an http URL on which nothing listens.
func ClosedURL(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}
