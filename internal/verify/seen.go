package verify

import (
	"crypto/sha256"
	"sync"
	"time"
)

// maxSeen bounds the verified tokens remembered: about 200 bytes each.
// Chat sends a token per request and may reuse one for a while; a few
// hundred distinct live tokens is already a busy app.
const maxSeen = 1024

// seenTokens remembers the claims of tokens whose signature verified, by
// the SHA-256 of the whole token, until they expire: a token Chat sends
// again skips the RSA check, which is most of what verifying costs. Only
// the signature is remembered; the claims are checked again every time,
// so an expired token fails as before. A hash of the entire compact JWT
// means no other string finds an entry.
type seenTokens struct {
	mu      sync.Mutex
	claims  map[[sha256.Size]byte]jwtClaims
	maxSize int
}

func newSeenTokens(max int) *seenTokens {
	return &seenTokens{claims: make(map[[sha256.Size]byte]jwtClaims), maxSize: max}
}

// get returns the claims of a token seen before, by its hash.
func (s *seenTokens) get(h [sha256.Size]byte) (jwtClaims, bool) {
	s.mu.Lock()
	c, ok := s.claims[h]
	s.mu.Unlock()
	return c, ok
}

// put remembers a verified token's claims. When full it first forgets
// the tokens expired by now (plus skew), then, if still full, an
// arbitrary half: a forgotten token is only verified again.
func (s *seenTokens) put(h [sha256.Size]byte, c jwtClaims, now time.Time, skew time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.claims) >= s.maxSize {
		cutoff := now.Add(-skew).Unix()
		for k, v := range s.claims {
			if v.Expiry < cutoff {
				delete(s.claims, k)
			}
		}
		for k := range s.claims {
			if len(s.claims) < s.maxSize/2 {
				break
			}
			delete(s.claims, k)
		}
	}
	s.claims[h] = c
}

// size is how many tokens are remembered.
func (s *seenTokens) size() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.claims)
}
