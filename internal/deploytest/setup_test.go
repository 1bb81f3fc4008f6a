package deploytest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/config"
)

const (
	fakeURL           = "https://onboard-abc-uc.a.run.app"
	fakeProjectNumber = "123456789012"
	dbSecret          = "onboard-database-url"
	sqlInstance       = "my-proj:europe-west1:onboard-db"
	// standInDatabaseURL is what Cloud Run would read from the secret when an
	// instance starts; setup.sh itself never sees it.
	standInDatabaseURL = "postgres://onboard@/onboard?host=/cloudsql/" + sqlInstance
)

// baseArgs deploy with a database, as every real run must.
var baseArgs = []string{"--project", "my-proj", "--region", "europe-west1", "--database-url-secret", dbSecret}

// fakeGcloud answers like gcloud for the commands setup.sh runs, records
// each call (one line, arguments joined by spaces) in $FAKE_GCLOUD_LOG and
// keeps what it "created" in $FAKE_GCLOUD_STATE, so a second run sees the
// first run's resources. FAKE_DESCRIBE=denied makes the service account and
// repository describes fail, as they do without the viewer permission; then
// create is what finds out that they already exist. FAKE_SECRET=missing: the
// database URL's secret does not exist.
const fakeGcloud = `#!/usr/bin/env bash
printf '%s\n' "$*" >> "$FAKE_GCLOUD_LOG"
state=$FAKE_GCLOUD_STATE
describe() {
  if [[ ${FAKE_DESCRIBE:-} == denied ]]; then
    echo "ERROR: (gcloud) PERMISSION_DENIED: Permission denied on resource $1" >&2; exit 1
  fi
  [[ -e $state/$1 ]] && { echo "name: $1"; exit 0; }
  echo "ERROR: (gcloud) NOT_FOUND: $1 not found" >&2; exit 1
}
create() {
  if [[ -e $state/$1 ]]; then
    echo "ERROR: (gcloud) Resource is the subject of a conflict: $1 already exists within project" >&2; exit 1
  fi
  touch "$state/$1"; echo "Created $1."
}
case "$*" in
  "services enable "*) exit 0 ;;
  "iam service-accounts describe "*) describe service-account ;;
  "iam service-accounts create "*) create service-account ;;
  "artifacts repositories describe "*) describe repository ;;
  "artifacts repositories create "*) create repository ;;
  "builds submit "*) exit 0 ;;
  "run deploy "*) touch "$state/service"; exit 0 ;;
  "run services describe "*)
    [[ -e $state/service ]] && { echo ` + fakeURL + `; exit 0; }
    echo "ERROR: (gcloud.run.services.describe) Cannot find service" >&2; exit 1 ;;
  "run services update "*) exit 0 ;;
  "run services add-iam-policy-binding "*) exit 0 ;;
  "secrets describe "*)
    [[ ${FAKE_SECRET:-} != missing ]] && { echo "projects/1/secrets/$3"; exit 0; }
    echo "ERROR: (gcloud.secrets.describe) NOT_FOUND: Secret [$3] not found" >&2; exit 1 ;;
  "secrets add-iam-policy-binding "*) exit 0 ;;
  "projects add-iam-policy-binding "*) exit 0 ;;
  "projects describe "*) echo ` + fakeProjectNumber + ` ;;
  *) echo "fake gcloud: unexpected command: $*" >&2; exit 2 ;;
esac
`

// refusingGcloud stands in for gcloud where none may run: any call is
// recorded and fails.
const refusingGcloud = `#!/usr/bin/env bash
printf '%s\n' "$*" >> "$FAKE_GCLOUD_LOG"
echo "gcloud must not run here" >&2
exit 97
`

// gcloudWorld is a temporary directory with a stand-in gcloud first on PATH.
type gcloudWorld struct {
	bin, log, state string
	env             []string
}

