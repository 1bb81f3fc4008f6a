package deploytest

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	oauthClientID = "123456789012-abc123def456.apps.googleusercontent.com"
	clientSecret  = "onboard-oauth-client-secret" // the Secret Manager secret's name
	tokenKey      = "onboard-token-key"           // the Secret Manager secret's name
	signinURL     = "https://onboard-signin-abc-uc.a.run.app"
)

// oauthArgs let people connect their own Google accounts.
var oauthArgs = []string{"--oauth-client-id", oauthClientID, "--oauth-client-secret-secret", clientSecret,
	"--token-key-secret", tokenKey}

// oauthSecrets is how every process that connects accounts gets the
// database and the two OAuth secrets.
const oauthSecrets = "DATABASE_URL=" + dbSecret + ":latest,OAUTH_CLIENT_SECRET=" + clientSecret +
	":latest,TOKEN_ENCRYPTION_KEY=" + tokenKey + ":latest"

var (
	// The public sign-in service: the same image and account running
	// `onboard signin`, open to browsers, with the database and the keys.
	callSignin = expectedCall{"run deploy onboard-signin", []string{"--args", "signin", "--allow-unauthenticated",
		"--service-account", "onboard-app@my-proj.iam.gserviceaccount.com", "--min-instances", "0",
		"--update-secrets", oauthSecrets, "--add-cloudsql-instances", sqlInstance}}
	// The Chat service stays private and gets the same secrets.
	callChatOAuth = expectedCall{"run deploy onboard --", []string{"--no-allow-unauthenticated", "--update-secrets", oauthSecrets}}
	callGrantsJob = expectedCall{"run jobs deploy onboard-grants", []string{"--args", "grants,list", "--set-secrets", oauthSecrets,
		"--set-cloudsql-instances", sqlInstance}}
	callDoctorOAuth  = expectedCall{"run jobs deploy onboard-doctor", []string{"--set-secrets", oauthSecrets}}
	callClientAccess = expectedCall{"secrets add-iam-policy-binding " + clientSecret, []string{saMember, "roles/secretmanager.secretAccessor"}}
	callKeyAccess    = expectedCall{"secrets add-iam-policy-binding " + tokenKey, []string{saMember, "roles/secretmanager.secretAccessor"}}
)

// wantOAuthSteps are what setup.sh tells the operator to do at Google,
// with Google's pages.
var wantOAuthSteps = []string{
	"Letting people connect their Google account",
	"Google Auth Platform › Branding, then Audience", "User type: Internal",
	"https://developers.google.com/workspace/guides/configure-oauth-consent",
	"type Web application", "Authorized redirect URIs, exactly:", "redirect_uri_mismatch",
	"https://support.google.com/cloud/answer/15549257",
	"API controls › App access control", "Manage Third-Party App Access", oauthClientID + " and set its access to Trusted",
	"https://support.google.com/a/answer/7281227", `"Access blocked"`,
	"12  /connect", "13  /disconnect",
	"Sign-in service onboard-signin: scales to zero",
}

// settingsOf reads a gcloud call's environment and secret flags into one
// map: VARIABLE → value (or SECRET:latest).
func settingsOf(call string) map[string]string {
	out := map[string]string{}
	f := strings.Fields(call)
	for i := 0; i+1 < len(f); i++ {
		switch f[i] {
		case "--update-env-vars", "--set-env-vars", "--update-secrets", "--set-secrets":
			for _, kv := range strings.Split(f[i+1], ",") {
				k, v, _ := strings.Cut(kv, "=")
				out[k] = v
			}
		}
	}
	return out
}

