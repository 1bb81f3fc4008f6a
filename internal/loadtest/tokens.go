package loadtest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// The two ways of signing the load. Chat signs every request; whether a
// server may profit from seeing the same token again (a verified-token
// cache) is what "reused" against "fresh" shows.
const (
	tokenReused = "reused" // one token for every request
	tokenFresh  = "fresh"  // a token of its own for every request
)

// tokens hands out the bearer token of request i; false when there is
// none left.
type tokens interface {
	token(i uint64) (string, bool)
}

type reusedToken string

func (t reusedToken) token(uint64) (string, bool) { return string(t), true }

type freshTokens []string

func (f freshTokens) token(i uint64) (string, bool) {
	if i >= uint64(len(f)) {
		return "", false
	}
	return f[i], true
}

// mintFresh signs tokens from…from+n-1 before the load starts: RSA-2048
// signing costs about a millisecond, far more than a server spends
// checking one, so minting during the run would measure the load
// generator. Each has exactly the claims of MintURLToken (what Chat sends
// in URL mode) plus an OpenID Connect nonce, which Google's ID tokens may
// carry and verifiers ignore; without it two tokens minted in the same
// second would be byte for byte the same; the nonce is the token's number.
func mintFresh(fake *chatfake.Server, audience string, from, n int) (freshTokens, error) {
	claims, err := urlTokenClaims(fake, audience)
	if err != nil {
		return nil, err
	}
	out := make(freshTokens, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, runtime.NumCPU())
	for w := range errs {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n && errs[w] == nil; i = int(next.Add(1) - 1) {
				extra := make(map[string]any, len(claims)+1)
				for k, v := range claims {
					extra[k] = v
				}
				extra["nonce"] = strconv.Itoa(from + i)
				out[i], errs[w] = fake.Mint(fakeauth.TokenSpec{Keys: fakeauth.GoogleKeys, Extra: extra})
			}
		})
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// urlTokenClaims are the claims of a token MintURLToken signs now.
func urlTokenClaims(fake *chatfake.Server, audience string) (map[string]any, error) {
	tok, err := fake.MintURLToken(audience)
	if err != nil {
		return nil, err
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return nil, errors.New("minted token is not a JWT")
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return nil, err
	}
	var claims map[string]any
	d := json.NewDecoder(bytes.NewReader(payload))
	d.UseNumber() // iat and exp stay the integers they were
	if err := d.Decode(&claims); err != nil {
		return nil, err
	}
	return claims, nil
}