func newGcloudWorld(t *testing.T, script string, env ...string) *gcloudWorld {
	t.Helper()
	dir := t.TempDir()
	w := &gcloudWorld{bin: filepath.Join(dir, "bin"), log: filepath.Join(dir, "gcloud.log"),
		state: filepath.Join(dir, "state"), env: env}
	for _, d := range []string{w.bin, w.state} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(w.bin, "gcloud"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return w
}

// run runs deploy/setup.sh with args and returns its output and exit code.
func (w *gcloudWorld) run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	script := filepath.Join(repoRoot(t), "deploy", "setup.sh")
	// Read it here too: go test caches results by the files the test process
	// opens, and bash's reads are not among them.
	readRepoFile(t, filepath.Join("deploy", "setup.sh"))
	cmd := exec.CommandContext(t.Context(), "bash", append([]string{script}, args...)...)
	cmd.Env = append([]string{"PATH=" + w.bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"HOME=" + w.state, "FAKE_GCLOUD_LOG=" + w.log, "FAKE_GCLOUD_STATE=" + w.state}, w.env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	case err != nil:
		t.Fatalf("running setup.sh: %v", err)
	}
	return string(out), 0
}

// calls returns the gcloud calls recorded so far, one per line.
func (w *gcloudWorld) calls(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(w.log)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	} else if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// called reports whether a call starts with prefix and has every one of args
// as a whole argument.
func called(calls []string, prefix string, args ...string) bool {
	for _, c := range calls {
		if strings.HasPrefix(c, prefix) && hasArgs(strings.Fields(c), args) {
			return true
		}
	}
	return false
}

func hasArgs(fields, args []string) bool {
	for _, a := range args {
		if !slices.Contains(fields, a) {
			return false
		}
	}
	return true
}

// tracedCalls are the "+ gcloud …" lines of a dry run, without "+ gcloud ".
func tracedCalls(out string) []string {
	var calls []string
	for _, line := range strings.Split(out, "\n") {
		if c, ok := strings.CutPrefix(line, "+ gcloud "); ok {
			calls = append(calls, strings.ReplaceAll(c, "'", ""))
		}
	}
	return calls
}

// expectedCall is a gcloud call setup.sh must make: a prefix and whole
// arguments it must carry.
type expectedCall struct {
	prefix string
	args   []string
}

var (
	callEnableAPIs = expectedCall{"services enable ", []string{"chat.googleapis.com", "run.googleapis.com",
		"cloudbuild.googleapis.com", "artifactregistry.googleapis.com", "secretmanager.googleapis.com",
		"sqladmin.googleapis.com", "my-proj"}}
	callCreateSA  = expectedCall{"iam service-accounts create onboard-app", []string{"my-proj"}}
	callDeploy    = expectedCall{"run deploy onboard", []string{"--region", "europe-west1", "--service-account", "onboard-app@my-proj.iam.gserviceaccount.com"}}
	callDeployURL = expectedCall{"run deploy onboard", []string{"--no-allow-unauthenticated"}}
	callInvoker   = expectedCall{"run services add-iam-policy-binding onboard",
		[]string{"serviceAccount:chat@system.gserviceaccount.com", "roles/run.invoker"}}
	callDeployProject = expectedCall{"run deploy onboard", []string{"--allow-unauthenticated"}}
	// Background work runs after the reply: CPU always allocated, one instance up.
	callDeployBackground = expectedCall{"run deploy onboard", []string{"--no-cpu-throttling", "--min-instances", "1"}}
	callDeploySecret     = expectedCall{"run deploy onboard", []string{"--update-secrets", "DATABASE_URL=" + dbSecret + ":latest"}}
	callDeployCloudSQL   = expectedCall{"run deploy onboard", []string{"--add-cloudsql-instances", sqlInstance}}
	callSecretAccessor   = expectedCall{"secrets add-iam-policy-binding " + dbSecret, []string{"my-proj",
		"serviceAccount:onboard-app@my-proj.iam.gserviceaccount.com", "roles/secretmanager.secretAccessor"}}
	callCloudSQLClient = expectedCall{"projects add-iam-policy-binding my-proj", []string{
		"serviceAccount:onboard-app@my-proj.iam.gserviceaccount.com", "roles/cloudsql.client"}}
	callAnyDeploy = expectedCall{"run deploy", nil}
)

