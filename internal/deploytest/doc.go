// Package deploytest holds the tests of deploy/ and app.yaml: setup.sh run
// against a stand-in gcloud (dry run, idempotency, both audience modes, the
// database secret, and stopping when there is none), the container image's
// build flags and final stage, the Cloud Run service and App Engine files,
// and shellcheck. It has no code of its own: deploy/ holds no Go, and
// nothing imports this package.
package deploytest
