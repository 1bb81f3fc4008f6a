package chatapi

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/testkeys"
)

// The key-file helpers live in internal/testkeys, shared with the other
// packages whose tests need broken credentials.
var (
	writeKey        = testkeys.WriteKey
	writeFile       = testkeys.WriteFile
	otherPrivateKey = testkeys.OtherPrivateKey
	closedURL       = testkeys.ClosedURL
)

func TestFindCredentialsKeyFile(t *testing.T) {
	fake := newFake(t)
	key := writeKey(t, fake, nil)
	got, err := FindCredentials(t.Context(), Options{CredentialsFile: key})
	if err != nil {
		t.Fatalf("FindCredentials: %v", err)
	}
	want := Identity{Source: SourceKeyFile, Path: key, Type: "service_account",
		Email: fake.ServiceAccountEmail(), TokenURI: fake.URL + "/token"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Identity (-want +got):\n%s", diff)
	}
}

func TestFindCredentialsRefusesBadFiles(t *testing.T) {
	fake := newFake(t)
	tests := []struct {
		name     string
		path     string
		wantType string
	}{
		{"missing", filepath.Join(t.TempDir(), "nope.json"), ""},
		{"garbled", writeFile(t, []byte("{\"type\": \"service_acc")), ""},
		{"not JSON at all", writeFile(t, []byte("-----BEGIN PRIVATE KEY-----\nMIIE\n")), ""},
		{"a gcloud user login", writeFile(t, []byte(`{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}`)), "authorized_user"},
		{"no private key", writeKey(t, fake, func(m map[string]any) { delete(m, "private_key") }), "service_account"},
		{"private key mangled", writeKey(t, fake, func(m map[string]any) {
			m["private_key"] = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
		}), "service_account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := FindCredentials(t.Context(), Options{CredentialsFile: tt.path})
			wantKind(t, err, bot.KindInvalid, "")
			if id.Source != SourceKeyFile || id.Path != tt.path || id.Type != tt.wantType {
				t.Errorf("Identity: got %+v, want source %q path %q type %q", id, SourceKeyFile, tt.path, tt.wantType)
			}
			if strings.Contains(err.Error(), "refresh_token") || strings.Contains(err.Error(), "MIIE") {
				t.Errorf("error %q quotes the file", err)
			}
		})
	}
}

func TestCheckToken(t *testing.T) {
	fake := newFake(t)
	tests := []struct {
		name  string
		key   string
		fault func()
		want  bot.Kind // KindInternal: no error
	}{
		{"granted", writeKey(t, fake, nil), nil, bot.KindInternal},
		{"key deleted at Google", writeKey(t, fake, func(m map[string]any) { m["private_key"] = otherPrivateKey(t) }), nil, bot.KindDenied},
		{"token endpoint refuses", writeKey(t, fake, nil), func() { fake.FailNext("token", 1, 400, "", "") }, bot.KindDenied},
		{"token endpoint down", writeKey(t, fake, nil), func() { fake.FailNext("token", 1, 503, "", "") }, bot.KindTransient},
		{"token endpoint unreachable", writeKey(t, fake, func(m map[string]any) { m["token_uri"] = closedURL(t) + "/token" }), nil, bot.KindTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.fault != nil {
				tt.fault()
			}
			err := CheckToken(t.Context(), Options{CredentialsFile: tt.key}, ScopeBot)
			if tt.want == bot.KindInternal {
				if err != nil {
					t.Fatalf("CheckToken: %v", err)
				}
				return
			}
			wantKind(t, err, tt.want, "")
		})
	}
}

// TestCheckTokenAsksForOneScope: the minted token carries exactly the
// scope asked for, so a refusal names it.
func TestCheckTokenAsksForOneScope(t *testing.T) {
	fake := newFake(t)
	key := writeKey(t, fake, nil)
	if err := CheckToken(t.Context(), Options{CredentialsFile: key}, ScopeMemberships); err != nil {
		t.Fatalf("CheckToken: %v", err)
	}
	c, err := NewScoped(t.Context(), Options{Endpoint: fake.URL + "/", CredentialsFile: key}, ScopeMemberships)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ProbeMembers(t.Context(), platform); err != nil {
		t.Fatalf("ProbeMembers: %v", err)
	}
	for _, call := range fake.Calls() {
		if call.Method == "chat.spaces.members.list" && !slices.Equal(call.Scopes, []string{ScopeMemberships}) {
			t.Errorf("members.list token scopes: got %v, want only %s", call.Scopes, ScopeMemberships)
		}
	}
}

