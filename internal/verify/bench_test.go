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
// again (remembered: no RSA). The "rsa only" baseline is crypto/rsa alone
// on the same token, so the difference is what this package adds.
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
	b.Run("rsa only", func(b *testing.B) {
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
			if err := rsa.VerifyPKCS1v15(keys[0], crypto.SHA256, digest[:], jwt.signature); err != nil {
				b.Fatalf("VerifyPKCS1v15: %v", err)
			}
		}
	})
}
