package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// TestCrashMidwayLosesNothing: a 200-person /invite is under way when the
// process is killed (SIGKILL: no draining). Restarted on the same database,
// Onboard finishes the job: everyone has exactly one membership, Chat saw
// no second successful create for anyone, and the progress message ends
// with the full tally.
func TestCrashMidwayLosesNothing(t *testing.T) {
	t.Parallel() // it mostly waits (pacing, kills, restarts): the slow tests overlap, on ports of their own (PORT=0)
	if testing.Short() {
		t.Skip("crash test: skipped with -short")
	}
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for i := 0; i < 200; i++ {
		addr := fmt.Sprintf("newhire%03d@example.com", i)
		world.Users = append(world.Users, chatfake.User{ID: fmt.Sprintf("9%020d", i), Email: addr,
			DisplayName: fmt.Sprintf("New Hire %03d", i), AutoAccept: i%5 != 0})
		addrs = append(addrs, addr)
	}
	// Previews off: this is about the work once it runs.
	// Paced at 1,800 writes a minute (about 29 a second), 200 creates take
	// about 7 s: they outlast the reply's 4 s wait, so the request is
	// still open, acknowledged, when the kill comes. Each call waits 0.3 s
	// as on Google, within a job's timeout (half of JOB_RESCUE_AFTER).
	o := startWorld(t, world, "url", "JOB_RESCUE_AFTER=2s", "CHAT_MEMBERSHIP_WRITES_PER_MIN=1800", "PREVIEW_OVER=0")
	o.fake.SetLatency("chat.spaces.members.create", 300*time.Millisecond)

	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "bulk1", "/invite "+strings.Join(addrs, " ")))
	if r := readReply(t, body, false); status != 200 || len(r.Titles) == 0 || r.Titles[0] != "Onboarding started" {
		t.Fatalf("bulk invite: status %d, reply %s; want the acknowledgement", status, body)
	}
	waitFor(t, 30*time.Second, "some people to be added", func() bool { return o.successfulCreates() >= 40 })
	o.kill()
	before := o.successfulCreates()
	if before >= 200 {
		t.Fatalf("all %d were added before the kill; the test did not interrupt anything", before)
	}
	o.launch()

	space := strings.TrimPrefix(platform, "spaces/")
	waitFor(t, 90*time.Second, "the final progress message", func() bool {
		msgs := o.fake.Messages(space)
		return len(msgs) > 0 && strings.Contains(strings.ToLower(msgs[len(msgs)-1].Text), "finished")
	})
	for i, addr := range addrs {
		wantState := "JOINED"
		if i%5 == 0 {
			wantState = "INVITED"
		}
		if st := o.state(platform, addr); st != wantState {
			t.Errorf("%s is %q, want %s", addr, st, wantState)
		}
		if n := o.fake.CreateCount(space, addr); n != 1 {
			t.Errorf("%s: %d successful creates, want exactly 1", addr, n)
		}
	}
	final := o.fake.Messages(space)
	text := final[len(final)-1].Text
	if !strings.Contains(text, "160 added") || !strings.Contains(text, "40 invited") {
		t.Errorf("final progress message %q: want the full tally (160 added, 40 invited)", text)
	}
	t.Logf("killed after %d of 200 creates; final message: %s", before, text)
}

// successfulCreates counts members.create calls chatfake answered 200.
func (o *onboard) successfulCreates() int {
	n := 0
	for _, c := range o.fake.Calls() {
		if c.Method == "chat.spaces.members.create" && c.Status == 200 {
			n++
		}
	}
	return n
}
