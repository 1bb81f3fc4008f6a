// Package loadtest owns Onboard's load benchmark (`go run ./cmd/loadtest`,
// docs/performance.md): it builds the real onboard binary and the naive
// reference server (cmd/loadtest/naive), runs each as its own process in
// configured mode against an in-process chatfake, drives both with the same
// signed /help events through github.com/tsenart/vegeta/v12/lib — closed
// loop at saturation and open loop at fixed rates, with a fresh token per
// request or one token for all — and reports, per run, requests per second,
// server CPU per request (from /proc/PID/stat), resident memory idle and at
// peak (/proc/PID/status), latency percentiles and errors, then Onboard's
// ratios to the reference as a Markdown table. With -cold it measures
// cold starts instead (cold.go): exec to the port, to the first and to the
// last answer of 200 signed events sent at once, and how often the key
// server was asked for Google's keys meanwhile. With -build it measures
// clean builds (buildcost.go); with -before REV it also builds Onboard as
// of git revision REV and measures it in the same run, so that "before"
// and "after" come from one machine at one time (revision.go).
//
// It measures and prints; it never decides that a number is good or bad.
// Only -smoke fails on a broken harness (a server that does not answer 200
// with a reply, or any error under a low load): that is what CI runs
// (smoke_slow_test.go, build tag slow). It reads /proc and so runs on
// Linux only; it pins the servers and itself to different CPUs with
// taskset(1) when it can.
//
// Tokens are minted by the embedded chatfake with its Google signing key;
// nothing here ever reaches Google, and no token or key is printed.
package loadtest