// callsTo are the calls whose prefix is given, in order.
func callsTo(calls []string, prefix string) []string {
	var out []string
	for _, c := range calls {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// wantOAuthEnv fails unless the calls that change target (a service or a
// job), applied in order, leave it OAUTH_CLIENT_ID the client's and
// OAUTH_REDIRECT_URL wantRedirect.
func wantOAuthEnv(t *testing.T, calls []string, target, wantRedirect string) {
	t.Helper()
	got := map[string]string{}
	for _, c := range calls {
		if serviceOf(c) != target && !strings.HasPrefix(c, "run jobs deploy "+target+" ") {
			continue
		}
		for k, v := range settingsOf(c) {
			got[k] = v
		}
	}
	if got["OAUTH_CLIENT_ID"] != oauthClientID || got["OAUTH_REDIRECT_URL"] != wantRedirect {
		t.Errorf("%s is left with OAUTH_CLIENT_ID=%q OAUTH_REDIRECT_URL=%q; want %q and %q", target,
			got["OAUTH_CLIENT_ID"], got["OAUTH_REDIRECT_URL"], oauthClientID, wantRedirect)
	}
}

// A dry run with the OAuth flags shows the public sign-in service, the
// OAuth settings on both services and the jobs, the key being created
// through a pipe, and Google's console steps.
func TestSetupOAuthDryRun(t *testing.T) {
	w := newGcloudWorld(t, refusingGcloud)
	args := append(append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance), oauthArgs...)
	out, code := w.run(t, append(args, "--create-token-key", "--dry-run")...)
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	if got := w.calls(t); len(got) > 0 {
		t.Fatalf("a dry run executed gcloud %d times, want 0; first: gcloud %s", len(got), got[0])
	}
	traced := tracedCalls(out)
	wantCalls(t, traced, callSignin, callChatOAuth, callGrantsJob, callDoctorOAuth, callClientAccess, callKeyAccess,
		expectedCall{"secrets describe " + clientSecret, nil}, expectedCall{"secrets describe " + tokenKey, nil})
	wantNoCalls(t, traced, expectedCall{"run deploy onboard --", []string{"--allow-unauthenticated"}})
	const redirect = "<SIGNIN_URL>/oauth2/callback"
	for _, target := range []string{"onboard", "onboard-signin", "onboard-doctor", "onboard-grants"} {
		wantOAuthEnv(t, traced, target, redirect)
	}
	wantOutput(t, out, append([]string{"+ openssl rand -base64 32 | gcloud secrets create " + tokenKey + " --project my-proj " +
		"--replication-policy automatic --data-file=-", "Authorized redirect URIs, exactly:\n       " + redirect},
		wantOAuthSteps...)...)
	checkNoDatabasePassword(t, out, traced)
}

// Two real runs: the first creates the token key (through a pipe: it never
// shows) and learns the sign-in service's URL after deploying it, then sets
// it on both services; the second deploys both with it at once. Every
// revision of both services starts with the environment it is given.
func TestSetupOAuthTwice(t *testing.T) {
	w := newGcloudWorld(t, fakeGcloud, "FAKE_MISSING_SECRETS="+tokenKey)
	args := append(append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance), append(oauthArgs, "--create-token-key")...)
	var outs []string
	var runs [][]string
	for i := range 2 {
		before := len(w.calls(t))
		out, code := w.run(t, args...)
		if code != 0 {
			t.Fatalf("run %d: exit %d, want 0; output:\n%s", i+1, code, out)
		}
		outs, runs = append(outs, out), append(runs, w.calls(t)[before:])
	}
	key, err := os.ReadFile(filepath.Join(w.state, "secret-"+tokenKey))
	if err != nil {
		t.Fatalf("the token key was not created: %v", err)
	}
	if raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(key))); err != nil || len(raw) != 32 {
		t.Errorf("the token key is %d bytes (%v), want 32 random bytes, base64", len(raw), err)
	}
	for i, out := range outs {
		if strings.Contains(out, strings.TrimSpace(string(key))) {
			t.Errorf("run %d shows the token key", i+1)
		}
	}
	if called(runs[1], "secrets create") {
		t.Errorf("run 2 created the token key again; calls:\n%s", strings.Join(runs[1], "\n"))
	}
	const redirect = signinURL + "/oauth2/callback"
	wantCalls(t, runs[0], callSignin,
		expectedCall{"run deploy onboard-signin", []string{"CHAT_AUDIENCE=" + fakeURL + ",GOOGLE_CLOUD_PROJECT=my-proj," +
			"OAUTH_CLIENT_ID=" + oauthClientID + ",OAUTH_REDIRECT_URL=https://signin-pending.invalid/oauth2/callback"}},
		expectedCall{"run services update onboard-signin", []string{"OAUTH_REDIRECT_URL=" + redirect}},
		expectedCall{"run services update onboard --", []string{"OAUTH_REDIRECT_URL=" + redirect}})
	wantCalls(t, runs[1], callSignin, callChatOAuth, callGrantsJob,
		expectedCall{"run deploy onboard-signin", []string{"CHAT_AUDIENCE=" + fakeURL + ",GOOGLE_CLOUD_PROJECT=my-proj," +
			"OAUTH_CLIENT_ID=" + oauthClientID + ",OAUTH_REDIRECT_URL=" + redirect}})
	if c := callsTo(runs[1], "run services update"); len(c) > 0 {
		t.Errorf("run 2: want both services deployed with the known URLs, no update; got gcloud %s", strings.Join(c, "\ngcloud "))
	}
	for i, calls := range runs {
		wantOutput(t, outs[i], append([]string{"The sign-in service: " + signinURL, "exactly:\n       " + redirect},
			wantOAuthSteps...)...)
		for _, target := range []string{"onboard", "onboard-signin", "onboard-doctor", "onboard-grants"} {
			wantOAuthEnv(t, calls, target, redirect)
		}
		checkDoctorJobConfig(t, calls)
	}
	all := w.calls(t)
	checkEveryRevisionStarts(t, all, "onboard")
	checkEveryRevisionStarts(t, all, "onboard-signin")
	first := slices.IndexFunc(runs[0], func(c string) bool { return !readOnly(c) })
	for _, check := range []string{"secrets describe " + clientSecret, "secrets describe " + tokenKey} {
		if i := slices.IndexFunc(runs[0], func(c string) bool { return strings.HasPrefix(c, check) }); i < 0 || i > first {
			t.Errorf("gcloud %s: at call %d, want it before the first change (call %d)", check, i, first)
		}
	}
}

