package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// Every way to get past the token check with something that is not Chat's
// token for this app — each carrying a real /invite from a manager, so a
// check that let it through would add Alice, Bob and Carol — is a fixed
// 401 that changes nothing and writes no audit entry.
func TestAttackTokens(t *testing.T) {
	h := newHarness(t)
	valid := h.urlToken(t)
	yes, no := true, false
	mint := func(spec fakeauth.TokenSpec) string {
		t.Helper()
		if spec.Audience == "" && spec.Keys == fakeauth.GoogleKeys {
			spec.Audience = h.world.EndpointURL
		}
		if spec.Email == "" && spec.Keys == fakeauth.GoogleKeys {
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
	googleKid := kidOf(t, valid)
	now := time.Now()
	cases := []struct {
		name, header, reason string
	}{
		{"no header", "", reasonNoBearer},
		{"garbled header", "Bearer \x00\x01%%%.@@@.!!!", "malformed"},
		{"Bearer alone", "Bearer", reasonNoBearer},
		{"two tokens in one header", "Bearer " + valid + " " + valid, reasonNoBearer},
		{"token only, no scheme", valid, reasonNoBearer},
		{"two spaces after Bearer", "Bearer  " + valid, reasonNoBearer},
		{"a tab after Bearer", "Bearer\t" + valid, reasonNoBearer},
		{"a newline inside the token", "Bearer " + valid[:20] + "\n" + valid[20:], reasonNoBearer},
		{"alg none", "Bearer " + algNone(t, valid), "bad_algorithm"},
		{"HS256 keyed with the published modulus", "Bearer " + hs256(t, googleKid, h.googleModulus(t, googleKid), h.goodClaims()), "bad_algorithm"},
		{"HS256 keyed with the published PEM", "Bearer " + hs256(t, googleKid, h.googlePEM(t, googleKid), h.goodClaims()), "bad_algorithm"},
		{"RS256 by another key under a known kid", "Bearer " + mint(fakeauth.TokenSpec{Keys: fakeauth.ChatKeys, Kid: googleKid, Audience: h.world.EndpointURL, Email: fakeauth.ChatEmail}), "bad_signature"},
		{"unknown kid", "Bearer " + mint(fakeauth.TokenSpec{Kid: "0123456789abcdef0123456789abcdef01234567"}), "unknown_key"},
		{"wrong aud", "Bearer " + mint(fakeauth.TokenSpec{Audience: "https://evil.example/"}), "wrong_audience"},
		{"aud without the trailing slash", "Bearer " + mint(fakeauth.TokenSpec{Audience: strings.TrimSuffix(h.world.EndpointURL, "/")}), "wrong_audience"},
		{"empty aud", "Bearer " + mint(fakeauth.TokenSpec{Extra: map[string]any{"aud": ""}}), "wrong_audience"},
		{"aud a list", "Bearer " + mint(fakeauth.TokenSpec{Extra: map[string]any{"aud": []string{h.world.EndpointURL}}}), "malformed"},
		{"project-number aud in URL mode", "Bearer " + mint(fakeauth.TokenSpec{Audience: h.world.ProjectNumber}), "wrong_audience"},
		{"wrong iss", "Bearer " + mint(fakeauth.TokenSpec{Issuer: "https://evil.example"}), "wrong_issuer"},
		{"chat@system as iss on a Google-signed token", "Bearer " + mint(fakeauth.TokenSpec{Issuer: fakeauth.ChatEmail}), "wrong_issuer"},
		{"expired", "Bearer " + mint(fakeauth.TokenSpec{IssuedAt: now.Add(-2 * time.Hour)}), "expired"},
		{"iat in the future", "Bearer " + mint(fakeauth.TokenSpec{IssuedAt: now.Add(time.Hour)}), "not_yet_valid"},
		{"nbf in the future", "Bearer " + mint(fakeauth.TokenSpec{Extra: map[string]any{"nbf": now.Add(time.Hour).Unix()}}), "not_yet_valid"},
		{"URL mode, another email", "Bearer " + mint(fakeauth.TokenSpec{Email: "mallory@evil.example"}), "wrong_email"},
		{"URL mode, no email", "Bearer " + mint(fakeauth.TokenSpec{Extra: map[string]any{"email": nil}}), "wrong_email"},
		{"email_verified false", "Bearer " + mint(fakeauth.TokenSpec{EmailVerified: &no}), "email_unverified"},
		{`email_verified "true" as a string`, "Bearer " + mint(fakeauth.TokenSpec{Extra: map[string]any{"email_verified": "true"}}), "email_unverified"},
		{"add-on agent of another project", "Bearer " + mint(fakeauth.TokenSpec{Email: "service-999999999999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"}), "wrong_email"},
		{"project-number token for another project", "Bearer " + mint(fakeauth.TokenSpec{Keys: fakeauth.ChatKeys, Audience: "999999999999"}), "unknown_key"},
		{"project-number token for this project (URL mode)", "Bearer " + mint(fakeauth.TokenSpec{Keys: fakeauth.ChatKeys}), "unknown_key"},
		{"oversized token, validly signed", "Bearer " + mint(fakeauth.TokenSpec{Extra: map[string]any{"pad": strings.Repeat("x", 16<<10)}}), "malformed"},
		{"oversized garbage", "Bearer " + strings.Repeat("A", 20<<10), "malformed"},
	}
	body := readFixture(t, "classic_invite_message")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := h.effects(t)
			logged := len(h.logs.String())
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			if tc.header != "" {
				req.Header["Authorization"] = []string{tc.header} // as sent, not canonicalised
			}
			res := h.serve(req)
			// 431 would be as good for an oversized header; e.ServeHTTP
			// has no header limit, so the verifier's bound answers.
			if res.Code != http.StatusUnauthorized || res.Body.String() != unauthenticatedBody {
				t.Errorf("got %d %s, want 401 %s", res.Code, res.Body, unauthenticatedBody)
			}
			if got := h.logs.String()[logged:]; !strings.Contains(got, `"reason":"`+tc.reason+`"`) {
				t.Errorf("log: got %s, want reason %q", got, tc.reason)
			}
			h.assertNoEffect(t, before, auditNone, sam)
		})
	}
	if got, _ := h.bot.calls(); len(got) != 0 {
		t.Errorf("the domain was called %d times, want never", len(got))
	}
	// The control: with Chat's own token the same body adds people, so
	// the checks above could have seen it.
	before := h.effects(t)
	if res := h.post(valid, body); res.Code != http.StatusOK {
		t.Fatalf("control: got %d %s, want 200", res.Code, res.Body)
	}
	if after := h.effects(t); len(after.writes) == len(before.writes) || len(after.members) == len(before.members) {
		t.Errorf("control: the invite changed nothing (%d writes, %d members)", len(after.writes), len(after.members))
	}
}

