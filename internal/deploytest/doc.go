// Package deploytest holds the tests of deploy/ and app.yaml: setup.sh run
// against a stand-in gcloud (dry run, idempotency, both audience modes, the
// database secret, the checks before any change, the audit and doctor jobs,
// teardown), the container image's final stage, the Cloud Run service and
// App Engine files (the runtime pinned to deploy/appengine-runtimes.txt), and
// shellcheck. It has no code of its own: deploy/ holds no Go, and nothing
// imports this package.
//
// The slow checks — the binary built exactly as deploy/Dockerfile builds it,
// static and stripped, and its command line — are behind the build tag
// slow (image_slow_test.go): go test -tags slow ./internal/deploytest/...
// .ci/run runs them as a step of their own.
package deploytest
