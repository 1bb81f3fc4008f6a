package fakeauth

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/auth/credentials"
	"cloud.google.com/go/compute/metadata"
)

// useMetadata points Application Default Credentials at a's metadata
// server only: no key file, no gcloud file. Not for parallel tests.
func useMetadata(t *testing.T, a *Authority) {
	t.Setenv("GCE_METADATA_HOST", a.MetadataHost())
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	t.Setenv("HOME", t.TempDir())
}

func TestADCViaMetadata(t *testing.T) {
	a, _, _ := serve(t)
	useMetadata(t, a)
	ctx := context.Background()
	tests := []struct {
		name   string
		scopes []string
		want   []string
	}{
		{"requested scopes", chatScopes, chatScopes},
		{"no scopes: cloud-platform", nil, []string{cloudPlatformScope}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			creds, err := credentials.DetectDefault(&credentials.DetectOptions{Scopes: tt.scopes})
			if err != nil {
				t.Fatalf("DetectDefault: %v", err)
			}
			tok, err := creds.Token(ctx)
			if err != nil {
				t.Fatalf("Token: %v", err)
			}
			got, ok := a.Scopes(bearerRequest(tok.Value))
			if !ok || !slices.Equal(got, tt.want) {
				t.Errorf("Scopes = %v, %v; want %v, true", got, ok, tt.want)
			}
			if id, err := creds.ProjectID(ctx); err != nil || id != "onboard-fake" {
				t.Errorf("ProjectID = %q, %v; want onboard-fake", id, err)
			}
			if ud, err := creds.UniverseDomain(ctx); err != nil || ud != "googleapis.com" {
				t.Errorf("UniverseDomain = %q, %v; want googleapis.com", ud, err)
			}
		})
	}
}

func TestMetadataClient(t *testing.T) {
	a, _, _ := serve(t)
	useMetadata(t, a)
	ctx := context.Background()
	c := metadata.NewClient(nil)
	if !c.OnGCEWithContext(ctx) {
		t.Fatal("OnGCE = false with GCE_METADATA_HOST set")
	}
	tests := []struct {
		name string
		get  func() (string, error)
		want string
	}{
		{"email", func() (string, error) { return c.EmailWithContext(ctx, "default") }, a.ServiceAccountEmail()},
		{"scopes", func() (string, error) {
			s, err := c.ScopesWithContext(ctx, "default")
			return strings.Join(s, " "), err
		}, cloudPlatformScope},
		{"numeric project id", func() (string, error) { return c.NumericProjectIDWithContext(ctx) }, "1234567890"},
		{"project id", func() (string, error) { return c.ProjectIDWithContext(ctx) }, "onboard-fake"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.get()
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestMetadataHTTP(t *testing.T) {
	a, srv, _ := serve(t)
	base := srv.URL + metadataPrefix
	tests := []struct {
		name       string
		path       string
		noFlavor   bool
		wantStatus int
		wantBody   string // substring
	}{
		{"token needs Metadata-Flavor", "instance/service-accounts/default/token", true, http.StatusForbidden, ""},
		{"email needs Metadata-Flavor", "instance/service-accounts/default/email", true, http.StatusForbidden, ""},
		{"recursive service account", "instance/service-accounts/default/?recursive=true", false, http.StatusOK, `"aliases":["default"]`},
		{"account by email", "instance/service-accounts/" + a.ServiceAccountEmail() + "/email", false, http.StatusOK, a.ServiceAccountEmail()},
		{"unknown account", "instance/service-accounts/other@x.iam.gserviceaccount.com/token", false, http.StatusNotFound, ""},
		{"unknown path", "instance/nothing", false, http.StatusNotFound, ""},
		{"token", "instance/service-accounts/default/token?scopes=a,b", false, http.StatusOK, `"token_type":"Bearer"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, base+tt.path, nil)
			if !tt.noFlavor {
				req.Header.Set("Metadata-Flavor", "Google")
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus || !strings.Contains(string(body), tt.wantBody) {
				t.Errorf("got %d (body has %q: %v), want %d", resp.StatusCode, tt.wantBody,
					strings.Contains(string(body), tt.wantBody), tt.wantStatus)
			}
			if tt.wantStatus == http.StatusOK && resp.Header.Get("Metadata-Flavor") != "Google" {
				t.Errorf("response Metadata-Flavor = %q, want Google", resp.Header.Get("Metadata-Flavor"))
			}
			if tt.path == "instance/service-accounts/default/token?scopes=a,b" {
				var tok struct {
					AccessToken string `json:"access_token"`
					ExpiresIn   int    `json:"expires_in"`
				}
				json.Unmarshal(body, &tok)
				if got, ok := a.Scopes(bearerRequest(tok.AccessToken)); !ok || !slices.Equal(got, []string{"a", "b"}) || tok.ExpiresIn != 3600 {
					t.Errorf("Scopes = %v, %v, expires_in %d; want [a b], true, 3600", got, ok, tok.ExpiresIn)
				}
			}
		})
	}
}