// wantDatabaseSteps are the commands printed when there is no database yet.
var wantDatabaseSteps = []string{"gcloud sql instances create ", "gcloud sql databases create onboard ",
	"gcloud sql users create onboard ", "gcloud secrets create onboard-database-url ", "--data-file=-",
	"--database-url-secret onboard-database-url --cloudsql-instance my-proj:europe-west1:onboard-db"}

func TestSetupDryRunPrintsCommandsAndRunsNone(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []expectedCall
		notWant []expectedCall
		output  []string
	}{
		{
			name: "url audience, Cloud SQL",
			args: append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance, "--dry-run"),
			want: []expectedCall{callEnableAPIs, callCreateSA, callDeploy, callDeployURL, callInvoker,
				{"run services update onboard", []string{"--update-env-vars", "CHAT_AUDIENCE=<SERVICE_URL>"}},
				callSecretAccessor, callCloudSQLClient, callDeploySecret, callDeployCloudSQL, callDeployBackground},
			notWant: []expectedCall{callDeployProject},
			output:  []string{"HTTP endpoint URL:        <SERVICE_URL>", "Authentication Audience:  HTTP endpoint URL"},
		},
		{
			name: "project-number audience, database elsewhere",
			args: []string{"--project=my-proj", "--region=europe-west1", "--audience=project",
				"--database-url-secret=" + dbSecret, "--dry-run"},
			want: []expectedCall{callEnableAPIs, callCreateSA, callDeploy, callDeployProject, {"projects describe my-proj", nil},
				callSecretAccessor, callDeploySecret, callDeployBackground},
			notWant: []expectedCall{callDeployURL, callInvoker, callDeployCloudSQL, callCloudSQLClient},
			output:  []string{"HTTP endpoint URL:        <SERVICE_URL>", "Authentication Audience:  Project Number", "CHAT_AUDIENCE=<PROJECT_NUMBER>"},
		},
		{
			// A dry run may come before the database exists: it shows how to
			// create it and goes on with a placeholder.
			name: "no database secret yet",
			args: []string{"--project", "my-proj", "--region", "europe-west1", "--dry-run"},
			want: []expectedCall{callEnableAPIs, callDeploy, callDeployBackground,
				{"run deploy onboard", []string{"--update-secrets", "DATABASE_URL=<DATABASE_URL_SECRET>:latest"}},
				{"secrets add-iam-policy-binding <DATABASE_URL_SECRET>", []string{"roles/secretmanager.secretAccessor"}}},
			notWant: []expectedCall{callDeployCloudSQL, callCloudSQLClient},
			output:  wantDatabaseSteps,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, refusingGcloud)
			out, code := w.run(t, tt.args...)
			if code != 0 {
				t.Fatalf("setup.sh %s: exit %d, want 0; output:\n%s", strings.Join(tt.args, " "), code, out)
			}
			if got := w.calls(t); len(got) > 0 {
				t.Fatalf("a dry run executed gcloud %d times, want 0; first: gcloud %s", len(got), got[0])
			}
			traced := tracedCalls(out)
			for _, c := range tt.want {
				if !called(traced, c.prefix, c.args...) {
					t.Errorf("dry run printed no %q with %q; got:\n%s", "+ gcloud "+c.prefix, c.args, strings.Join(traced, "\n"))
				}
			}
			for _, c := range tt.notWant {
				if called(traced, c.prefix, c.args...) {
					t.Errorf("dry run printed %q with %q, want none", "+ gcloud "+c.prefix, c.args)
				}
			}
			for _, s := range tt.output {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q; got:\n%s", s, out)
				}
			}
			checkNoDatabasePassword(t, out, traced)
		})
	}
}