func TestPing(t *testing.T) {
	fake := newFake(t)
	tests := []struct {
		name       string
		endpoint   string
		fault      func()
		wantStatus int
		wantErr    bot.Kind // KindInternal: no error
	}{
		{"answers 401 without credentials", fake.URL + "/", nil, 401, bot.KindInternal},
		{"server error", fake.URL + "/", func() { fake.FailNext("chat.spaces.list", 1, 503, "", "") }, 503, bot.KindTransient},
		{"nothing listening", closedURL(t) + "/", nil, 0, bot.KindTransient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.fault != nil {
				tt.fault()
			}
			status, err := Ping(t.Context(), Options{Endpoint: tt.endpoint})
			if status != tt.wantStatus {
				t.Errorf("status: got %d, want %d", status, tt.wantStatus)
			}
			if tt.wantErr == bot.KindInternal {
				if err != nil {
					t.Errorf("Ping: %v", err)
				}
				return
			}
			wantKind(t, err, tt.wantErr, "")
		})
	}
}

func TestListSpaces(t *testing.T) {
	fake := newFake(t)
	key := writeKey(t, fake, nil)
	c, err := NewScoped(t.Context(), Options{Endpoint: fake.URL + "/", CredentialsFile: key}, ScopeBot)
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.ListSpaces(t.Context())
	if err != nil {
		t.Fatalf("ListSpaces: %v", err)
	}
	var names []string
	for _, sp := range got {
		names = append(names, sp.Name)
	}
	slices.Sort(names)
	want := []string{dm, group, platform} // not finance: the app is not in it
	slices.Sort(want)
	if diff := cmp.Diff(want, names); diff != "" {
		t.Errorf("spaces (-want +got):\n%s", diff)
	}

	fake.FailNext("chat.spaces.list", 1, 403, "", "Google Chat API has not been used in project 1 before or it is disabled.")
	_, err = c.ListSpaces(t.Context())
	wantKind(t, err, bot.KindDenied, "")
}

func TestProbeMembers(t *testing.T) {
	tests := []struct {
		name     string
		scope    string
		approved bool
		want     bot.Kind // KindInternal: no error
	}{
		{"approved", ScopeMemberships, true, bot.KindInternal},
		{"not approved", ScopeMemberships, false, bot.KindNotApproved},
		// chat.bot also authorises members.list: it cannot tell.
		{"chat.bot hides the answer", ScopeBot, false, bot.KindInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := newFake(t)
			fake.SetAdminApproved(tt.approved)
			c, err := NewScoped(t.Context(), Options{Endpoint: fake.URL + "/", CredentialsFile: writeKey(t, fake, nil),
				Backoff: func(int) time.Duration { return time.Millisecond }}, tt.scope)
			if err != nil {
				t.Fatal(err)
			}
			err = c.ProbeMembers(t.Context(), platform)
			if tt.want == bot.KindInternal {
				if err != nil {
					t.Errorf("ProbeMembers: %v", err)
				}
				return
			}
			wantKind(t, err, tt.want, "")
		})
	}
}

// TestFindCredentialsMetadata runs as on Cloud Run: the identity and the
// tokens come from the metadata server.
func TestFindCredentialsMetadata(t *testing.T) {
	fake := newFake(t)
	t.Setenv("GCE_METADATA_HOST", fake.MetadataHost())
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("CLOUDSDK_CONFIG", t.TempDir())
	got, err := FindCredentials(t.Context(), Options{})
	if err != nil {
		t.Fatalf("FindCredentials: %v", err)
	}
	want := Identity{Source: SourceMetadata, Email: fake.ServiceAccountEmail()}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Identity (-want +got):\n%s", diff)
	}
	for _, scope := range Scopes() {
		if err := CheckToken(t.Context(), Options{}, scope); err != nil {
			t.Errorf("CheckToken(%s): %v", scope, err)
		}
	}
}

func TestNewScopedNeedsScopes(t *testing.T) {
	_, err := NewScoped(t.Context(), Options{Endpoint: "http://127.0.0.1:1/", CredentialsFile: "unused.json"})
	wantKind(t, err, bot.KindInvalid, "")
}
