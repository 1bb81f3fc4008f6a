package handlers

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

const unauthenticatedBody = `{"error":"unauthenticated"}`

// Every way a request can fail the token check gets the same fixed 401,
// never reaches the domain, and logs only the reason class.
func TestTokenProblemsAre401(t *testing.T) {
	h := newHarness(t)
	valid := h.urlToken(t)
	yes, no := true, false
	mint := func(spec fakeauth.TokenSpec) string {
		t.Helper()
		if spec.Audience == "" {
			spec.Audience = h.world.EndpointURL
		}
		if spec.Email == "" {
			spec.Email = fakeauth.ChatEmail
		}
		if spec.EmailVerified == nil {
			spec.EmailVerified = &yes
		}
		tok, err := h.fake.Mint(spec)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	project, err := h.fake.MintProjectToken(h.world.ProjectNumber)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, header, reason string
	}{
		{"no header", "", reasonNoBearer},
		{"basic scheme", "Basic b25ib2FyZDpzZWNyZXQ=", reasonNoBearer},
		{"bearer alone", "Bearer", reasonNoBearer},
		{"bearer and a space", "Bearer ", reasonNoBearer},
		{"two tokens", "Bearer " + valid + " " + valid, reasonNoBearer},
		{"token without scheme", valid, reasonNoBearer},
		{"garbage", "Bearer not-a-jwt", "malformed"},
		{"alg none", "Bearer " + algNone(t, valid), "bad_algorithm"},
		{"tampered payload", "Bearer " + tamper(t, valid), "bad_signature"},
		{"wrong audience", "Bearer " + mint(fakeauth.TokenSpec{Audience: "https://evil.example/"}), "wrong_audience"},
		{"wrong issuer", "Bearer " + mint(fakeauth.TokenSpec{Issuer: "https://evil.example"}), "wrong_issuer"},
		{"expired", "Bearer " + mint(fakeauth.TokenSpec{IssuedAt: time.Now().Add(-2 * time.Hour)}), "expired"},
		{"email unverified", "Bearer " + mint(fakeauth.TokenSpec{EmailVerified: &no}), "email_unverified"},
		{"someone else's email", "Bearer " + mint(fakeauth.TokenSpec{Email: "mallory@example.com"}), "wrong_email"},
		{"signed by another key", "Bearer " + mint(fakeauth.TokenSpec{Keys: fakeauth.ChatKeys, Kid: kidOf(t, valid)}), "bad_signature"},
		{"unknown key id", "Bearer " + mint(fakeauth.TokenSpec{Kid: "0123456789abcdef0123456789abcdef01234567"}), "unknown_key"},
		{"project-number token", "Bearer " + project, "unknown_key"}, // chat@system keys, not Google's
	}
	body := readFixture(t, "classic_invite_message")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(h.logs.String())
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			res := h.serve(req)
			if res.Code != http.StatusUnauthorized || res.Body.String() != unauthenticatedBody {
				t.Errorf("got %d %s, want 401 %s", res.Code, res.Body, unauthenticatedBody)
			}
			logged := h.logs.String()[before:]
			if !strings.Contains(logged, `"reason":"`+tc.reason+`"`) {
				t.Errorf("log: got %s, want reason %q", logged, tc.reason)
			}
		})
	}
	if got, _ := h.bot.calls(); len(got) != 0 {
		t.Errorf("the domain was called %d times for rejected requests", len(got))
	}
	logs := h.logs.String()
	for _, c := range cases {
		if tok := strings.TrimPrefix(c.header, "Bearer "); len(tok) > 20 && strings.Contains(logs, tok) {
			t.Errorf("a token of case %q reached the log", c.name)
		}
	}
}

// The check runs before anything reads the body.
func TestTokenCheckedBeforeBodyIsRead(t *testing.T) {
	h := newHarness(t)
	body := &countingBody{r: strings.NewReader(string(readFixture(t, "classic_invite_message")))}
	req := httptest.NewRequest(http.MethodPost, "/", body)
	req.Header.Set("Authorization", "Bearer not-a-jwt")
	if res := h.serve(req); res.Code != http.StatusUnauthorized {
		t.Fatalf("got %d, want 401", res.Code)
	}
	if body.reads != 0 {
		t.Errorf("body read %d times before the token was checked", body.reads)
	}
}

// The scheme is case-insensitive, and the verified claims reach the domain
// in the context: Addon tells which envelope to expect.
func TestVerifiedClaimsInContext(t *testing.T) {
	h := newHarness(t)
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(readFixture(t, "classic_quick_help"))))
	req.Header.Set("Authorization", "bEaReR "+h.urlToken(t))
	if res := h.serve(req); res.Code != http.StatusOK {
		t.Fatalf("classic: got %d %s, want 200", res.Code, res.Body)
	}
	if res := h.post(h.addonToken(t), readFixture(t, "addon_quick_help")); res.Code != http.StatusOK {
		t.Fatalf("add-on: got %d %s, want 200", res.Code, res.Body)
	}
	_, claims := h.bot.calls()
	if len(claims) != 2 {
		t.Fatalf("got %d calls, want 2", len(claims))
	}
	if claims[0].Email != fakeauth.ChatEmail || claims[0].Addon {
		t.Errorf("classic claims: got %+v, want Chat's, not add-on", claims[0])
	}
	if !claims[1].Addon {
		t.Errorf("add-on claims: got %+v, want Addon", claims[1])
	}
}

// algNone re-signs tok's payload with "alg":"none" and no signature.
func algNone(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	header := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	return header + "." + parts[1] + "."
}

// tamper changes the payload of tok (aud of another app) and keeps the
// signature.
func tamper(t *testing.T, tok string) string {
	t.Helper()
	parts := strings.Split(tok, ".")
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	claims["sub"] = "999999999999999999999"
	raw, _ = json.Marshal(claims)
	return parts[0] + "." + base64.RawURLEncoding.EncodeToString(raw) + "." + parts[2]
}

func kidOf(t *testing.T, tok string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[0])
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Kid string `json:"kid"`
	}
	if err := json.Unmarshal(raw, &h); err != nil || h.Kid == "" {
		t.Fatalf("no kid in header: %v", err)
	}
	return h.Kid
}

// An edge wired without a verifier refuses everything instead of letting
// requests through.
func TestNoVerifierFailsClosed(t *testing.T) {
	h := newHarness(t)
	h.e = New(Config{Bot: h.bot, Logger: h.log})
	res := h.post(h.urlToken(t), readFixture(t, "classic_quick_help"))
	if res.Code != http.StatusUnauthorized || res.Body.String() != unauthenticatedBody {
		t.Errorf("got %d %s, want 401 %s", res.Code, res.Body, unauthenticatedBody)
	}
	if got, _ := h.bot.calls(); len(got) != 0 {
		t.Errorf("the domain was called %d times", len(got))
	}
}
