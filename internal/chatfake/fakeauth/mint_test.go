package fakeauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	authidtoken "cloud.google.com/go/auth/credentials/idtoken"
	"google.golang.org/api/idtoken"
)

const endpointURL = "https://onboard.example.com/chat/events"

// validators are the two real verifiers an app can use: the api idtoken
// package (fixed Google cert URL, intercepted) and the auth one pointed at
// chat@system's JWK set.
type validators struct {
	google  *idtoken.Validator
	project *authidtoken.Validator
}

func newValidators(t *testing.T, a *Authority, srv *httptest.Server) validators {
	t.Helper()
	g, err := idtoken.NewValidator(context.Background(),
		idtoken.WithHTTPClient(&http.Client{Transport: googleAPIs{srv}}))
	if err != nil {
		t.Fatal(err)
	}
	p, err := authidtoken.NewValidator(&authidtoken.ValidatorOptions{Client: srv.Client(), RS256CertsURL: a.ChatJWKURL()})
	if err != nil {
		t.Fatal(err)
	}
	return validators{google: g, project: p}
}

func TestRealVerifiersAccept(t *testing.T) {
	a, srv, _ := serve(t)
	v := newValidators(t, a, srv)
	ctx := context.Background()
	mint := func(f func(string) (string, error), aud string) string {
		tok, err := f(aud)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	tests := []struct {
		name      string
		token     string
		audience  string
		project   bool
		wantIss   string
		wantEmail any // nil: absent
	}{
		{"URL audience", mint(a.MintURLToken, endpointURL), endpointURL, false, "https://accounts.google.com", ChatEmail},
		{"add-on", mint(a.MintAddonToken, endpointURL), endpointURL, false, "https://accounts.google.com",
			"service-1234567890@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"},
		{"project number", mint(a.MintProjectToken, "1234567890"), "1234567890", true, ChatEmail, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var iss string
			var claims map[string]any
			if tt.project {
				p, err := v.project.Validate(ctx, tt.token, tt.audience)
				if err != nil {
					t.Fatalf("auth idtoken Validate: %v", err)
				}
				iss, claims = p.Issuer, p.Claims
			} else {
				p, err := v.google.Validate(ctx, tt.token, tt.audience)
				if err != nil {
					t.Fatalf("api idtoken Validate: %v", err)
				}
				iss, claims = p.Issuer, p.Claims
			}
			if iss != tt.wantIss || claims["email"] != tt.wantEmail {
				t.Errorf("iss, email = %q, %v; want %q, %v", iss, claims["email"], tt.wantIss, tt.wantEmail)
			}
			if tt.wantEmail != nil && claims["email_verified"] != true {
				t.Errorf("email_verified = %v, want true", claims["email_verified"])
			}
			if exp, iat := claims["exp"].(float64), claims["iat"].(float64); exp-iat != 3600 {
				t.Errorf("exp-iat = %v, want 3600", exp-iat)
			}
			if h := headerOf(t, tt.token); h.Alg != "RS256" || h.Typ != "JWT" || len(h.Kid) != 40 {
				t.Errorf("header = %+v, want RS256, JWT, 40-hex kid", h)
			}
		})
	}
}

// TestRealVerifiersReject: the verifiers must refuse what Chat did not
// sign, whatever the claims say.
func TestRealVerifiersReject(t *testing.T) {
	a, srv, clock := serve(t)
	v := newValidators(t, a, srv)
	ctx := context.Background()
	forge := func(set KeySet, aud string, sameKid bool) string {
		real, err := a.Mint(TokenSpec{Keys: set, Audience: aud, Email: ChatEmail})
		if err != nil {
			t.Fatal(err)
		}
		kid := headerOf(t, real).Kid
		if !sameKid {
			kid = "0123456789abcdef0123456789abcdef01234567"
		}
		tok, err := signJWT(otherKey(t), kid, claimsOf(t, real))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	mint := func(spec TokenSpec) string {
		tok, err := a.Mint(spec)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	tests := []struct {
		name     string
		token    string
		audience string
		project  bool
	}{
		{"URL: other key, same kid", forge(GoogleKeys, endpointURL, true), endpointURL, false},
		{"URL: other key, unknown kid", forge(GoogleKeys, endpointURL, false), endpointURL, false},
		{"project: other key, same kid", forge(ChatKeys, "1234567890", true), "1234567890", true},
		{"project: other key, unknown kid", forge(ChatKeys, "1234567890", false), "1234567890", true},
		{"URL: wrong audience", mint(TokenSpec{Audience: endpointURL + "/"}), endpointURL, false},
		{"project: wrong audience", mint(TokenSpec{Keys: ChatKeys, Audience: "999"}), "1234567890", true},
		{"URL: expired", mint(TokenSpec{Audience: endpointURL, IssuedAt: clock.Now().Add(-2 * time.Hour)}), endpointURL, false},
		{"project: expired", mint(TokenSpec{Keys: ChatKeys, Lifetime: -time.Minute}), "1234567890", true},
		{"URL: unknown kid, signed by the real key", mint(TokenSpec{Audience: endpointURL, Kid: "unknown"}), endpointURL, false},
		{"project token against Google's keys", mint(TokenSpec{Keys: ChatKeys, Audience: endpointURL}), endpointURL, false},
		{"URL token against chat@system's keys", mint(TokenSpec{Audience: "1234567890"}), "1234567890", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.project {
				_, err = v.project.Validate(ctx, tt.token, tt.audience)
			} else {
				_, err = v.google.Validate(ctx, tt.token, tt.audience)
			}
			if err == nil {
				t.Errorf("Validate accepted it, want an error")
			}
		})
	}
}

func TestMintSpec(t *testing.T) {
	a, _, clock := serve(t)
	no := false
	iat := clock.Now().Add(-time.Minute)
	tok, err := a.Mint(TokenSpec{
		Keys: ChatKeys, Issuer: "https://evil.example", Email: "x@example.com", EmailVerified: &no,
		IssuedAt: iat, Lifetime: 10 * time.Minute, Extra: map[string]any{"aud": []string{"a", "b"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	c := claimsOf(t, tok)
	if c["iss"] != "https://evil.example" || c["email"] != "x@example.com" || c["email_verified"] != false ||
		c["iat"] != float64(iat.Unix()) || c["exp"] != float64(iat.Add(10*time.Minute).Unix()) || len(c["aud"].([]any)) != 2 {
		t.Errorf("claims = %v, not as specified", c)
	}
	def, err := a.Mint(TokenSpec{Keys: ChatKeys})
	if err != nil {
		t.Fatal(err)
	}
	if c := claimsOf(t, def); c["iss"] != ChatEmail || c["aud"] != "1234567890" || c["email"] != nil {
		t.Errorf("ChatKeys defaults = %v, want iss chat@system, aud the project number, no email", c)
	}
	if _, err := a.Mint(TokenSpec{Keys: KeySet(7)}); err == nil {
		t.Error("Mint with an unknown key set: no error")
	}
}
