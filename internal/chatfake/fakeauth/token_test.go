package fakeauth

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"cloud.google.com/go/auth/credentials"
	"golang.org/x/oauth2/google"
	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/option"
)

var chatScopes = []string{chat.ChatBotScope, chat.ChatAppMembershipsScope}

func writeKey(t *testing.T, a *Authority) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "key.json")
	if err := a.WriteServiceAccountKey(path); err != nil {
		t.Fatalf("WriteServiceAccountKey: %v", err)
	}
	return path
}

func TestServiceAccountKeyFile(t *testing.T) {
	a, srv, _ := serve(t)
	path := writeKey(t, a)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o600 {
		t.Errorf("mode = %v, want 0600", got)
	}
	b, _ := os.ReadFile(path)
	var f serviceAccountFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if f.Type != "service_account" || f.TokenURI != srv.URL+"/token" || f.UniverseDomain != "googleapis.com" ||
		f.ClientEmail != "onboard-app@onboard-fake.iam.gserviceaccount.com" || len(f.PrivateKeyID) != 40 ||
		!strings.HasPrefix(f.PrivateKey, "-----BEGIN PRIVATE KEY-----\n") {
		t.Errorf("key file = %+v (private key elided), not a service_account key pointing here", redact(f))
	}
}

func redact(f serviceAccountFile) serviceAccountFile { f.PrivateKey = "…"; return f }

// TestOfficialTokenFlow gets a token the way Google's Go libraries do from
// a key file, and checks the Chat API side sees exactly the scopes asked.
func TestOfficialTokenFlow(t *testing.T) {
	ctx := context.Background()
	a, _, _ := serve(t)
	path := writeKey(t, a)
	key, _ := os.ReadFile(path)
	tests := []struct {
		name  string
		token func(t *testing.T) (string, error)
	}{
		{"golang.org/x/oauth2/google", func(t *testing.T) (string, error) {
			//lint:ignore SA1019 the test drives the real clients' key-file paths, deprecated or not
			creds, err := google.CredentialsFromJSON(ctx, key, chatScopes...)
			if err != nil {
				return "", err
			}
			tok, err := creds.TokenSource.Token()
			if err != nil {
				return "", err
			}
			return tok.AccessToken, nil
		}},
		{"cloud.google.com/go/auth/credentials", func(t *testing.T) (string, error) {
			//lint:ignore SA1019 the test drives the real clients' key-file paths, deprecated or not
			creds, err := credentials.DetectDefault(&credentials.DetectOptions{Scopes: chatScopes, CredentialsFile: path})
			if err != nil {
				return "", err
			}
			tok, err := creds.Token(ctx)
			if err != nil {
				return "", err
			}
			return tok.Value, nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tok, err := tt.token(t)
			if err != nil {
				t.Fatalf("token: %v", err)
			}
			got, ok := a.Scopes(bearerRequest(tok))
			if !ok || !slices.Equal(got, chatScopes) {
				t.Errorf("Scopes = %v, %v; want %v, true", got, ok, chatScopes)
			}
		})
	}
}