func TestSetupTwiceIsIdempotent(t *testing.T) {
	tests := []struct {
		name     string
		describe string // FAKE_DESCRIBE
		// createsAgain: the second run calls create (and hears "already exists").
		createsAgain bool
	}{
		{name: "describe finds what the first run created", describe: "", createsAgain: false},
		{name: "describe refused, create answers already exists", describe: "denied", createsAgain: true},
	}
	args := append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, fakeGcloud, "FAKE_DESCRIBE="+tt.describe)
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
			for i, calls := range runs {
				// Every run grants (idempotently) and deploys with the secret,
				// the Cloud SQL connection and the background-work settings.
				for _, c := range []expectedCall{callEnableAPIs, callDeploy, callDeployURL, callInvoker, callSecretAccessor,
					callCloudSQLClient, callDeploySecret, callDeployCloudSQL, callDeployBackground} {
					if !called(calls, c.prefix, c.args...) {
						t.Errorf("run %d: no gcloud %s with %q; calls:\n%s", i+1, c.prefix, c.args, strings.Join(calls, "\n"))
					}
				}
				if want := "HTTP endpoint URL:        " + fakeURL; !strings.Contains(outs[i], want) {
					t.Errorf("run %d: output lacks %q; got:\n%s", i+1, want, outs[i])
				}
				checkNoDatabasePassword(t, outs[i], calls)
			}
			if !called(runs[0], callCreateSA.prefix) {
				t.Errorf("run 1 did not create the service account; calls:\n%s", strings.Join(runs[0], "\n"))
			}
			if got := called(runs[1], callCreateSA.prefix); got != tt.createsAgain {
				t.Errorf("run 2 called service-accounts create: got %v, want %v", got, tt.createsAgain)
			}
			if tt.createsAgain && !strings.Contains(outs[1], "already exists") {
				t.Errorf("run 2 output does not say the account already exists; got:\n%s", outs[1])
			}
			// Run 1 learns the URL only after deploying and then sets it; run 2
			// knows it beforehand and deploys with it directly.
			if !called(runs[0], "run services update onboard", "CHAT_AUDIENCE="+fakeURL) {
				t.Errorf("run 1 did not set CHAT_AUDIENCE=%s; calls:\n%s", fakeURL, strings.Join(runs[0], "\n"))
			}
			if !strings.Contains(strings.Join(runs[1], "\n"), "CHAT_AUDIENCE="+fakeURL+",") || called(runs[1], "run services update") {
				t.Errorf("run 2: want a deploy with CHAT_AUDIENCE=%s and no update; calls:\n%s", fakeURL, strings.Join(runs[1], "\n"))
			}
			checkEveryRevisionStarts(t, w.calls(t))
		})
	}
}

func TestSetupProjectNumberMode(t *testing.T) {
	w := newGcloudWorld(t, fakeGcloud)
	out, code := w.run(t, append(slices.Clone(baseArgs), "--audience", "project")...)
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	calls := w.calls(t)
	for _, c := range []expectedCall{callDeploy, callDeployProject, callSecretAccessor, callDeploySecret, callDeployBackground,
		{"run deploy onboard", []string{"CHAT_AUDIENCE=" + fakeProjectNumber + ",GOOGLE_CLOUD_PROJECT=my-proj"}}} {
		if !called(calls, c.prefix, c.args...) {
			t.Errorf("no gcloud %s with %q; calls:\n%s", c.prefix, c.args, strings.Join(calls, "\n"))
		}
	}
	for _, c := range []expectedCall{callDeployURL, {"run services add-iam-policy-binding", nil}, {"run services update", nil},
		callDeployCloudSQL, callCloudSQLClient} {
		if called(calls, c.prefix, c.args...) {
			t.Errorf("got gcloud %s %q, want none in project-number mode", c.prefix, c.args)
		}
	}
	for _, want := range []string{"Authentication Audience:  Project Number", "CHAT_AUDIENCE=" + fakeProjectNumber,
		"HTTP endpoint URL:        " + fakeURL} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; got:\n%s", want, out)
		}
	}
	checkEveryRevisionStarts(t, calls)
}

