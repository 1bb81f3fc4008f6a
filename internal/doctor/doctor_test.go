package doctor

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// skippedAfterConfig is what follows a failed configuration check, up to
// the audience.
var skippedAfterConfig = []string{
	"✗ credentials load", "✗ access token for chat.app.memberships", "✗ access token for chat.bot",
	"✗ Chat API answers", "✗ app can list its spaces", "✗ admin approval", "✗ verification keys can be fetched",
}

// databaseSkipped are the database checks after a failed configuration.
var databaseSkipped = []string{"✗ database connects", "✗ database schema is current", "✗ job queue tables present"}

// afterConfig is every mark after a failed configuration check, the
// audience and trusted callers judged as given.
func afterConfig(audience, callers string) []string {
	out := append([]string{"✗ configuration valid"}, skippedAfterConfig...)
	return append(append(out, audience, callers), databaseSkipped...)
}

func TestAllPassWithKeyFile(t *testing.T) {
	t.Parallel()
	fake := newFake(t, nil)
	env := deployment(t, fake)
	out, err := doctorRun(t, env)
	if err != nil {
		t.Errorf("Run: got %v, want nil\n%s", err, out)
	}
	if diff := cmp.Diff(allPass, marks(out)); diff != "" {
		t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
	}
	for name, want := range map[string]string{
		"credentials load":                 "service account " + fake.ServiceAccountEmail() + " (key file " + env["GOOGLE_APPLICATION_CREDENTIALS"] + ")",
		"Chat API answers":                 fake.URL + "/ answered (HTTP 401 to a request without credentials, as expected)",
		"app can list its spaces":          "the app is in 3 spaces (1 named space, 1 group chat, 1 direct message)",
		"admin approval":                   "chat.app.memberships is granted (members.list in spaces/AAAAonbrd01 with only that scope)",
		"verification keys can be fetched": "fetched from " + fake.GoogleJWKURL(),
		"audience looks right":             endpointURL + " (no trailing slash); it must equal the Chat API configuration page's HTTP endpoint URL byte for byte",
	} {
		if got := lineOf(out, name); !strings.Contains(got, want) {
			t.Errorf("%s: got %q, want it to say %q", name, got, want)
		}
	}
	if !strings.HasSuffix(out, "All 13 checks passed.\n") {
		t.Errorf("got output ending %q, want All 13 checks passed.", out[max(0, len(out)-60):])
	}
}

