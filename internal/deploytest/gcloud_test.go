package deploytest

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	fakeURL           = "https://onboard-abc-uc.a.run.app"
	fakeProjectNumber = "123456789012"
	fakeAddonAgent    = "service-" + fakeProjectNumber + "@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
	dbSecret          = "onboard-database-url"
	sqlInstance       = "my-proj:europe-west1:onboard-db"
	exportBucket      = "my-proj-onboard-exports"
	// standInDatabaseURL is what Cloud Run would read from the secret when an
	// instance starts; setup.sh itself never sees it.
	standInDatabaseURL = "postgres://onboard@/onboard?host=/cloudsql/" + sqlInstance
)

// baseArgs deploy with a database, as every real run must.
var baseArgs = []string{"--project", "my-proj", "--region", "europe-west1", "--database-url-secret", dbSecret}

// fakeGcloud answers like gcloud for the commands setup.sh runs, records
// each call (one line, arguments joined by spaces) in $FAKE_GCLOUD_LOG and
// keeps what it "created" in $FAKE_GCLOUD_STATE, so a second run sees the
// first run's resources. Knobs, all optional:
//
//	FAKE_DESCRIBE=denied      the service account and repository describes fail, as they do
//	                          without the viewer permission; create finds out they exist
//	FAKE_SECRET=missing       no secret exists (the database URL's included)
//	FAKE_MISSING_SECRETS="a b" these secrets do not exist until setup.sh creates them
//	FAKE_SQL=missing          the Cloud SQL instance does not exist
//	FAKE_BUCKET=taken         the export bucket's name belongs to another project
//	FAKE_EXPORTS=some         the export bucket holds exports
//	FAKE_ADDON_AGENT=missing  the project's add-on service agent does not exist yet
//	FAKE_REGIONS=unlisted     Cloud Run cannot list its regions (API not enabled yet)
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
gone() {
  [[ -e $state/$1 ]] && { rm "$state/$1"; echo "Deleted $1."; exit 0; }
  echo "ERROR: (gcloud) NOT_FOUND: $1 could not be found" >&2; exit 1
}
case "$*" in
  "services enable "*) exit 0 ;;
  "projects describe "*) echo ` + fakeProjectNumber + ` ;;
  "run regions list "*)
    [[ ${FAKE_REGIONS:-} == unlisted ]] && { echo "ERROR: Cloud Run Admin API has not been used" >&2; exit 1; }
    printf 'europe-west1\nus-central1\nasia-northeast1\n' ;;
  "iam service-accounts describe "*) describe service-account ;;
  "iam service-accounts create "*) create service-account ;;
  "iam service-accounts delete "*) gone service-account ;;
  "artifacts repositories describe "*) describe repository ;;
  "artifacts repositories create "*) create repository ;;
  "artifacts repositories delete "*) gone repository ;;
  "builds submit "*) exit 0 ;;
  "run deploy "*) touch "$state/service-$3"; exit 0 ;;
  "run services describe "*)
    [[ -e $state/service-$4 ]] && { echo "https://$4-abc-uc.a.run.app"; exit 0; }
    echo "ERROR: (gcloud.run.services.describe) Cannot find service" >&2; exit 1 ;;
  "run services update "*) exit 0 ;;
  "run services delete "*) gone "service-$4" ;;
  "run services add-iam-policy-binding "*gcp-sa-gsuiteaddons*)
    [[ ${FAKE_ADDON_AGENT:-} != missing ]] && exit 0
    echo "ERROR: (gcloud.run.services.add-iam-policy-binding) INVALID_ARGUMENT: Service account ` +
	fakeAddonAgent + ` does not exist." >&2; exit 1 ;;
  "run services add-iam-policy-binding "*) exit 0 ;;
  "run jobs deploy "*) touch "$state/job-$4"; exit 0 ;;
  "run jobs delete "*) gone "job-$4" ;;
  "secrets describe "*)
    if [[ ${FAKE_SECRET:-} != missing && ( " ${FAKE_MISSING_SECRETS:-} " != *" $3 "* || -e $state/secret-$3 ) ]]; then
      echo "projects/1/secrets/$3"; exit 0
    fi
    echo "ERROR: (gcloud.secrets.describe) NOT_FOUND: Secret [$3] not found" >&2; exit 1 ;;
  "secrets create "*)
    # The value comes on stdin (--data-file=-); it is kept, never printed.
    [[ -e $state/secret-$3 ]] && { echo "ERROR: (gcloud.secrets.create) Resource in projects [1] is the subject of a conflict: Secret [projects/1/secrets/$3] already exists." >&2; exit 1; }
    cat > "$state/secret-$3"; echo "Created version [1] of the secret [$3]." ;;
  "secrets add-iam-policy-binding "* | "secrets remove-iam-policy-binding "* | "secrets delete "*) exit 0 ;;
  "projects add-iam-policy-binding "* | "projects remove-iam-policy-binding "*) exit 0 ;;
  "sql instances describe "*)
    [[ ${FAKE_SQL:-} != missing ]] && { echo ` + sqlInstance + `; exit 0; }
    echo "ERROR: (gcloud.sql.instances.describe) HTTPError 404: The Cloud SQL instance does not exist." >&2; exit 1 ;;
  "sql instances delete "*) exit 0 ;;
  "storage buckets describe "*)
    [[ ${FAKE_BUCKET:-} == taken ]] && { echo "ERROR: (gcloud.storage.buckets.describe) HTTPError 403: caller does not have storage.buckets.get access" >&2; exit 1; }
    [[ -e $state/bucket ]] && { echo ` + exportBucket + `; exit 0; }
    echo "ERROR: (gcloud.storage.buckets.describe) gs://` + exportBucket + ` not found: 404." >&2; exit 1 ;;
  "storage buckets create "*) create bucket ;;
  "storage buckets update "* | "storage buckets add-iam-policy-binding "* | "storage buckets remove-iam-policy-binding "*) exit 0 ;;
  "storage ls "*) [[ ${FAKE_EXPORTS:-} == some ]] && echo "gs://` + exportBucket + `/audit-2026-12-01.csv"; exit 0 ;;
  "storage buckets delete "* | "storage rm "*) gone bucket ;;
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

// readOnly reports whether a gcloud call only reads: describe, list, ls.
func readOnly(call string) bool {
	f := strings.Fields(call)
	return slices.ContainsFunc(f[:min(3, len(f))], func(w string) bool {
		return w == "describe" || w == "list" || w == "ls"
	})
}

// mutating are the calls that change something.
func mutating(calls []string) []string {
	var out []string
	for _, c := range calls {
		if !readOnly(c) {
			out = append(out, c)
		}
	}
	return out
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

const saMember = "serviceAccount:onboard-app@my-proj.iam.gserviceaccount.com"

var (
	callEnableAPIs = expectedCall{"services enable ", []string{"chat.googleapis.com", "run.googleapis.com",
		"cloudbuild.googleapis.com", "artifactregistry.googleapis.com", "secretmanager.googleapis.com",
		"sqladmin.googleapis.com", "storage.googleapis.com", "my-proj"}}
	callCreateSA  = expectedCall{"iam service-accounts create onboard-app", []string{"my-proj"}}
	callDeploy    = expectedCall{"run deploy onboard", []string{"--region", "europe-west1", "--service-account", "onboard-app@my-proj.iam.gserviceaccount.com"}}
	callDeployURL = expectedCall{"run deploy onboard", []string{"--no-allow-unauthenticated"}}
	// Both of Google Chat's identities may invoke a private service.
	callInvoker = expectedCall{"run services add-iam-policy-binding onboard",
		[]string{"serviceAccount:chat@system.gserviceaccount.com", "roles/run.invoker"}}
	callAddonInvoker = expectedCall{"run services add-iam-policy-binding onboard",
		[]string{"serviceAccount:" + fakeAddonAgent, "roles/run.invoker"}}
	callDeployProject = expectedCall{"run deploy onboard", []string{"--allow-unauthenticated"}}
	// Background work runs after the reply: CPU always allocated, one instance up.
	callDeployBackground = expectedCall{"run deploy onboard", []string{"--no-cpu-throttling", "--min-instances", "1"}}
	callDeploySecret     = expectedCall{"run deploy onboard", []string{"--update-secrets", "DATABASE_URL=" + dbSecret + ":latest"}}
	callDeployCloudSQL   = expectedCall{"run deploy onboard", []string{"--add-cloudsql-instances", sqlInstance}}
	callSecretAccessor   = expectedCall{"secrets add-iam-policy-binding " + dbSecret, []string{"my-proj",
		saMember, "roles/secretmanager.secretAccessor"}}
	callCloudSQLClient = expectedCall{"projects add-iam-policy-binding my-proj", []string{saMember, "roles/cloudsql.client"}}
	callAnyDeploy      = expectedCall{"run deploy", nil}
	// The audit job: same image and account, the database from the same
	// secret, the export bucket mounted where `onboard audit export` writes.
	callAuditJob = expectedCall{"run jobs deploy onboard-audit", []string{"--service-account",
		"onboard-app@my-proj.iam.gserviceaccount.com", "--set-secrets", "DATABASE_URL=" + dbSecret + ":latest",
		"--add-volume", "name=exports,type=cloud-storage,bucket=" + exportBucket,
		"--add-volume-mount", "volume=exports,mount-path=/exports", "--args", "audit,help"}}
	callAuditJobCloudSQL = expectedCall{"run jobs deploy onboard-audit", []string{"--set-cloudsql-instances", sqlInstance}}
	callDoctorJob        = expectedCall{"run jobs deploy onboard-doctor", []string{"--service-account",
		"onboard-app@my-proj.iam.gserviceaccount.com", "--set-secrets", "DATABASE_URL=" + dbSecret + ":latest", "--args", "doctor"}}
	callBucketCreate = expectedCall{"storage buckets create gs://" + exportBucket, []string{"--uniform-bucket-level-access",
		"--public-access-prevention", "--location", "europe-west1"}}
	callBucketUpdate = expectedCall{"storage buckets update gs://" + exportBucket, []string{"--uniform-bucket-level-access",
		"--public-access-prevention"}}
	callBucketWriter = expectedCall{"storage buckets add-iam-policy-binding gs://" + exportBucket, []string{saMember,
		"roles/storage.objectUser"}}
)

// callBucketReader is an operator's read access to the exports.
func callBucketReader(member string) expectedCall {
	return expectedCall{"storage buckets add-iam-policy-binding gs://" + exportBucket, []string{member, "roles/storage.objectViewer"}}
}

// wantDatabaseSteps are the commands printed when there is no database yet.
var wantDatabaseSteps = []string{"gcloud sql instances create ", "gcloud sql databases create onboard ",
	"gcloud sql users create onboard ", "gcloud secrets create onboard-database-url ", "--data-file=-",
	"--database-url-secret onboard-database-url --cloudsql-instance my-proj:europe-west1:onboard-db"}

// wantCosts are the monthly cost drivers setup.sh names, with where to
// price them.
var wantCosts = []string{"What this costs each month", "--min-instances 1", "--no-cpu-throttling",
	"https://cloud.google.com/run/pricing", "https://cloud.google.com/sql/pricing",
	"https://cloud.google.com/storage/pricing", "https://cloud.google.com/artifact-registry/pricing",
	"https://cloud.google.com/products/calculator"}

func wantCalls(t *testing.T, calls []string, want ...expectedCall) {
	t.Helper()
	for _, c := range want {
		if !called(calls, c.prefix, c.args...) {
			t.Errorf("no gcloud %s with %q; calls:\n%s", c.prefix, c.args, strings.Join(calls, "\n"))
		}
	}
}

func wantNoCalls(t *testing.T, calls []string, notWant ...expectedCall) {
	t.Helper()
	for _, c := range notWant {
		if called(calls, c.prefix, c.args...) {
			t.Errorf("got gcloud %s with %q, want none; calls:\n%s", c.prefix, c.args, strings.Join(calls, "\n"))
		}
	}
}

func wantOutput(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q; got:\n%s", s, out)
		}
	}
}