// checkEveryRevisionStarts replays the environment setup.sh gives the service
// through config.Load as Cloud Run runs it — K_SERVICE set, and DATABASE_URL
// resolved from its secret (a stand-in value here): a value Onboard rejects
// would be a revision that never becomes ready (the first deploy's
// placeholder audience included, and a deploy without the database).
func checkEveryRevisionStarts(t *testing.T, calls []string) {
	t.Helper()
	env := map[string]string{"K_SERVICE": "onboard"}
	changed := false
	for _, c := range calls {
		fields := strings.Fields(c)
		set := false
		for _, flag := range []string{"--update-env-vars", "--set-env-vars", "--update-secrets", "--set-secrets"} {
			i := slices.Index(fields, flag)
			if i < 0 || i+1 >= len(fields) {
				continue
			}
			set = true
			secret := strings.HasSuffix(flag, "-secrets")
			for _, kv := range strings.Split(fields[i+1], ",") {
				k, v, _ := strings.Cut(kv, "=")
				if !slices.Contains(config.Variables, k) {
					t.Errorf("gcloud %s: sets %s, which is not in the configuration contract", c, k)
				}
				switch {
				case k == "DATABASE_URL" && !secret:
					t.Errorf("gcloud %s: DATABASE_URL as a plain value; want it bound to its secret", c)
				case k == "DATABASE_URL":
					if !strings.HasSuffix(v, ":latest") {
						t.Errorf("gcloud %s: DATABASE_URL=%s, want SECRET:latest", c, v)
					}
					v = standInDatabaseURL
				}
				env[k] = v
			}
		}
		if !set {
			continue
		}
		changed = true
		if _, err := config.Load(func(k string) string { return env[k] }); err != nil {
			t.Errorf("after gcloud %s: Onboard would not start on Cloud Run: %v", c, err)
		}
	}
	if !changed {
		t.Error("setup.sh set no environment variables")
	}
}

// passwordURL finds a database URL with a password in it.
var passwordURL = regexp.MustCompile(`postgres(?:ql)?://[^:/@\s]+:([^@\s]+)@`)

// databasePasswordProblems: the database URL never passes through setup.sh.
// Its output may show a URL only with a shell variable where the password
// goes (the printed recipe), and no gcloud call carries a URL at all.
func databasePasswordProblems(out string, calls []string) []string {
	var problems []string
	for _, m := range passwordURL.FindAllStringSubmatch(out, -1) {
		if !strings.HasPrefix(m[1], "$") {
			problems = append(problems, "output shows a database URL with a password: "+m[0])
		}
	}
	for _, c := range calls {
		if strings.Contains(c, "postgres://") || strings.Contains(c, "postgresql://") {
			problems = append(problems, "gcloud "+c+": carries a database URL; want only the secret's name")
		}
	}
	return problems
}

func checkNoDatabasePassword(t *testing.T, out string, calls []string) {
	t.Helper()
	for _, p := range databasePasswordProblems(out, calls) {
		t.Error(p)
	}
}

func TestDatabasePasswordProblems(t *testing.T) {
	tests := []struct {
		name, out string
		calls     []string
		want      int
	}{
		{"recipe with a variable", `printf %s "postgres://onboard:$DB_PASSWORD@/onboard?host=/cloudsql/p:r:i"`, nil, 0},
		{"no password", "postgres://onboard@/onboard", nil, 0},
		{"literal password", "DATABASE_URL=postgres://onboard:hunter2@/onboard", nil, 1},
		{"URL in a call", "", []string{"run deploy onboard --update-env-vars DATABASE_URL=postgres://db/onboard"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := databasePasswordProblems(tt.out, tt.calls); len(got) != tt.want {
				t.Errorf("databasePasswordProblems(%q, %q): got %q, want %d problem(s)", tt.out, tt.calls, got, tt.want)
			}
		})
	}
}

