package verify

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// A key document that lists two keys under one kid must not let the order
// of the document decide: a token signed by either key verifies, and a
// token signed by neither does not. (Keeping only the last key let a
// publisher's duplicate — or a hostile document — lock out the real key.)
func TestDuplicateKidKeepsEveryKey(t *testing.T) {
	e := newEnv(t)
	good := must(t)(e.auth.MintURLToken(testAudience))
	kid := kidOf(t, good)
	real := fetchJWKs(t, e.srv.Client(), e.auth.GoogleJWKURL())
	decoy, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	decoyJWK := map[string]any{"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
		"n": base64.RawURLEncoding.EncodeToString(decoy.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(decoy.E)).Bytes())}
	for _, order := range []string{"decoy last", "decoy first"} {
		t.Run(order, func(t *testing.T) {
			keys := append([]any{}, real...)
			if order == "decoy last" {
				keys = append(keys, decoyJWK)
			} else {
				keys = append([]any{decoyJWK}, keys...)
			}
			doc, err := json.Marshal(map[string]any{"keys": keys})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write(doc)
			}))
			defer srv.Close()
			v := e.verifier(t, Config{GoogleCertsURL: srv.URL, HTTPClient: srv.Client()})
			if _, err := v.Verify(context.Background(), good); err != nil {
				t.Errorf("token signed by the real key of a duplicated kid: %v, want it verified", err)
			}
			spec := e.urlSpec()
			spec.Keys, spec.Kid = fakeauth.ChatKeys, kid // another key, the same kid
			forged := e.mint(t, spec)
			if _, err := v.Verify(context.Background(), forged); ReasonOf(err) != ReasonBadSignature {
				t.Errorf("token signed by neither key: %v, want %s", err, ReasonBadSignature)
			}
		})
	}
}

// fetchJWKs returns the "keys" array of the JWK set at u.
func fetchJWKs(t *testing.T, c *http.Client, u string) []any {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct{ Keys []any }
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Keys
}
