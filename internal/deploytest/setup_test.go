package deploytest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/auditcli"
)

func TestSetupDryRunPrintsCommandsAndRunsNone(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    []expectedCall
		notWant []expectedCall
		output  []string
	}{
		{
			name: "url audience, Cloud SQL, operators",
			args: append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance, "--operators",
				"group:onboard-ops@example.com,user:dana@example.com", "--dry-run"),
			want: []expectedCall{callEnableAPIs, callCreateSA, callDeploy, callDeployURL,
				{"run services add-iam-policy-binding onboard", []string{"serviceAccount:chat@system.gserviceaccount.com", "roles/run.invoker"}},
				{"run services add-iam-policy-binding onboard", []string{"serviceAccount:service-<PROJECT_NUMBER>@gcp-sa-gsuiteaddons.iam.gserviceaccount.com", "roles/run.invoker"}},
				{"run services update onboard", []string{"--update-env-vars", "CHAT_AUDIENCE=<SERVICE_URL>"}},
				callSecretAccessor, callCloudSQLClient, callDeploySecret, callDeployCloudSQL, callDeployBackground,
				callBucketCreate, callBucketWriter, callBucketReader("group:onboard-ops@example.com"),
				callBucketReader("user:dana@example.com"), callAuditJob, callAuditJobCloudSQL, callDoctorJob},
			notWant: []expectedCall{callDeployProject},
			output: append([]string{"HTTP endpoint URL:        <SERVICE_URL>", "Authentication Audience:  HTTP endpoint URL"},
				wantCosts...),
		},
		{
			name: "project-number audience, database elsewhere",
			args: []string{"--project=my-proj", "--region=europe-west1", "--audience=project",
				"--database-url-secret=" + dbSecret, "--dry-run"},
			want: []expectedCall{callEnableAPIs, callCreateSA, callDeploy, callDeployProject, {"projects describe my-proj", nil},
				callSecretAccessor, callDeploySecret, callDeployBackground, callAuditJob, callDoctorJob,
				{"run deploy onboard", []string{"--remove-env-vars", "CHAT_ADDON_SERVICE_ACCOUNT"}}},
			notWant: []expectedCall{callDeployURL, {"run services add-iam-policy-binding", nil}, callDeployCloudSQL,
				callCloudSQLClient, callAuditJobCloudSQL, {"storage buckets add-iam-policy-binding", []string{"roles/storage.objectViewer"}}},
			output: append([]string{"HTTP endpoint URL:        <SERVICE_URL>", "Authentication Audience:  Project Number",
				"CHAT_AUDIENCE=<PROJECT_NUMBER>", "none given (--operators)"}, wantCosts...),
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
			wantCalls(t, traced, tt.want...)
			wantNoCalls(t, traced, tt.notWant...)
			wantOutput(t, out, tt.output...)
			checkNoDatabasePassword(t, out, traced)
		})
	}
}

// TestSetupChecksBeforeChanging: every input is checked with read-only
// calls before the first change, so a run that fails there leaves the
// project as it was.
func TestSetupChecksBeforeChanging(t *testing.T) {
	w := newGcloudWorld(t, fakeGcloud)
	out, code := w.run(t, append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance)...)
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	calls := w.calls(t)
	first := slices.IndexFunc(calls, func(c string) bool { return !readOnly(c) })
	if first < 0 {
		t.Fatal("setup.sh changed nothing")
	}
	for _, check := range []string{"projects describe my-proj", "run regions list", "secrets describe " + dbSecret,
		"sql instances describe onboard-db", "storage buckets describe gs://" + exportBucket} {
		if i := slices.IndexFunc(calls, func(c string) bool { return strings.HasPrefix(c, check) }); i < 0 || i > first {
			t.Errorf("gcloud %s: at call %d, want it before the first change (call %d: gcloud %s)", check, i, first, calls[first])
		}
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
	args := append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance, "--operators", "group:onboard-ops@example.com")
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
				// the Cloud SQL connection and the background-work settings,
				// lets both of Chat's identities in, and (re)deploys the jobs.
				wantCalls(t, calls, callEnableAPIs, callDeploy, callDeployURL, callInvoker, callAddonInvoker,
					callSecretAccessor, callCloudSQLClient, callDeploySecret, callDeployCloudSQL, callDeployBackground,
					callBucketWriter, callBucketReader("group:onboard-ops@example.com"), callAuditJob, callAuditJobCloudSQL,
					callDoctorJob)
				wantOutput(t, outs[i], append([]string{"HTTP endpoint URL:        " + fakeURL, fakeAddonAgent}, wantCosts...)...)
				checkNoDatabasePassword(t, outs[i], calls)
				checkDoctorJobConfig(t, calls)
			}
			// The bucket is created once, and its settings enforced again after.
			wantCalls(t, runs[0], callBucketCreate)
			wantCalls(t, runs[1], callBucketUpdate)
			wantNoCalls(t, runs[1], callBucketCreate)
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
			// Both runs deploy trusting the project's add-on service agent.
			for i, aud := range []string{"https://audience-pending.invalid", fakeURL} {
				wantCalls(t, runs[i], expectedCall{"run deploy onboard", []string{"CHAT_AUDIENCE=" + aud +
					",GOOGLE_CLOUD_PROJECT=my-proj,CHAT_ADDON_SERVICE_ACCOUNT=" + fakeAddonAgent}})
			}
			if called(runs[1], "run services update") {
				t.Errorf("run 2: want a deploy with the known URL and no update; calls:\n%s", strings.Join(runs[1], "\n"))
			}
			checkEveryRevisionStarts(t, w.calls(t), "onboard")
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
	wantCalls(t, calls, callDeploy, callDeployProject, callSecretAccessor, callDeploySecret, callDeployBackground,
		expectedCall{"run deploy onboard", []string{"CHAT_AUDIENCE=" + fakeProjectNumber + ",GOOGLE_CLOUD_PROJECT=my-proj"}},
		callAuditJob, callDoctorJob)
	wantNoCalls(t, calls, callDeployURL, expectedCall{"run services add-iam-policy-binding", nil},
		expectedCall{"run services update", nil}, callDeployCloudSQL, callCloudSQLClient)
	wantOutput(t, out, "Authentication Audience:  Project Number", "CHAT_AUDIENCE="+fakeProjectNumber,
		"HTTP endpoint URL:        "+fakeURL)
	checkEveryRevisionStarts(t, calls, "onboard")
	checkDoctorJobConfig(t, calls)
}

