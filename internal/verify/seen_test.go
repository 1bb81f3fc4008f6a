package verify

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestSeenTokenIsStillChecked: a token verified once is remembered, but
// its claims are checked every time — it expires as before — and no other
// string finds its entry: the same token with a spoiled signature, or
// with one byte changed, fails as it always did.
func TestSeenTokenIsStillChecked(t *testing.T) {
	e := newEnv(t)
	v := e.verifier(t, Config{})
	tok := e.mint(t, e.urlSpec())
	for range 2 {
		if _, err := v.Verify(bg, tok); err != nil {
			t.Fatalf("Verify: %v", err)
		}
	}
	if v.seen.size() != 1 {
		t.Fatalf("remembered %d tokens after verifying one twice, want 1", v.seen.size())
	}
	parts := strings.Split(tok, ".")
	spoiled := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	_, err := v.Verify(bg, spoiled)
	checkReason(t, err, ReasonBadSignature, spoiled)
	_, err = v.Verify(bg, tok+"A")
	if ReasonOf(err) == "" {
		t.Error("the token with a byte added verified")
	}

	e.clock.Advance(time.Hour + defaultSkew + time.Second)
	_, err = v.Verify(bg, tok)
	checkReason(t, err, ReasonExpired, tok)
}

// TestSeenTokensStayBounded: many distinct tokens never hold more than
// maxSeen entries; the expired go first.
func TestSeenTokensStayBounded(t *testing.T) {
	s := newSeenTokens(8)
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	for i := range 100 {
		var h [32]byte
		copy(h[:], fmt.Sprintf("token %03d", i))
		s.put(h, jwtClaims{Expiry: now.Add(time.Duration(i-50) * time.Minute).Unix()}, now, defaultSkew)
		if n := s.size(); n > 8 {
			t.Fatalf("after %d tokens: %d remembered, want at most 8", i+1, n)
		}
	}
	var last [32]byte
	copy(last[:], "token 099")
	if _, ok := s.get(last); !ok {
		t.Error("the token just remembered was forgotten")
	}
}