// In project-number mode the redirect URL cannot default from the
// audience: every revision of both services gets one from the start.
func TestSetupOAuthProjectNumberMode(t *testing.T) {
	w := newGcloudWorld(t, fakeGcloud)
	out, code := w.run(t, append(append(slices.Clone(baseArgs), "--audience", "project"), oauthArgs...)...)
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	calls := w.calls(t)
	wantCalls(t, calls, expectedCall{"run deploy onboard-signin", []string{"--allow-unauthenticated", "--args", "signin"}},
		expectedCall{"run deploy onboard --", []string{"--allow-unauthenticated", "--update-secrets", oauthSecrets}})
	checkEveryRevisionStarts(t, calls, "onboard")
	checkEveryRevisionStarts(t, calls, "onboard-signin")
	checkDoctorJobConfig(t, calls)
}

// Missing OAuth secrets are found with read-only calls, before anything
// changes; the client secret's steps are printed, the key's creation
// offered.
func TestSetupOAuthSecretMissing(t *testing.T) {
	tests := []struct {
		name, missing string
		extra         []string
		want          []string
	}{
		{"the client secret", clientSecret, nil, []string{"secret " + clientSecret + " does not exist in project my-proj",
			"read -rs CLIENT_SECRET", "gcloud secrets create " + clientSecret, "--data-file=-", "unset CLIENT_SECRET",
			"Nothing was changed", "setup.sh: failed at step: check the OAuth secrets"}},
		{"the token key, not to be created", tokenKey, nil, []string{"secret " + tokenKey + " does not exist",
			"add --create-token-key", "Nothing was changed", "failed at step: check the OAuth secrets"}},
		{"the client secret, with --create-token-key", clientSecret, []string{"--create-token-key"},
			[]string{"secret " + clientSecret + " does not exist", "failed at step: check the OAuth secrets"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, fakeGcloud, "FAKE_MISSING_SECRETS="+tt.missing)
			out, code := w.run(t, append(append(slices.Clone(baseArgs), oauthArgs...), tt.extra...)...)
			if code == 0 {
				t.Fatalf("exit 0, want a failure; output:\n%s", out)
			}
			wantOutput(t, out, tt.want...)
			if changes := mutating(w.calls(t)); len(changes) > 0 {
				t.Errorf("setup.sh changed something before failing: gcloud %s", strings.Join(changes, "\ngcloud "))
			}
		})
	}
}

