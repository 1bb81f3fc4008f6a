package verify

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestCacheTTL(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		want   time.Duration
	}{
		{"no header: floor", http.Header{}, 5 * time.Minute},
		{"Google's usual", http.Header{"Cache-Control": {"public, max-age=19930, must-revalidate, no-transform"}}, 19930 * time.Second},
		{"minus Age", http.Header{"Cache-Control": {"max-age=20000"}, "Age": {"1000"}}, 19000 * time.Second},
		{"Age past max-age: floor", http.Header{"Cache-Control": {"max-age=600"}, "Age": {"900"}}, 5 * time.Minute},
		{"below floor", http.Header{"Cache-Control": {"max-age=10"}}, 5 * time.Minute},
		{"above ceiling", http.Header{"Cache-Control": {"max-age=999999"}}, 24 * time.Hour},
		{"no-store only: floor", http.Header{"Cache-Control": {"no-store"}}, 5 * time.Minute},
		{"garbage max-age: floor", http.Header{"Cache-Control": {"max-age=soon"}}, 5 * time.Minute},
		{"upper case", http.Header{"Cache-Control": {"MAX-AGE=3600"}}, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cacheTTL(tt.header); got != tt.want {
				t.Errorf("cacheTTL(%v): got %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestParseKeyDocRejects(t *testing.T) {
	tests := []struct {
		name string
		doc  string
	}{
		{"not JSON", `<html>`},
		{"array", `[]`},
		{"empty object", `{}`},
		{"empty JWK set", `{"keys":[]}`},
		{"only an EC key", `{"keys":[{"kty":"EC","kid":"a","crv":"P-256","x":"AA","y":"AA"}]}`},
		{"RSA key for encryption", `{"keys":[{"kty":"RSA","kid":"a","use":"enc","n":"AQAB","e":"AQAB"}]}`},
		{"tiny RSA key", `{"keys":[{"kty":"RSA","kid":"a","n":"AQAB","e":"AQAB"}]}`},
		{"x509 map with a number", `{"a":1}`},
		{"x509 map with junk PEM", `{"a":"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if keys, err := parseKeyDoc([]byte(tt.doc)); err == nil {
				t.Errorf("parseKeyDoc(%s): got %d keys, want an error", tt.doc, len(keys))
			}
		})
	}
}

// FuzzParseJWT: any input is rejected or parsed, never a panic, and every
// rejection is an *Error.
func FuzzParseJWT(f *testing.F) {
	f.Add("")
	f.Add("a.b.c")
	f.Add("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJleHAiOjF9.c2ln")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Fuzz(func(t *testing.T, tok string) {
		jwt, err := parseJWT(tok)
		if err != nil {
			var verr *Error
			if !errors.As(err, &verr) {
				t.Fatalf("got %T, want *Error", err)
			}
			return
		}
		if jwt.header.Alg != "RS256" || jwt.header.Kid == "" || len(jwt.signature) == 0 {
			t.Fatalf("accepted header %+v with %d signature bytes", jwt.header, len(jwt.signature))
		}
		if _, err := decodeClaims(jwt.payload); err != nil && ReasonOf(err) != ReasonMalformed {
			t.Fatalf("decodeClaims: got reason %q, want malformed", ReasonOf(err))
		}
	})
}

// FuzzParseKeyDoc: a hostile key document never panics.
func FuzzParseKeyDoc(f *testing.F) {
	f.Add([]byte(`{"keys":[{"kty":"RSA","kid":"a","n":"AQAB","e":"AQAB"}]}`))
	f.Add([]byte(`{"a":"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		keys, err := parseKeyDoc(doc)
		if err == nil && len(keys) == 0 {
			t.Fatalf("no error and no keys")
		}
	})
}

// TestClaimsAreReadStrictly: a claim is read only under its own name, and
// a name given twice is malformed — encoding/json would read ISS as iss
// and keep the last of two.
func TestClaimsAreReadStrictly(t *testing.T) {
	if c, err := decodeClaims([]byte(`{"ISS":"https://accounts.google.com","Aud":"x"}`)); err != nil || c.Issuer != "" || c.Audience != "" {
		t.Errorf("claims named in other cases: %+v, %v; want none read", c, err)
	}
	if _, err := decodeClaims([]byte(`{"aud":"https://evil.example/","aud":"https://onboard.example.com/"}`)); ReasonOf(err) != ReasonMalformed {
		t.Errorf("aud twice: %v, want malformed", err)
	}
	if _, err := decodeClaims([]byte("{\"email\":\"chat@system.gserviceaccount.com\xff\"}")); ReasonOf(err) != ReasonMalformed {
		t.Errorf("invalid UTF-8: %v, want malformed", err)
	}
}