// TestAllPassWithMetadataServer runs as on Cloud Run: no key file, no
// gcloud login; credentials and tokens come from the metadata server.
// Not parallel: it sets the process environment.
func TestAllPassWithMetadataServer(t *testing.T) {
	fake := newFake(t, nil)
	t.Setenv("GCE_METADATA_HOST", fake.MetadataHost())
	t.Setenv("GOOGLE_APPLICATION_CREDENTIALS", "")
	t.Setenv("HOME", t.TempDir())
	t.Setenv("CLOUDSDK_CONFIG", t.TempDir())
	env := deployment(t, fake)
	delete(env, "GOOGLE_APPLICATION_CREDENTIALS")
	out, err := doctorRun(t, env)
	if err != nil {
		t.Errorf("Run: got %v, want nil\n%s", err, out)
	}
	if diff := cmp.Diff(allPass, marks(out)); diff != "" {
		t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
	}
	want := "✓ credentials load — service account " + fake.ServiceAccountEmail() +
		" (Application Default Credentials from the metadata server)"
	if got := lineOf(out, "credentials load"); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestEachFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		world func(*chatfake.World) // optional
		setup func(t *testing.T, fake *chatfake.Server, env map[string]string)
		want  []string          // the marks of every check
		says  map[string]string // check → text its lines must contain
	}{
		{
			name: "nothing set is the demo",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				clear(env)
			},
			want: afterConfig("✗ audience looks right", "✗ trusted callers"),
			says: map[string]string{
				"configuration valid":  "this environment would run the local demo",
				"credentials load":     `skipped: needs "configuration valid"`,
				"audience looks right": `skipped: needs "configuration valid"`,
			},
		},
		{
			name: "partial configuration",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				delete(env, "CHAT_AUDIENCE")
			},
			want: afterConfig("✗ audience looks right", "✗ trusted callers"),
			says: map[string]string{
				"configuration valid": "  - CHAT_AUDIENCE is required when any of",
			},
		},
		{
			name: "key file missing",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["GOOGLE_APPLICATION_CREDENTIALS"] = filepath.Join(t.TempDir(), "missing.json")
			},
			want: with("✗ credentials load", "✗ access token for chat.app.memberships", "✗ access token for chat.bot",
				"✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"credentials load":          "cannot use the key file ",
				"access token for chat.bot": `skipped: needs "credentials load"`,
				"app can list its spaces":   `skipped: needs "access token for chat.bot"`,
			},
		},
		{
			name: "key file garbled",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["GOOGLE_APPLICATION_CREDENTIALS"] = writeFile(t, []byte(`{"type": "service_account", "private_key": "-----BEGIN`))
			},
			want: with("✗ credentials load", "✗ access token for chat.app.memberships", "✗ access token for chat.bot",
				"✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"credentials load": "cause: not a JSON credentials file (syntax error at byte",
			},
		},
		{
			name: "a gcloud login instead of a service account",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["GOOGLE_APPLICATION_CREDENTIALS"] = writeFile(t, []byte(`{"type":"authorized_user","refresh_token":"1//secret"}`))
			},
			want: with("✗ credentials load", "✗ access token for chat.app.memberships", "✗ access token for chat.bot",
				"✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"credentials load": `holds a "authorized_user" credential, not a service account`,
			},
		},
		{
			name: "key deleted at Google: every token refused",
			setup: func(t *testing.T, fake *chatfake.Server, env map[string]string) {
				env["GOOGLE_APPLICATION_CREDENTIALS"] = writeKey(t, fake, func(m map[string]any) { m["private_key"] = otherPrivateKey(t) })
			},
			want: with("✗ access token for chat.app.memberships", "✗ access token for chat.bot",
				"✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"access token for chat.app.memberships": "/token refused a token for chat.app.memberships",
				"access token for chat.bot":             "Invalid JWT Signature.",
			},
		},
		{
			name: "token for one scope refused",
			setup: func(t *testing.T, fake *chatfake.Server, env map[string]string) {
				fake.FailNext("token", 1, 400, "", "")
			},
			want: with("✗ access token for chat.app.memberships", "✗ admin approval"),
			says: map[string]string{
				"access token for chat.app.memberships": "private_key_id", // the fix
				"admin approval":                        `skipped: needs "access token for chat.app.memberships"`,
			},
		},
		{
			name: "token endpoint unreachable",
			setup: func(t *testing.T, fake *chatfake.Server, env map[string]string) {
				closed := closedURL(t)
				env["GOOGLE_APPLICATION_CREDENTIALS"] = writeKey(t, fake, func(m map[string]any) { m["token_uri"] = closed + "/token" })
			},
			want: with("✗ access token for chat.app.memberships", "✗ access token for chat.bot",
				"✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"access token for chat.bot": "no usable answer from the token endpoint, http://127.0.0.1:",
			},
		},
		{
			name: "Chat API unreachable",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["CHAT_API_ENDPOINT"] = closedURL(t) + "/"
			},
			want: with("✗ Chat API answers", "✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"Chat API answers":        "fix: Allow outbound HTTPS from the server to chat.googleapis.com",
				"app can list its spaces": `skipped: needs "Chat API answers"`,
			},
		},
		{
			name: "Chat API failing",
			setup: func(t *testing.T, fake *chatfake.Server, _ map[string]string) {
				fake.FailNext("chat.spaces.list", 1, 503, "", "")
			},
			want: with("✗ Chat API answers", "✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"Chat API answers": "/ answered HTTP 503",
			},
		},
		{
			// The unauthenticated ping takes the first refusal (any answer
			// is an answer); spaces.list with chat.bot takes the second.
			name: "listing spaces refused",
			setup: func(t *testing.T, fake *chatfake.Server, _ map[string]string) {
				fake.FailNext("chat.spaces.list", 2, 403, "", "Google Chat API has not been used in project 123456789012 before or it is disabled.")
			},
			want: with("✗ app can list its spaces", "✗ admin approval"),
			says: map[string]string{
				"app can list its spaces": "Chat refused spaces.list with chat.bot",
				"admin approval":          `skipped: needs "app can list its spaces"`,
			},
		},
		{
			name: "admin approval missing",
			setup: func(t *testing.T, fake *chatfake.Server, _ map[string]string) {
				fake.SetAdminApproved(false)
			},
			want: with("✗ admin approval"),
			says: map[string]string{
				"admin approval": "Apps list › the app › Data access › Grant access — at the root organizational unit",
			},
		},
		{
			name:  "admin approval missing, app in no space",
			world: inNoSpace,
			setup: func(t *testing.T, fake *chatfake.Server, _ map[string]string) {
				fake.SetAdminApproved(false)
			},
			want: with("✗ admin approval"),
			says: map[string]string{
				"app can list its spaces": "the app is in no space yet",
				"admin approval":          "chat.app.memberships is not granted",
			},
		},
		{
			name: "verification keys unavailable",
			setup: func(t *testing.T, fake *chatfake.Server, _ map[string]string) {
				fake.SetKeysFailing(true)
			},
			want: with("✗ verification keys can be fetched"),
			says: map[string]string{
				"verification keys can be fetched": "If GOOGLE_CERTS_URL is set, unset it",
			},
		},
		{
			name: "database file missing",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["DATABASE_URL"] = "sqlite:" + filepath.Join(t.TempDir(), "onboard.db")
			},
			want: with("✗ database connects", "✗ database schema is current", "✗ job queue tables present"),
			says: map[string]string{
				"database connects":          "no SQLite database at ",
				"database schema is current": `skipped: needs "database connects"`,
			},
		},
		{
			name: "PostgreSQL unreachable",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["DATABASE_URL"] = "postgres://onboard:hunter2@" + strings.TrimPrefix(closedURL(t), "http://") + "/onboard?connect_timeout=5"
			},
			want: with("✗ database connects", "✗ database schema is current", "✗ job queue tables present"),
			says: map[string]string{
				"database connects": "cannot connect to postgres://onboard:xxxxx@127.0.0.1:",
			},
		},
		{
			name: "database never migrated",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["DATABASE_URL"] = storetest.URL(t, store.SQLite)
				execSQL(t, env["DATABASE_URL"], "CREATE TABLE unrelated (x integer)")
			},
			want: with("✗ database schema is current", "✗ job queue tables present"),
			says: map[string]string{
				"database schema is current": "not applied: 7 of Onboard's migrations [1 2 3 4 5 6 7] and ",
				"job queue tables present":   "River's tables are missing: river_job, river_queue, river_leader",
			},
		},
		{
			name: "one migration behind",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				execSQL(t, env["DATABASE_URL"], "DELETE FROM onboard_migrations WHERE version = 2")
			},
			want: with("✗ database schema is current"),
			says: map[string]string{
				"database schema is current": "not applied: 1 of Onboard's migrations [2] and 0 of River's []",
			},
		},
		{
			name: "migrated by a newer build",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				execSQL(t, env["DATABASE_URL"], "INSERT INTO onboard_migrations (version, applied_at) VALUES (9999, CURRENT_TIMESTAMP)")
			},
			want: with("✗ database schema is current"),
			says: map[string]string{
				"database schema is current": "migrations this build does not know (versions [9999])",
			},
		},
		{
			name: "River's tables dropped",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				execSQL(t, env["DATABASE_URL"], "DROP TABLE river_leader")
			},
			want: with("✗ job queue tables present"),
			says: map[string]string{
				"job queue tables present": "River's tables are missing: river_leader",
			},
		},
		{
			name: "add-on agent that is not one address",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["CHAT_ADDON_SERVICE_ACCOUNT"] = "service-*@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
			},
			want: afterConfig("✓ audience looks right", "✗ trusted callers"),
			says: map[string]string{
				"configuration valid": "CHAT_ADDON_SERVICE_ACCOUNT",
				"trusted callers":     "no pattern, no list",
			},
		},
		{
			name: "audience is http://",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["CHAT_AUDIENCE"] = "http://onboard.example.com"
			},
			want: afterConfig("✗ audience looks right", "✓ trusted callers"),
			says: map[string]string{
				"audience looks right": "Chat calls only https:// endpoints",
			},
		},
		{
			name: "audience is garbage",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["CHAT_AUDIENCE"] = "onboard-prod"
			},
			want: afterConfig("✗ audience looks right", "✓ trusted callers"),
			says: map[string]string{
				"audience looks right": `"onboard-prod" is neither an https:// URL nor a project number`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, tt.world)
			env := deployment(t, fake)
			tt.setup(t, fake, env)
			out, err := doctorRun(t, env)
			if err == nil {
				t.Errorf("Run: got nil error, want one\n%s", out)
			}
			if diff := cmp.Diff(tt.want, marks(out)); diff != "" {
				t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
			}
			for name, want := range tt.says {
				if got := lineOf(out, name); !strings.Contains(got, want) {
					t.Errorf("%s: got\n%s\nwant it to contain %q", name, got, want)
				}
			}
			wantFixes(t, out)
		})
	}
}