// TestSetupStopsWithoutDatabase: on Cloud Run Onboard refuses SQLite, so a
// deploy without the database's secret could only produce a revision that
// never starts. setup.sh says how to create the database and the secret,
// and stops before changing anything (or, when the secret is named but
// missing, before deploying).
func TestSetupStopsWithoutDatabase(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		env       []string
		wantCalls bool // gcloud may run (read-only steps and set-up) before it stops
		want      []string
	}{
		{"no --database-url-secret", []string{"--project", "my-proj", "--region", "europe-west1"}, nil, false,
			append([]string{"--database-url-secret is required", "Nothing was changed"}, wantDatabaseSteps...)},
		{"the secret does not exist", baseArgs, []string{"FAKE_SECRET=missing"}, true,
			append([]string{"secret onboard-database-url does not exist in project my-proj"}, wantDatabaseSteps...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, fakeGcloud, tt.env...)
			out, code := w.run(t, tt.args...)
			if code == 0 {
				t.Fatalf("setup.sh %q: exit 0, want a failure; output:\n%s", tt.args, out)
			}
			for _, s := range tt.want {
				if !strings.Contains(out, s) {
					t.Errorf("output lacks %q; got:\n%s", s, out)
				}
			}
			calls := w.calls(t)
			if !tt.wantCalls && len(calls) > 0 {
				t.Errorf("gcloud ran %d times, want none; first: gcloud %s", len(calls), calls[0])
			}
			if called(calls, callAnyDeploy.prefix) {
				t.Errorf("setup.sh deployed without a database; calls:\n%s", strings.Join(calls, "\n"))
			}
			checkNoDatabasePassword(t, out, calls)
		})
	}
}

func TestSetupCommandTableMatchesBot(t *testing.T) {
	w := newGcloudWorld(t, refusingGcloud)
	out, code := w.run(t, "--project", "my-proj", "--region", "europe-west1", "--dry-run")
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	row := regexp.MustCompile(`(?m)^\s+(\d+)\s+/([a-z]+)\s+\S`)
	var got []string
	for _, m := range row.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1]+"="+m[2])
	}
	if want := bot.DefaultCommandIDs().String(); strings.Join(got, ",") != want {
		t.Errorf("commands printed for the console: got %s, want bot.DefaultCommandIDs %s", strings.Join(got, ","), want)
	}
}

func TestSetupRejectsBadArguments(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no project", []string{"--region", "europe-west1"}, "--project is required"},
		{"no region", []string{"--project", "my-proj"}, "--region is required"},
		{"project flag without value", []string{"--region", "europe-west1", "--project"}, "--project needs a value"},
		{"bad audience", []string{"--project", "my-proj", "--region", "europe-west1", "--audience", "email"}, "want url or project"},
		{"bad project id", []string{"--project", "My Project", "--region", "europe-west1"}, "not a project id"},
		{"unknown flag", []string{"--project", "my-proj", "--region", "europe-west1", "--yes"}, "unknown argument: --yes"},
		{"bad Cloud SQL instance", append(slices.Clone(baseArgs), "--cloudsql-instance", "onboard-db"), "want the connection name PROJECT:REGION:INSTANCE"},
		{"bad secret name", []string{"--project", "my-proj", "--region", "europe-west1", "--database-url-secret", "my secret"}, "want a Secret Manager secret name"},
		// The URL itself where its secret's name belongs: refused, and not echoed.
		{"database URL instead of its secret", []string{"--project", "my-proj", "--region", "europe-west1",
			"--database-url-secret", "postgres://onboard:hunter2@/onboard"}, "never the URL itself"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, refusingGcloud)
			out, code := w.run(t, tt.args...)
			if code == 0 || !strings.Contains(out, tt.want) {
				t.Errorf("setup.sh %q: exit %d, output:\n%s\nwant a non-zero exit and %q", tt.args, code, out, tt.want)
			}
			if strings.Contains(out, "hunter2") {
				t.Errorf("setup.sh repeated a database password; output:\n%s", out)
			}
			if got := w.calls(t); len(got) > 0 {
				t.Errorf("gcloud ran %d times on bad arguments, want 0", len(got))
			}
		})
	}
}
