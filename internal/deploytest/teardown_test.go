package deploytest

import (
	"slices"
	"strings"
	"testing"
)

var (
	removeJobs = []expectedCall{{"run jobs delete onboard-audit", []string{"--region", "europe-west1"}},
		{"run jobs delete onboard-doctor", []string{"--region", "europe-west1"}}}
	removeService     = expectedCall{"run services delete onboard", []string{"--region", "europe-west1"}}
	removeSA          = expectedCall{"iam service-accounts delete onboard-app@my-proj.iam.gserviceaccount.com", nil}
	removeRepository  = expectedCall{"artifacts repositories delete onboard", []string{"--location", "europe-west1"}}
	removeSecretUse   = expectedCall{"secrets remove-iam-policy-binding " + dbSecret, []string{saMember, "roles/secretmanager.secretAccessor"}}
	removeSQLClient   = expectedCall{"projects remove-iam-policy-binding my-proj", []string{saMember, "roles/cloudsql.client"}}
	removeEmptyBucket = expectedCall{"storage buckets delete gs://" + exportBucket, nil}
	removeBucketData  = expectedCall{"storage rm --recursive gs://" + exportBucket, nil}
	// The data: never without --delete-data.
	deleteSecret   = expectedCall{"secrets delete " + dbSecret, nil}
	deleteDatabase = expectedCall{"sql instances delete onboard-db", nil}
)

var teardownArgs = append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance, "--teardown")

// TestTeardownDryRun: --teardown --dry-run lists what would be removed and
// runs nothing; the database and its secret are listed only with
// --delete-data.
func TestTeardownDryRun(t *testing.T) {
	keep := []expectedCall{deleteSecret, deleteDatabase, removeBucketData}
	tests := []struct {
		name    string
		args    []string
		want    []expectedCall
		notWant []expectedCall
		output  []string
	}{
		{"keeps the data", append(slices.Clone(teardownArgs), "--dry-run"),
			append(slices.Clone(removeJobs), removeService, removeSA, removeRepository, removeSecretUse, removeSQLClient,
				removeEmptyBucket, expectedCall{"storage ls gs://" + exportBucket, nil}),
			keep, []string{"The database and the secrets are kept", "deleted only if it holds no exports"}},
		{"no database named", []string{"--project", "my-proj", "--region", "europe-west1", "--teardown", "--dry-run"},
			append(slices.Clone(removeJobs), removeService, removeSA, removeRepository),
			append(keep, removeSecretUse, removeSQLClient), nil},
		{"--delete-data", append(slices.Clone(teardownArgs), "--delete-data", "--dry-run"),
			append(slices.Clone(removeJobs), removeService, removeSA, removeRepository, removeSQLClient, removeBucketData,
				deleteSecret, deleteDatabase),
			[]expectedCall{removeSecretUse, removeEmptyBucket}, []string{"every database in it (--delete-data)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newGcloudWorld(t, refusingGcloud)
			out, code := w.run(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d, want 0; output:\n%s", code, out)
			}
			if got := w.calls(t); len(got) > 0 {
				t.Fatalf("a dry run executed gcloud %d times, want 0; first: gcloud %s", len(got), got[0])
			}
			traced := tracedCalls(out)
			wantCalls(t, traced, tt.want...)
			wantNoCalls(t, traced, tt.notWant...)
			wantOutput(t, out, tt.output...)
		})
	}
}

// TestTeardownAfterSetup removes what a set-up created, keeps a bucket
// that holds exports (and its operators' access to them), and can run
// again when everything is gone already.
func TestTeardownAfterSetup(t *testing.T) {
	for _, exports := range []string{"", "some"} {
		t.Run("exports="+exports, func(t *testing.T) {
			w := newGcloudWorld(t, fakeGcloud, "FAKE_EXPORTS="+exports)
			if out, code := w.run(t, append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance)...); code != 0 {
				t.Fatalf("setup: exit %d; output:\n%s", code, out)
			}
			for i := range 2 {
				before := len(w.calls(t))
				out, code := w.run(t, teardownArgs...)
				if code != 0 {
					t.Fatalf("teardown %d: exit %d, want 0; output:\n%s", i+1, code, out)
				}
				calls := w.calls(t)[before:]
				wantCalls(t, calls, append(slices.Clone(removeJobs), removeService, removeSA, removeRepository,
					removeSecretUse, removeSQLClient)...)
				wantNoCalls(t, calls, deleteSecret, deleteDatabase, removeBucketData)
				if exports == "some" {
					wantNoCalls(t, calls, removeEmptyBucket)
					wantCalls(t, calls, expectedCall{"storage buckets remove-iam-policy-binding gs://" + exportBucket,
						[]string{saMember, "roles/storage.objectUser"}})
					wantOutput(t, out, "kept: it holds audit exports")
				} else {
					wantCalls(t, calls, removeEmptyBucket)
				}
				if i == 1 {
					wantOutput(t, out, "not there — nothing to do")
				}
			}
		})
	}
}

func TestTeardownDeleteData(t *testing.T) {
	w := newGcloudWorld(t, fakeGcloud, "FAKE_EXPORTS=some")
	if out, code := w.run(t, append(slices.Clone(baseArgs), "--cloudsql-instance", sqlInstance)...); code != 0 {
		t.Fatalf("setup: exit %d; output:\n%s", code, out)
	}
	before := len(w.calls(t))
	out, code := w.run(t, append(slices.Clone(teardownArgs), "--delete-data")...)
	if code != 0 {
		t.Fatalf("exit %d, want 0; output:\n%s", code, out)
	}
	calls := w.calls(t)[before:]
	wantCalls(t, calls, removeBucketData, deleteSecret, deleteDatabase)
	if i, j := slices.IndexFunc(calls, func(c string) bool { return strings.HasPrefix(c, removeService.prefix) }),
		slices.IndexFunc(calls, func(c string) bool { return strings.HasPrefix(c, deleteDatabase.prefix) }); i < 0 || j < i {
		t.Errorf("the database was deleted before the service that uses it (calls %d, %d)", j, i)
	}
}