// TestSetupAddonAgentNotYetCreated: Google creates the add-on service
// agent itself; until it exists its invoker grant is reported and the
// run goes on, with Chat's own grant in place.
func TestSetupAddonAgentNotYetCreated(t *testing.T) {
	w := newGcloudWorld(t, fakeGcloud, "FAKE_ADDON_AGENT=missing")
	out, code := w.run(t, baseArgs...)
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	wantCalls(t, w.calls(t), callInvoker, callAddonInvoker, callAuditJob)
	wantOutput(t, out, "not granted yet: "+fakeAddonAgent+" does not exist yet", "run setup.sh again")
}

// TestSetupStopsBeforeChanging: on Cloud Run Onboard refuses SQLite, so a
// deploy without the database's secret could only produce a revision that
// never starts; a wrong region, a missing Cloud SQL instance or a bucket
// name taken elsewhere would fail half way. setup.sh finds each of them
// with read-only calls, says which step failed, and changes nothing.
func TestSetupStopsBeforeChanging(t *testing.T) {
	withSQL := append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance)
	tests := []struct {
		name string
		args []string
		env  []string
		want []string
	}{
		{"no --database-url-secret", []string{"--project", "my-proj", "--region", "europe-west1"}, nil,
			append([]string{"--database-url-secret is required", "Nothing was changed"}, wantDatabaseSteps...)},
		{"the secret does not exist", baseArgs, []string{"FAKE_SECRET=missing"},
			append([]string{"secret onboard-database-url does not exist in project my-proj", "Nothing was changed",
				"setup.sh: failed at step: check the database secret"}, wantDatabaseSteps...)},
		{"the region does not exist", []string{"--project", "my-proj", "--region", "europe-west99", "--database-url-secret", dbSecret},
			nil, []string{"--region europe-west99: Cloud Run has no such region", "failed at step: check the region"}},
		{"the Cloud SQL instance does not exist", withSQL, []string{"FAKE_SQL=missing"},
			[]string{"Cloud SQL instance " + sqlInstance + " not found", "failed at step: check the Cloud SQL instance"}},
		{"the bucket name is someone else's", baseArgs, []string{"FAKE_BUCKET=taken"},
			[]string{"bucket gs://" + exportBucket + " exists and is not yours", "--export-bucket",
				"failed at step: check the export bucket"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, fakeGcloud, tt.env...)
			out, code := w.run(t, tt.args...)
			if code == 0 {
				t.Fatalf("setup.sh %q: exit 0, want a failure; output:\n%s", tt.args, out)
			}
			wantOutput(t, out, tt.want...)
			calls := w.calls(t)
			if changes := mutating(calls); len(changes) > 0 {
				t.Errorf("setup.sh changed something before failing: gcloud %s", strings.Join(changes, "\ngcloud "))
			}
			checkNoDatabasePassword(t, out, calls)
		})
	}
}

// TestSetupRegionsUnlisted: before run.googleapis.com is enabled Cloud Run
// cannot list its regions; the name's shape was checked, and the run goes on.
func TestSetupRegionsUnlisted(t *testing.T) {
	w := newGcloudWorld(t, fakeGcloud, "FAKE_REGIONS=unlisted")
	out, code := w.run(t, baseArgs...)
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	wantOutput(t, out, "could not list Cloud Run's regions")
}