// The OAuth flags take names; a value that is a secret is refused without
// being repeated, and an incomplete set is refused — before gcloud runs.
func TestSetupOAuthRejectsBadArguments(t *testing.T) {
	const pastedSecret = "GOCSPX-n0tAR3alS3cr3tButSh4p3d"
	pastedKey := base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	with := func(flag, value string) []string {
		args := append(slices.Clone(baseArgs), oauthArgs...)
		i := slices.Index(args, flag)
		args[i+1] = value
		return args
	}
	tests := []struct {
		name   string
		args   []string
		want   string
		secret string // must not be repeated
	}{
		{"the client secret itself", with("--oauth-client-secret-secret", pastedSecret), "never the client secret itself", pastedSecret},
		{"the client secret as the id", with("--oauth-client-id", pastedSecret), "that is a client secret", pastedSecret},
		{"the key itself", with("--token-key-secret", pastedKey), "never the key itself", pastedKey},
		{"the key itself, URL-safe and unpadded", with("--token-key-secret", "abcDEF0123456789abcdef0123456789abcdef01234"),
			"never the key itself", "abcDEF0123456789"},
		{"not a client id", with("--oauth-client-id", "onboard"), "want a Google OAuth client id", ""},
		{"a secret name with a space", with("--token-key-secret", "token key"), "want a Secret Manager secret name", ""},
		{"one secret for two things", with("--token-key-secret", dbSecret), "need three different secrets", ""},
		{"client id alone", append(slices.Clone(baseArgs), "--oauth-client-id", oauthClientID), "go together", ""},
		{"secrets without the client id", append(slices.Clone(baseArgs), oauthArgs[2:]...), "go together", ""},
		{"--create-token-key without a name", append(slices.Clone(baseArgs), "--create-token-key"), "needs --token-key-secret", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, refusingGcloud)
			out, code := w.run(t, tt.args...)
			if code == 0 || !strings.Contains(out, tt.want) {
				t.Errorf("setup.sh %q: exit %d, output:\n%s\nwant a non-zero exit and %q", tt.args, code, out, tt.want)
			}
			wantOutput(t, out, "setup.sh: failed at step: read the arguments")
			if tt.secret != "" && strings.Contains(out, tt.secret) {
				t.Errorf("setup.sh repeated a secret; output:\n%s", out)
			}
			if got := w.calls(t); len(got) > 0 {
				t.Errorf("gcloud ran %d times on bad arguments, want 0", len(got))
			}
		})
	}
}

// Teardown removes the sign-in service and the grants job always; the
// OAuth secrets only lose the runtime account's access — unless
// --delete-data.
func TestTeardownOAuth(t *testing.T) {
	removeSignin := expectedCall{"run services delete onboard-signin", []string{"--region", "europe-west1"}}
	removeGrantsJob := expectedCall{"run jobs delete onboard-grants", []string{"--region", "europe-west1"}}
	removeClientUse := expectedCall{"secrets remove-iam-policy-binding " + clientSecret, []string{saMember}}
	removeKeyUse := expectedCall{"secrets remove-iam-policy-binding " + tokenKey, []string{saMember}}
	deleteClient := expectedCall{"secrets delete " + clientSecret, nil}
	deleteKey := expectedCall{"secrets delete " + tokenKey, nil}
	args := append(slices.Clone(teardownArgs), oauthArgs[2:]...)
	tests := []struct {
		name          string
		args          []string
		want, notWant []expectedCall
	}{
		{"keeps the secrets", append(slices.Clone(args), "--dry-run"),
			[]expectedCall{removeSignin, removeGrantsJob, removeService, removeClientUse, removeKeyUse},
			[]expectedCall{deleteClient, deleteKey, deleteSecret}},
		{"no secrets named", []string{"--project", "my-proj", "--region", "europe-west1", "--teardown", "--dry-run"},
			[]expectedCall{removeSignin, removeGrantsJob}, []expectedCall{removeClientUse, removeKeyUse, deleteClient, deleteKey}},
		{"--delete-data", append(slices.Clone(args), "--delete-data", "--dry-run"),
			[]expectedCall{removeSignin, removeGrantsJob, deleteClient, deleteKey, deleteSecret},
			[]expectedCall{removeClientUse, removeKeyUse}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, refusingGcloud)
			out, code := w.run(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d, want 0; output:\n%s", code, out)
			}
			traced := tracedCalls(out)
			wantCalls(t, traced, tt.want...)
			wantNoCalls(t, traced, tt.notWant...)
		})
	}
	// After a real set-up, the teardown really removes the sign-in service.
	w := newGcloudWorld(t, fakeGcloud)
	if out, code := w.run(t, append(append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance), oauthArgs...)...); code != 0 {
		t.Fatalf("setup: exit %d; output:\n%s", code, out)
	}
	if out, code := w.run(t, args...); code != 0 {
		t.Fatalf("teardown: exit %d; output:\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(w.state, "service-onboard-signin")); !os.IsNotExist(err) {
		t.Errorf("the sign-in service is still there after the teardown (%v)", err)
	}
}
