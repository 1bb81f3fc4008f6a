package verify

import (
	"context"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

const testClientID = "1234-web.apps.googleusercontent.com"

// A sign-in ID token is accepted only for our client, from Google, with a
// verified address and a subject; everything Chat's tokens are checked
// for (signature, times) holds too.
func TestSignInTokens(t *testing.T) {
	e := newEnv(t)
	v, err := NewSignIn(SignInConfig{ClientID: testClientID, CertsURL: e.auth.GoogleJWKURL(),
		HTTPClient: e.srv.Client(), Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	good := func() fakeauth.TokenSpec {
		return fakeauth.TokenSpec{Keys: fakeauth.GoogleKeys, Issuer: "https://accounts.google.com",
			Audience: testClientID, Email: "sam@example.com", EmailVerified: &yes,
			Extra: map[string]any{"sub": "111111111111111111111"}}
	}
	c, err := v.Verify(context.Background(), e.mint(t, good()))
	if err != nil {
		t.Fatalf("a good sign-in token: %v", err)
	}
	if c.Subject != "111111111111111111111" || c.Email != "sam@example.com" {
		t.Errorf("claims %+v, want sam's subject and address", c)
	}
	for name, tc := range map[string]struct {
		spoil func(*fakeauth.TokenSpec)
		want  Reason
	}{
		"another client":   {func(s *fakeauth.TokenSpec) { s.Audience = "other-client" }, ReasonWrongAudience},
		"chat's audience":  {func(s *fakeauth.TokenSpec) { s.Audience = testAudience }, ReasonWrongAudience},
		"not google":       {func(s *fakeauth.TokenSpec) { s.Issuer = "https://evil.example" }, ReasonWrongIssuer},
		"unverified email": {func(s *fakeauth.TokenSpec) { s.EmailVerified = &no }, ReasonEmailUnverified},
		"no email":         {func(s *fakeauth.TokenSpec) { s.Email = "" }, ReasonEmailUnverified},
		"no subject":       {func(s *fakeauth.TokenSpec) { s.Extra = nil }, ReasonMalformed},
		"expired":          {func(s *fakeauth.TokenSpec) { s.IssuedAt = e.clock.Now().Add(-3 * time.Hour) }, ReasonExpired},
		"other key":        {func(s *fakeauth.TokenSpec) { s.Keys = fakeauth.ChatKeys; s.Issuer = "https://accounts.google.com" }, ReasonUnknownKey},
	} {
		t.Run(name, func(t *testing.T) {
			s := good()
			tc.spoil(&s)
			if _, err := v.Verify(context.Background(), e.mint(t, s)); ReasonOf(err) != tc.want {
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
}
