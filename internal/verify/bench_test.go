package verify

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"fmt"
	"testing"
)

// BenchmarkVerify is the steady state: cached keys, URL mode, a fresh
// token per request (RSA-2048 verification dominates) and one token sent
// again (remembered: no RSA). "RS256 check only" is the signature check
// alone on the same token, so the difference is what else this package
// does; "crypto/rsa only" is the standard library's check of a signature
// by a key of the same size, which rebuilds the key's modulus every call.
func BenchmarkVerify(b *testing.B) {
	e := newEnv(b)
	v := e.verifier(b, Config{})
	tok := must(b)(e.auth.MintURLToken(testAudience))
	if _, err := v.Verify(bg, tok); err != nil {
		b.Fatalf("Verify: %v", err)
	}
	b.Run("Verify, fresh tokens", func(b *testing.B) {
		// Each token verified for the first time, as when Chat mints one
		// per request: minted ahead (signing costs far more than
		// checking), and forgotten whenever the list starts over.
		toks := make([]string, 256)
		for i := range toks {
			spec := e.urlSpec()
			spec.Extra = map[string]any{"nonce": fmt.Sprint("fresh-", i)}
			toks[i] = e.mint(b, spec)
		}
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if i%len(toks) == 0 {
				v.seen = newSeenTokens(maxSeen)
			}
			if _, err := v.Verify(bg, toks[i%len(toks)]); err != nil {
				b.Fatalf("Verify: %v", err)
			}
			i++
		}
	})
	b.Run("Verify, reused token", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(bg, tok); err != nil {
				b.Fatalf("Verify: %v", err)
			}
		}
	})
	b.Run("RS256 check only", func(b *testing.B) {
		jwt, err := parseJWT(tok)
		if err != nil {
			b.Fatalf("parseJWT: %v", err)
		}
		keys, err := v.keys.keys(bg, jwt.header.Kid)
		if err != nil {
			b.Fatalf("key: %v", err)
		}
		b.ReportAllocs()
		for b.Loop() {
			digest := sha256.Sum256([]byte(jwt.signed))
			if !keys[0].verifyRS256(&digest, jwt.signature) {
				b.Fatal("verifyRS256 refused the token")
			}
		}
	})
	b.Run("crypto/rsa only, for comparison", func(b *testing.B) {
		f := newFixture(b)
		digest := sha256.Sum256([]byte("header.payload"))
		sig, err := rsa.SignPKCS1v15(nil, f.priv, crypto.SHA256, digest[:])
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if err := rsa.VerifyPKCS1v15(&f.priv.PublicKey, crypto.SHA256, digest[:], sig); err != nil {
				b.Fatalf("VerifyPKCS1v15: %v", err)
			}
		}
	})
}