// A valid token does not open anything but POST /, a token in the query
// string is not a token, and two Authorization headers are refused even
// when both are valid.
func TestAttackTokenElsewhere(t *testing.T) {
	h := newHarness(t)
	valid := h.urlToken(t)
	body := string(readFixture(t, "classic_invite_message"))
	cases := []struct {
		name, method, target string
		headers              []string // Authorization values
		status               int
	}{
		{"POST /events", http.MethodPost, "/events", []string{"Bearer " + valid}, http.StatusNotFound},
		{"POST /x", http.MethodPost, "/x", []string{"Bearer " + valid}, http.StatusNotFound},
		{"POST /health", http.MethodPost, "/health", []string{"Bearer " + valid}, http.StatusMethodNotAllowed},
		{"GET /", http.MethodGet, "/", []string{"Bearer " + valid}, http.StatusMethodNotAllowed},
		{"PUT /", http.MethodPut, "/", []string{"Bearer " + valid}, http.StatusMethodNotAllowed},
		{"token in the query", http.MethodPost, "/?access_token=" + url.QueryEscape(valid), nil, http.StatusUnauthorized},
		{"token in the query as token", http.MethodPost, "/?token=" + url.QueryEscape(valid), nil, http.StatusUnauthorized},
		{"two valid Authorization headers", http.MethodPost, "/", []string{"Bearer " + valid, "Bearer " + valid}, http.StatusUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := h.effects(t)
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(body))
			req.Header["Authorization"] = tc.headers
			if res := h.serve(req); res.Code != tc.status {
				t.Errorf("got %d %s, want %d", res.Code, res.Body, tc.status)
			}
			h.assertNoEffect(t, before, auditNone, sam)
		})
	}
	if got, _ := h.bot.calls(); len(got) != 0 {
		t.Errorf("the domain was called %d times, want never", len(got))
	}
}

// The scheme's case does not matter (RFC 9110), and a query string beside a
// good header is ignored: these reach the domain.
func TestTokenSchemeAnyCase(t *testing.T) {
	h := newHarness(t)
	valid := h.urlToken(t)
	for _, header := range []string{"bearer " + valid, "BEARER " + valid} {
		req := httptest.NewRequest(http.MethodPost, "/?token=x", strings.NewReader(string(readFixture(t, "classic_quick_help"))))
		req.Header.Set("Authorization", header)
		if res := h.serve(req); res.Code != http.StatusOK || res.Body.String() == "{}" {
			t.Errorf("%.6s…: got %d %s, want 200 and the help card", header, res.Code, res.Body)
		}
	}
}

// goodClaims are the claims of a URL-mode token Chat would send now.
func (h *harness) goodClaims() map[string]any {
	now := time.Now()
	return map[string]any{"iss": "https://accounts.google.com", "aud": h.world.EndpointURL,
		"email": fakeauth.ChatEmail, "email_verified": true, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()}
}

// googleModulus is the RSA modulus of Google's published key kid, as the
// JWKS carries it: the "public secret" of an HS256 key-confusion attack.
func (h *harness) googleModulus(t *testing.T, kid string) []byte {
	t.Helper()
	var set struct {
		Keys []struct{ Kid, N string }
	}
	getJSON(t, h.fake.GoogleJWKURL(), &set)
	for _, k := range set.Keys {
		if k.Kid == kid {
			n, err := base64.RawURLEncoding.DecodeString(k.N)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("kid %s not published", kid)
	return nil
}

// googlePEM is the certificate PEM Google publishes for kid.
func (h *harness) googlePEM(t *testing.T, kid string) []byte {
	t.Helper()
	var certs map[string]string
	getJSON(t, h.fake.GoogleX509URL(), &certs)
	if certs[kid] == "" {
		t.Fatalf("kid %s not published", kid)
	}
	return []byte(certs[kid])
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}

// hs256 signs claims with HMAC-SHA256 under key, naming kid.
func hs256(t *testing.T, kid string, key []byte, claims map[string]any) string {
	t.Helper()
	enc := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(b)
	}
	signed := enc(map[string]string{"alg": "HS256", "typ": "JWT", "kid": kid}) + "." + enc(claims)
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(signed))
	return signed + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