// TestChatClientUsesTokenEndpoint shows what chat.NewService really sends
// with a key file: an opaque access token from token_uri, not a
// self-signed JWT.
func TestChatClientUsesTokenEndpoint(t *testing.T) {
	clock := &testClock{now: time.Now()}
	a, err := New(Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var bearers []string
	var scopes [][]string
	mux := http.NewServeMux()
	a.Register(mux)
	mux.HandleFunc("/v1/", func(w http.ResponseWriter, r *http.Request) {
		s, ok := a.Scopes(r)
		mu.Lock()
		bearers = append(bearers, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
		if ok {
			scopes = append(scopes, s)
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"name":"spaces/AAA"}`))
	})
	srv := newServer(t, mux)
	a.SetBaseURL(srv.URL)
	svc, err := chat.NewService(context.Background(),
		//lint:ignore SA1019 the test drives the real clients' key-file paths, deprecated or not
		option.WithCredentialsFile(writeKey(t, a)), option.WithEndpoint(srv.URL+"/"), option.WithScopes(chatScopes...))
	if err != nil {
		t.Fatalf("chat.NewService: %v", err)
	}
	if _, err := svc.Spaces.Get("spaces/AAA").Do(); err != nil {
		t.Fatalf("spaces.get: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(bearers) != 1 || strings.Count(bearers[0], ".") == 2 {
		t.Fatalf("bearers = %d, JWT-shaped = %v; want one opaque access token", len(bearers), len(bearers) == 1)
	}
	if len(scopes) != 1 || !slices.Equal(scopes[0], chatScopes) {
		t.Errorf("scopes = %v, want [%v]", scopes, chatScopes)
	}
}

// TestSelfSignedJWTBearer covers the form the Go libraries send with
// UseSelfSignedJWT: the JWT itself is the bearer.
func TestSelfSignedJWTBearer(t *testing.T) {
	a, _, _ := serve(t)
	creds, err := credentials.DetectDefault(&credentials.DetectOptions{
		//lint:ignore SA1019 the test drives the real clients' key-file paths, deprecated or not
		Scopes: chatScopes, CredentialsFile: writeKey(t, a), UseSelfSignedJWT: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := creds.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got, ok := a.Scopes(bearerRequest(tok.Value))
	if !ok || !slices.Equal(got, chatScopes) {
		t.Errorf("Scopes = %v, %v; want %v, true", got, ok, chatScopes)
	}
	c := claimsOf(t, tok.Value)
	forged, err := signJWT(otherKey(t), a.sa.kid, c)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := a.Scopes(bearerRequest(forged)); ok {
		t.Errorf("JWT signed by another key: Scopes = %v, true; want rejected", got)
	}
}

func TestTokenEndpointRejects(t *testing.T) {
	a, srv, _ := serve(t)
	now := time.Now()
	good := func() map[string]any {
		return map[string]any{
			"iss": a.ServiceAccountEmail(), "aud": srv.URL + "/token", "scope": strings.Join(chatScopes, " "),
			"iat": now.Add(-10 * time.Second).Unix(), "exp": now.Add(time.Hour - 10*time.Second).Unix(),
		}
	}
	tests := []struct {
		name      string
		edit      func(c map[string]any)
		otherKey  bool
		grantType string
		wantCode  string
	}{
		{name: "valid", edit: func(map[string]any) {}},
		{name: "signed by another key", edit: func(map[string]any) {}, otherKey: true, wantCode: "invalid_grant"},
		{name: "wrong aud", edit: func(c map[string]any) { c["aud"] = "https://oauth2.googleapis.com/token" }, wantCode: "invalid_grant"},
		{name: "expired", edit: func(c map[string]any) {
			c["iat"], c["exp"] = now.Add(-2*time.Hour).Unix(), now.Add(-time.Hour).Unix()
		}, wantCode: "invalid_grant"},
		{name: "longer than an hour", edit: func(c map[string]any) { c["exp"] = now.Add(2 * time.Hour).Unix() }, wantCode: "invalid_grant"},
		{name: "issued in the future", edit: func(c map[string]any) {
			c["iat"], c["exp"] = now.Add(time.Hour).Unix(), now.Add(90*time.Minute).Unix()
		}, wantCode: "invalid_grant"},
		{name: "another issuer", edit: func(c map[string]any) { c["iss"] = "evil@evil.iam.gserviceaccount.com" }, wantCode: "invalid_grant"},
		{name: "no scope", edit: func(c map[string]any) { delete(c, "scope") }, wantCode: "invalid_scope"},
		{name: "wrong grant type", edit: func(map[string]any) {}, grantType: "client_credentials", wantCode: "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.edit(c)
			key := a.sa.priv
			if tt.otherKey {
				key = otherKey(t)
			}
			assertion, err := signJWT(key, a.sa.kid, c)
			if err != nil {
				t.Fatal(err)
			}
			gt := tt.grantType
			if gt == "" {
				gt = jwtBearerGrant
			}
			resp, err := http.PostForm(srv.URL+"/token", url.Values{"grant_type": {gt}, "assertion": {assertion}})
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			json.NewDecoder(resp.Body).Decode(&body)
			if tt.wantCode == "" {
				if resp.StatusCode != 200 || body["token_type"] != "Bearer" || body["expires_in"] != 3600.0 {
					t.Errorf("status %d, body %v; want 200 with a Bearer token for 3600 s", resp.StatusCode, body["token_type"])
				}
				return
			}
			if resp.StatusCode != http.StatusBadRequest || body["error"] != tt.wantCode || body["error_description"] == "" {
				t.Errorf("got %d %v, want 400 %q with a description", resp.StatusCode, body["error"], tt.wantCode)
			}
		})
	}
}

func TestScopesRefuses(t *testing.T) {
	a, _, clock := serve(t)
	tok, err := a.issue(chatScopes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.Scopes(bearerRequest(tok)); !ok {
		t.Fatalf("fresh token refused")
	}
	tests := []struct {
		name    string
		header  string
		advance time.Duration
	}{
		{"no Authorization", "", 0},
		{"not Bearer", "Basic " + tok, 0},
		{"empty bearer", "Bearer ", 0},
		{"unknown bearer", "Bearer ya29.unknown", 0},
		{"malformed JWT", "Bearer a.b.c", 0},
		{"expired", "Bearer " + tok, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Advance(tt.advance)
			r := bearerRequest("")
			if tt.header != "" {
				r.Header.Set("Authorization", tt.header)
			}
			if got, ok := a.Scopes(r); ok {
				t.Errorf("Scopes = %v, true; want ok=false", got)
			}
		})
	}
}
