package verify

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"errors"

	"filippo.io/bigmod"
)

// rsaKey is a published RSA key ready for RS256 checks: its modulus is put
// into the form modular arithmetic needs once, when the key set is read.
//
// Why not crypto/rsa.VerifyPKCS1v15 on every request: it rebuilds that
// form from the *rsa.PublicKey on every call (computing R² mod N, a third
// of a 2048-bit verification) and its API has no way to keep it. That was
// a tenth of Onboard's CPU per verified event. filippo.io/bigmod is the
// standard library's own constant-time modular arithmetic
// (crypto/internal/fips140/bigmod, which crypto/rsa runs on), published by
// the Go cryptography maintainer who wrote it; only the RFC 8017 padding
// check below is ours, and it is the encode-and-compare form the RFC
// recommends, so there is nothing to parse in what the exponentiation
// yields. FuzzRS256AgreesWithCryptoRSA holds it to crypto/rsa's answers.
type rsaKey struct {
	n    *bigmod.Modulus
	e    uint
	size int // the modulus's length in bytes, and every signature's
}

// newRSAKey prepares pub after checkRSA has accepted it.
func newRSAKey(pub *rsa.PublicKey) (*rsaKey, error) {
	if _, err := checkRSA(pub); err != nil {
		return nil, err
	}
	n, err := bigmod.NewModulus(pub.N.Bytes())
	if err != nil {
		return nil, errors.New("unsupported RSA key")
	}
	return &rsaKey{n: n, e: uint(pub.E), size: n.Size()}, nil
}

// sha256DigestInfo is the DER prefix of a SHA-256 DigestInfo (RFC 8017
// §9.2, note 1).
var sha256DigestInfo = []byte{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}

// verifyRS256 reports whether sig is k's RSASSA-PKCS1-v1_5 signature over
// digest, a SHA-256 hash (RFC 8017 §8.2.2): the signature is exactly the
// modulus's length and below it, and sig^e mod n is exactly
// 0x00 0x01 0xFF…0xFF 0x00 DigestInfo(SHA-256, digest). Everything here is
// public, so nothing needs constant time.
func (k *rsaKey) verifyRS256(digest *[sha256.Size]byte, sig []byte) bool {
	if len(sig) != k.size {
		return false
	}
	s, err := bigmod.NewNat().SetBytes(sig, k.n) // refuses s ≥ n
	if err != nil {
		return false
	}
	em := bigmod.NewNat().ExpShortVarTime(s, k.e, k.n).Bytes(k.n)
	tail := len(sha256DigestInfo) + sha256.Size
	pad := len(em) - tail - 1 // 0x00 0x01 and the 0xFF run, at least 8 of them
	if pad < 2+8 || em[0] != 0x00 || em[1] != 0x01 || em[pad] != 0x00 {
		return false
	}
	for _, b := range em[2:pad] {
		if b != 0xff {
			return false
		}
	}
	return bytes.Equal(em[pad+1:pad+1+len(sha256DigestInfo)], sha256DigestInfo) &&
		bytes.Equal(em[len(em)-sha256.Size:], digest[:])
}