// inNoSpace takes the app out of every space of the world.
func inNoSpace(w *chatfake.World) {
	for i := range w.Spaces {
		w.Spaces[i].AppMember, w.Spaces[i].AppCreated = false, false
	}
}

// wantFixes fails unless every failed check that ran has a fix under it.
func wantFixes(t *testing.T, out string) {
	t.Helper()
	for _, m := range marks(out) {
		block := lineOf(out, checkName(m))
		if strings.HasPrefix(m, "✗ ") && !strings.Contains(block, "skipped: needs") && !strings.Contains(block, "\n    fix: ") {
			t.Errorf("no fix under a failure:\n%s", block)
		}
	}
}

func TestWarningsDoNotFail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		world func(*chatfake.World) // optional
		setup func(t *testing.T, fake *chatfake.Server, env map[string]string)
		want  []string
		says  map[string]string
	}{
		{
			name: "trailing slash",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["CHAT_AUDIENCE"] = endpointURL + "/"
			},
			want: with("! audience looks right"),
			says: map[string]string{"audience looks right": "Cloud Run's URL has no trailing slash unless you typed one"},
		},
		{
			name:  "app in no space",
			world: inNoSpace,
			setup: func(*testing.T, *chatfake.Server, map[string]string) {},
			want:  with("! admin approval"),
			says:  map[string]string{"admin approval": "could not be checked: the app is in no space yet"},
		},
		{
			name: "project number",
			setup: func(t *testing.T, _ *chatfake.Server, env map[string]string) {
				env["CHAT_AUDIENCE"] = "123456789012"
				delete(env, "CHAT_ADDON_SERVICE_ACCOUNT") // add-on tokens are only signed for a URL
			},
			want: allPass,
			says: map[string]string{
				"audience looks right": "project number 123456789012 (GOOGLE_CLOUD_PROJECT=onboard-prod: check this is its number",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fake := newFake(t, tt.world)
			env := deployment(t, fake)
			tt.setup(t, fake, env)
			out, err := doctorRun(t, env)
			if err != nil {
				t.Errorf("Run: got %v, want nil\n%s", err, out)
			}
			if diff := cmp.Diff(tt.want, marks(out)); diff != "" {
				t.Errorf("checks (-want +got):\n%s\n%s", diff, out)
			}
			for name, want := range tt.says {
				if got := lineOf(out, name); !strings.Contains(got, want) {
					t.Errorf("%s: got\n%s\nwant it to contain %q", name, got, want)
				}
			}
		})
	}
}

