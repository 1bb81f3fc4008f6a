package fakeauth

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"maps"
	"math/big"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// getKeys fetches a key document and returns the public keys by kid.
func getKeys(t *testing.T, srv *httptest.Server, url string, f keyFormat) (map[string]*rsa.PublicKey, *http.Response) {
	t.Helper()
	resp, err := srv.Client().Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, resp
	}
	keys := map[string]*rsa.PublicKey{}
	if f == formatX509 {
		var doc map[string]string
		if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
			t.Fatal(err)
		}
		for kid, p := range doc {
			block, _ := pem.Decode([]byte(p))
			if block == nil || block.Type != "CERTIFICATE" {
				t.Fatalf("kid %s: not a PEM certificate", kid)
			}
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				t.Fatalf("kid %s: %v", kid, err)
			}
			keys[kid] = cert.PublicKey.(*rsa.PublicKey)
		}
		return keys, resp
	}
	var doc struct{ Keys []jwk }
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for _, k := range doc.Keys {
		if k.Kty != "RSA" || k.Alg != "RS256" || k.Use != "sig" {
			t.Errorf("kid %s: kty/alg/use = %s/%s/%s, want RSA/RS256/sig", k.Kid, k.Kty, k.Alg, k.Use)
		}
		n, _ := base64.RawURLEncoding.DecodeString(k.N)
		e, _ := base64.RawURLEncoding.DecodeString(k.E)
		keys[k.Kid] = &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())}
	}
	return keys, resp
}

func TestKeyDocuments(t *testing.T) {
	a, srv, _ := serve(t)
	a.RotateKeys(GoogleKeys)
	a.RotateKeys(ChatKeys)
	tests := []struct {
		name      string
		x509, jwk string
		set       KeySet
	}{
		{"Google OAuth2", a.GoogleX509URL(), a.GoogleJWKURL(), GoogleKeys},
		{"chat@system", a.ChatX509URL(), a.ChatJWKURL(), ChatKeys},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fromX509, resp := getKeys(t, srv, tt.x509, formatX509)
			fromJWK, _ := getKeys(t, srv, tt.jwk, formatJWK)
			if len(fromX509) != 2 || len(fromJWK) != 2 {
				t.Fatalf("published %d x509 and %d JWK keys, want 2 and 2", len(fromX509), len(fromJWK))
			}
			for kid, pub := range fromX509 {
				if len(kid) != 40 || strings.Trim(kid, "0123456789abcdef") != "" {
					t.Errorf("kid %q is not 40 hex", kid)
				}
				if !pub.Equal(fromJWK[kid]) {
					t.Errorf("kid %s: x509 and JWK keys differ", kid)
				}
				if !pub.Equal(&a.publishedKeys(tt.set)[0].priv.PublicKey) && !pub.Equal(&a.publishedKeys(tt.set)[1].priv.PublicKey) {
					t.Errorf("kid %s: not a key of the set", kid)
				}
			}
			if got, want := resp.Header.Get("Cache-Control"), "public, max-age=20000, must-revalidate, no-transform"; got != want {
				t.Errorf("Cache-Control = %q, want %q", got, want)
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want JSON", ct)
			}
		})
	}
	a.SetCertsMaxAge(5 * time.Minute)
	if _, resp := getKeys(t, srv, a.GoogleJWKURL(), formatJWK); !strings.Contains(resp.Header.Get("Cache-Control"), "max-age=300,") {
		t.Errorf("after SetCertsMaxAge(5m): Cache-Control = %q", resp.Header.Get("Cache-Control"))
	}
}

// TestRotation: after a rotation both kids are published and tokens of
// both verify; the next rotation drops the oldest.
func TestRotation(t *testing.T) {
	a, srv, _ := serve(t)
	ctx := context.Background()
	for _, set := range []KeySet{GoogleKeys, ChatKeys} {
		mint := func() string {
			var tok string
			var err error
			if set == ChatKeys {
				tok, err = a.MintProjectToken("1234567890")
			} else {
				tok, err = a.MintURLToken(endpointURL)
			}
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		validate := func(tok string) error { // a fresh validator: no cached keys
			v := newValidators(t, a, srv)
			if set == ChatKeys {
				_, err := v.project.Validate(ctx, tok, "1234567890")
				return err
			}
			_, err := v.google.Validate(ctx, tok, endpointURL)
			return err
		}
		jwkURL := map[KeySet]string{GoogleKeys: a.GoogleJWKURL(), ChatKeys: a.ChatJWKURL()}[set]
		first := mint()
		a.RotateKeys(set)
		second := mint()
		if headerOf(t, first).Kid == headerOf(t, second).Kid {
			t.Fatalf("set %d: rotation kept the signer", set)
		}
		keys, _ := getKeys(t, srv, jwkURL, formatJWK)
		kids := slices.Sorted(maps.Keys(keys))
		want := slices.Sorted(slices.Values([]string{headerOf(t, first).Kid, headerOf(t, second).Kid}))
		if !slices.Equal(kids, want) {
			t.Errorf("set %d after one rotation: kids %v, want %v", set, kids, want)
		}
		for name, tok := range map[string]string{"old signer": first, "new signer": second} {
			if err := validate(tok); err != nil {
				t.Errorf("set %d, token of the %s: %v", set, name, err)
			}
		}
		a.RotateKeys(set)
		if keys, _ := getKeys(t, srv, jwkURL, formatJWK); len(keys) != 2 || keys[headerOf(t, first).Kid] != nil {
			t.Errorf("set %d after two rotations: %d keys, oldest still there: %v", set, len(keys), keys[headerOf(t, first).Kid] != nil)
		}
		if err := validate(first); err == nil {
			t.Errorf("set %d: token of a dropped key still validates", set)
		}
		if err := validate(second); err != nil {
			t.Errorf("set %d: token of the previous key: %v", set, err)
		}
	}
}

func TestKeyFetchesAndFailure(t *testing.T) {
	a, srv, _ := serve(t)
	paths := []string{googleJWKPath, googleX509Path, saX509Prefix + ChatEmail, saJWKPrefix + ChatEmail}
	for _, p := range paths {
		getKeys(t, srv, srv.URL+p, formatJWK)
	}
	a.SetKeysFailing(true)
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			if _, resp := getKeys(t, srv, srv.URL+p, formatJWK); resp.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("while failing: status %d, want 503", resp.StatusCode)
			}
			if got := a.KeyFetches(p); got != 2 {
				t.Errorf("KeyFetches = %d, want 2", got)
			}
		})
	}
	a.SetKeysFailing(false)
	if _, resp := getKeys(t, srv, a.GoogleJWKURL(), formatJWK); resp.StatusCode != http.StatusOK {
		t.Errorf("after SetKeysFailing(false): status %d, want 200", resp.StatusCode)
	}
	if _, resp := getKeys(t, srv, srv.URL+saJWKPrefix+"someone@example.com", formatJWK); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown account: status %d, want 404", resp.StatusCode)
	}
	if got := a.KeyFetches(googleJWKPath); got != 3 {
		t.Errorf("KeyFetches(%s) = %d, want 3", googleJWKPath, got)
	}
}
