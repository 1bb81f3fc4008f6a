package e2e

import (
	"errors"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestSIGTERMDrainsInFlightRequests: Cloud Run sends SIGTERM and waits 10 s.
// A slow /invite that is in flight completes with its card, and the process
// exits 0 within the grace period.
func TestSIGTERMDrainsInFlightRequests(t *testing.T) {
	o := start(t, "url")
	o.fake.SetLatency("chat.spaces.members.create", 1500*time.Millisecond)

	type answer struct {
		status int
		body   []byte
	}
	done := make(chan answer, 1)
	go func() {
		status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "slow1", "/invite carol@example.com"))
		done <- answer{status, body}
	}()
	// In flight: the invoker's role was looked up, so the slow create is next.
	waitFor(t, 10*time.Second, "the role lookup", func() bool {
		for _, c := range o.fake.Calls() {
			if c.Method == "chat.spaces.members.get" {
				return true
			}
		}
		return false
	})
	if err := o.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- o.cmd.Wait() }()

	select {
	case a := <-done:
		if a.status != 200 || readReply(t, a.body, false).Rows["carol@example.com"] != addedByOnboard {
			t.Errorf("in-flight request: status %d, body %s; want 200 with carol added", a.status, a.body)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the in-flight request did not complete within the grace period")
	}
	select {
	case err := <-exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) || err != nil {
			t.Errorf("process exited with %v, want 0; logs:\n%s", err, o.logs)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the process did not exit within 10 s of SIGTERM")
	}
	if st := o.state(platform, "carol@example.com"); st != "JOINED" {
		t.Errorf("carol is %q, want JOINED", st)
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond) // polling a condition, not waiting for time to pass
	}
}