// TestApprovalFixFollowsGoogle pins the admin-approval fix to the steps of
// Google's current pages and app-auth sample: in particular chat.bot is
// NOT entered among the Marketplace SDK's scopes, and the Store Listing is
// published. deploy/README.md and setup.sh say the same (internal/deploytest).
func TestApprovalFixFollowsGoogle(t *testing.T) {
	t.Parallel()
	fake := newFake(t, nil)
	fake.SetAdminApproved(false)
	out, _ := doctorRun(t, deployment(t, fake))
	block := strings.Join(strings.Fields(lineOf(out, nameApproval)), " ")
	for _, phrase := range []string{
		"Create Google Workspace Marketplace-compatible OAuth client",
		"Google Workspace Marketplace SDK",
		"App integrations Chat app",
		"https://www.googleapis.com/auth/chat.app.memberships only",
		"do not enter https://www.googleapis.com/auth/chat.bot there",
		"Store Listing",
		"Publish",
		"Data access › Grant access",
		"root organizational unit",
	} {
		if !strings.Contains(block, phrase) {
			t.Errorf("the approval fix does not say %q:\n%s", phrase, lineOf(out, nameApproval))
		}
	}
}

// TestDatabaseOnPostgres: the production database kind passes the same
// checks (skipped without a local PostgreSQL, failed under CI=true).
func TestDatabaseOnPostgres(t *testing.T) {
	t.Parallel()
	fake := newFake(t, nil)
	env := deployment(t, fake)
	env["DATABASE_URL"] = migratedDatabase(t, store.Postgres)
	out, err := doctorRun(t, env)
	if err != nil {
		t.Errorf("Run: got %v, want nil\n%s", err, out)
	}
	if got := lineOf(out, nameDatabase); !strings.Contains(got, "✓ database connects — postgres at postgres://") {
		t.Errorf("got %q, want the PostgreSQL database connected", got)
	}
}
