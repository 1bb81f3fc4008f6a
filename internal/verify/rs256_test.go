package verify

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"math/big"
	"sync"
	"testing"
)

// The RS256 check is held to crypto/rsa's answers: the same key, the same
// signatures, valid and forged; any disagreement fails. Keys are generated
// at run time.

// rs256Fixture is one 2048-bit key, as crypto/rsa and as an rsaKey.
type rs256Fixture struct {
	priv *rsa.PrivateKey
	key  *rsaKey
}

var (
	fixtureOnce sync.Once
	fixture     rs256Fixture
	fixtureErr  error
)

func newFixture(tb testing.TB) rs256Fixture {
	tb.Helper()
	fixtureOnce.Do(func() {
		priv, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			fixtureErr = err
			return
		}
		key, err := newRSAKey(&priv.PublicKey)
		fixture, fixtureErr = rs256Fixture{priv: priv, key: key}, err
	})
	if fixtureErr != nil {
		tb.Fatal(fixtureErr)
	}
	return fixture
}

// encoded is the RFC 8017 encoding of msg's SHA-256 digest: what a valid
// signature decrypts to.
func (f rs256Fixture) encoded(msg []byte) []byte {
	digest := sha256.Sum256(msg)
	em := make([]byte, f.key.size)
	em[1] = 0x01
	pad := len(em) - len(sha256DigestInfo) - sha256.Size - 1
	for i := 2; i < pad; i++ {
		em[i] = 0xff
	}
	copy(em[pad+1:], sha256DigestInfo)
	copy(em[len(em)-sha256.Size:], digest[:])
	return em
}

// rawSign is the private-key operation on em with no padding of its own:
// a forger's signature over whatever encoding em holds. ok is false when
// em is not below the modulus (no signature decrypts to it).
func (f rs256Fixture) rawSign(em []byte) (sig []byte, ok bool) {
	m := new(big.Int).SetBytes(em)
	if m.Cmp(f.priv.N) >= 0 {
		return nil, false
	}
	return new(big.Int).Exp(m, f.priv.D, f.priv.N).FillBytes(make([]byte, f.key.size)), true
}

// agree checks that the rsaKey and crypto/rsa give the same answer for sig
// over msg, and returns it.
func (f rs256Fixture) agree(t *testing.T, msg, sig []byte) bool {
	t.Helper()
	digest := sha256.Sum256(msg)
	ours := f.key.verifyRS256(&digest, sig)
	theirs := rsa.VerifyPKCS1v15(&f.priv.PublicKey, crypto.SHA256, digest[:], sig) == nil
	if ours != theirs {
		t.Fatalf("signature %x over %q: verifyRS256 says %v, crypto/rsa says %v", sig, msg, ours, theirs)
	}
	return ours
}

func TestRS256AcceptsWhatCryptoRSASigns(t *testing.T) {
	f := newFixture(t)
	for _, msg := range []string{"", "header.payload", "a longer signed part of a token"} {
		digest := sha256.Sum256([]byte(msg))
		sig, err := rsa.SignPKCS1v15(nil, f.priv, crypto.SHA256, digest[:])
		if err != nil {
			t.Fatal(err)
		}
		if !f.agree(t, []byte(msg), sig) {
			t.Errorf("%q: a valid signature was refused", msg)
		}
		if raw, _ := f.rawSign(f.encoded([]byte(msg))); !f.agree(t, []byte(msg), raw) {
			t.Errorf("%q: the test's own encoding is not what crypto/rsa signs", msg)
		}
	}
}

// TestRS256RefusesEveryAlteredEncoding signs, with the private key,
// encodings that differ from the valid one in one byte — each position,
// three ways — and the classic forgeries' shapes; none may verify.
func TestRS256RefusesEveryAlteredEncoding(t *testing.T) {
	f := newFixture(t)
	msg := []byte("header.payload")
	valid := f.encoded(msg)
	for i := range valid {
		for _, alter := range []func(byte) byte{
			func(b byte) byte { return b ^ 0x01 }, func(byte) byte { return 0x00 }, func(byte) byte { return 0xff },
		} {
			em := append([]byte(nil), valid...)
			if em[i] = alter(em[i]); string(em) == string(valid) {
				continue
			}
			if sig, ok := f.rawSign(em); ok && f.agree(t, msg, sig) {
				t.Fatalf("an encoding altered at byte %d verified: %x", i, em)
			}
		}
	}
	tail := len(sha256DigestInfo) + sha256.Size
	for name, em := range map[string][]byte{
		// Bytes hidden after the digest, the padding shortened to make room.
		"garbage after the digest": append(append(valid[:2:2], valid[6:]...), 1, 2, 3, 4),
		// The DigestInfo of another hash with the same digest length.
		"SHA-512/256's DigestInfo": func() []byte {
			em := append([]byte(nil), valid...)
			em[len(em)-tail+14] = 0x06
			return em
		}(),
		// Block type 2 (encryption padding), not 1.
		"block type 2": func() []byte { em := append([]byte(nil), valid...); em[1] = 0x02; return em }(),
	} {
		if sig, ok := f.rawSign(em); ok && f.agree(t, msg, sig) {
			t.Errorf("%s: verified", name)
		}
	}
}

func TestRS256RefusesSignaturesOfTheWrongShape(t *testing.T) {
	f := newFixture(t)
	msg := []byte("header.payload")
	digest := sha256.Sum256(msg)
	sig, err := rsa.SignPKCS1v15(nil, f.priv, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	n := f.priv.N.FillBytes(make([]byte, f.key.size))
	for name, s := range map[string][]byte{
		"empty":                    nil,
		"one byte short":           sig[1:],
		"a zero byte in front":     append([]byte{0}, sig...),
		"the modulus itself":       n,
		"the modulus plus the sig": new(big.Int).Add(f.priv.N, new(big.Int).SetBytes(sig)).FillBytes(make([]byte, f.key.size+1)),
		"zero":                     make([]byte, f.key.size),
		"one":                      append(make([]byte, f.key.size-1), 1),
	} {
		if f.agree(t, msg, s) {
			t.Errorf("%s: verified", name)
		}
	}
}

// FuzzRS256AgreesWithCryptoRSA alters a valid encoding and its signature
// by the fuzzer's bytes (XORed in, cyclically) and requires the same answer
// as crypto/rsa: a forgery either accepts is caught by the other's no.
//
//	go test -run '^$' -fuzz '^FuzzRS256AgreesWithCryptoRSA$' -fuzztime 2000x ./internal/verify
func FuzzRS256AgreesWithCryptoRSA(f *testing.F) {
	f.Add([]byte("header.payload"), []byte{}, []byte{})
	f.Add([]byte("header.payload"), []byte{0, 0, 1}, []byte{})
	f.Add([]byte("x"), []byte{}, []byte{0x80})
	f.Add([]byte("x"), []byte{0, 0xff}, []byte{0, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, msg, emFlips, sigFlips []byte) {
		fx := newFixture(t)
		em := fx.encoded(msg)
		if len(emFlips) > 0 {
			for i := range em {
				em[i] ^= emFlips[i%len(emFlips)]
			}
		}
		sig, ok := fx.rawSign(em)
		if !ok {
			return
		}
		if len(sigFlips) > 0 {
			for i := range sig {
				sig[i] ^= sigFlips[i%len(sigFlips)]
			}
		}
		fx.agree(t, msg, sig)
	})
}
