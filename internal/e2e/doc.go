// Package e2e holds Onboard's end-to-end tests: the built binary runs as a
// process against chatfake, and the tests talk to it only over HTTP, as
// Google Chat does. It has no non-test code.
package e2e