// TestSetupNamesTheFailingStep: a gcloud failure in the middle of the run
// names the step it happened in.
func TestSetupNamesTheFailingStep(t *testing.T) {
	failing := strings.Replace(fakeGcloud, `"builds submit "*) exit 0 ;;`,
		`"builds submit "*) echo "ERROR: (gcloud.builds.submit) build failed" >&2; exit 1 ;;`, 1)
	w := newGcloudWorld(t, failing)
	out, code := w.run(t, baseArgs...)
	if code == 0 {
		t.Fatalf("exit 0, want a failure; output:\n%s", out)
	}
	wantOutput(t, out, "setup.sh: failed at step: build deploy/Dockerfile on Cloud Build")
	wantNoCalls(t, w.calls(t), callAnyDeploy)
}

// TestSetupCommandTableMatchesBot: the commands setup.sh prints for the
// console are bot's ids; /connect (12) and /disconnect (13) only with an
// OAuth client. deploy/README.md's table says the same.
func TestSetupCommandTableMatchesBot(t *testing.T) {
	for _, tt := range []struct {
		name  string
		args  []string
		oauth bool
	}{
		{"without an OAuth client", nil, false},
		{"with an OAuth client", oauthArgs, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, refusingGcloud)
			out, code := w.run(t, append(append(slices.Clone(baseArgs), tt.args...), "--dry-run")...)
			if code != 0 {
				t.Fatalf("exit %d, want 0; output:\n%s", code, out)
			}
			if got, want := commandRows(out), wantCommands(tt.oauth); got != want {
				t.Errorf("commands printed for the console: got %s, want %s", got, want)
			}
		})
	}
	readme := readRepoFile(t, "deploy/README.md")
	if got, want := commandRows(readme), wantCommands(true); got != want {
		t.Errorf("deploy/README.md's command tables: got %s, want %s", got, want)
	}
}

// commandRows are the "ID /name" rows of a console command table, as
// id=name,… in order.
func commandRows(text string) string {
	row := regexp.MustCompile(`(?m)^[\s|]+(\d+)\s+\|?\s*` + "`?" + `/([a-z]+)` + "`?" + `\s+\|?\s*\S`)
	var got []string
	for _, m := range row.FindAllStringSubmatch(text, -1) {
		got = append(got, m[1]+"="+m[2])
	}
	return strings.Join(got, ",")
}

// wantCommands is bot's table, with 12=connect and 13=disconnect when the
// deployment connects accounts — whether or not bot has learnt them yet
// (they are the ids the console gets; CHAT_COMMAND_IDS can move them).
func wantCommands(oauth bool) string {
	ids := bot.DefaultCommandIDs()
	oauthOnly := map[int64]bot.CommandName{12: "connect", 13: "disconnect"}
	var out []string
	for id := int64(1); id <= 13; id++ {
		name, known := ids[id]
		want, only := oauthOnly[id]
		switch {
		case only && known && name != want:
			out = append(out, fmt.Sprintf("%d=%s (bot's, not %s)", id, name, want))
		case only && oauth:
			out = append(out, fmt.Sprintf("%d=%s", id, want))
		case !only && known:
			out = append(out, fmt.Sprintf("%d=%s", id, name))
		}
	}
	return strings.Join(out, ",")
}

// TestSetupMountsWhereAuditWrites: the job mounts the bucket where
// `onboard audit export` in a job insists on writing.
func TestSetupMountsWhereAuditWrites(t *testing.T) {
	w := newGcloudWorld(t, refusingGcloud)
	out, _ := w.run(t, append(slices.Clone(baseArgs), "--dry-run")...)
	wantCalls(t, tracedCalls(out), expectedCall{"run jobs deploy onboard-audit",
		[]string{"volume=exports,mount-path=" + auditcli.JobExportDir}})
	wantOutput(t, out, "--args=audit,export,--out,"+auditcli.JobExportDir+"/")
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
		{"bucket name with capitals", append(slices.Clone(baseArgs), "--export-bucket", "My_Exports"), "--export-bucket My_Exports: 3-63 lower-case"},
		{"bucket name with google", append(slices.Clone(baseArgs), "--export-bucket", "google-exports"), "refuses names with goog"},
		{"operators as a domain", append(slices.Clone(baseArgs), "--operators", "domain:example.com"), "--operators domain:example.com: want user:EMAIL"},
		{"operators without a kind", append(slices.Clone(baseArgs), "--operators", "dana@example.com"), "want user:EMAIL, group:EMAIL"},
		{"delete data without teardown", append(slices.Clone(baseArgs), "--delete-data"), "--delete-data only goes with --teardown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, refusingGcloud)
			out, code := w.run(t, tt.args...)
			if code == 0 || !strings.Contains(out, tt.want) {
				t.Errorf("setup.sh %q: exit %d, output:\n%s\nwant a non-zero exit and %q", tt.args, code, out, tt.want)
			}
			wantOutput(t, out, "setup.sh: failed at step: read the arguments")
			if strings.Contains(out, "hunter2") {
				t.Errorf("setup.sh repeated a database password; output:\n%s", out)
			}
			if got := w.calls(t); len(got) > 0 {
				t.Errorf("gcloud ran %d times on bad arguments, want 0", len(got))
			}
		})
	}
}
