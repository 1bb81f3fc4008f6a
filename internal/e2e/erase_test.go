package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestEraseLeavesNoTraceOnDisk: after `onboard audit erase`, the erased
// person's address and users/… name are nowhere in the bytes of the
// SQLite database, its write-ahead log or its shared-memory index — not
// in old row versions, free pages or log frames, nor in River's record of
// the failed attempts to add them — while Onboard keeps running on it.
func TestEraseLeavesNoTraceOnDisk(t *testing.T) {
	t.Parallel() // it mostly waits (pacing, kills, restarts): the slow tests overlap, on ports of their own (PORT=0)
	o := start(t, "url", "CHAT_MEMBERSHIP_WRITES_PER_MIN=6000")
	const carol, carolName = "carol@example.com", "users/444444444444444444444"
	// Chat fails the first two tries to add her: River keeps the errors,
	// which name her.
	o.fake.FailNext("chat.spaces.members.create", 2, 503, "UNAVAILABLE", "")
	for _, s := range []struct{ person, text string }{
		{"sam", "/invite " + carol},
		{"carol", "/invite alice@example.com"}, // refused: she acts, too
	} {
		if status, body := o.post(o.urlToken(), event(t, o, s.person, "AAAAonbrd01", false, "", s.text)); status != 200 {
			t.Fatalf("%s %q: %d %s", s.person, s.text, status, body)
		}
	}
	waitFor(t, 60*time.Second, "carol's outcome in the audit log", func() bool {
		return bytes.Contains(o.auditExport(t, "jsonl"), []byte(`"person":"`+carolName+`","outcome":"joined"`))
	})
	db := o.sqlitePath()
	if n := traces(t, db, carol, carolName); n == 0 {
		t.Fatal("the database holds no trace of carol before the erasure; the test lost its point")
	}

	cmd := exec.Command(binary, "audit", "erase", "--person", carol, "--yes")
	cmd.Env = o.cliEnv()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("onboard audit erase: %v\n%s", err, out)
	}
	if n := traces(t, db, carol, carolName); n != 0 {
		t.Errorf("after erasure, %d traces of carol on disk, want none\nerase said: %s", n, out)
	}
	if export := o.auditExport(t, "jsonl"); bytes.Contains(export, []byte(carol)) || bytes.Contains(export, []byte(carolName)) {
		t.Errorf("after erasure the export still names carol:\n%s", export)
	}
}

// traces counts, and logs, the occurrences of each of words in the raw
// bytes of the SQLite database at path and its -wal and -shm files.
func traces(t *testing.T, path string, words ...string) int {
	t.Helper()
	n := 0
	for _, f := range []string{path, path + "-wal", path + "-shm"} {
		b, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range words {
			if c := bytes.Count(bytes.ToLower(b), []byte(strings.ToLower(w))); c > 0 {
				t.Logf("%s: %d × %q", f[strings.LastIndex(f, "/")+1:], c, w)
				n += c
			}
		}
	}
	return n
}

// sqlitePath is the process's SQLite database file.
func (o *onboard) sqlitePath() string {
	o.t.Helper()
	for _, kv := range o.env {
		if p, ok := strings.CutPrefix(kv, "DATABASE_URL=sqlite:"); ok {
			return p
		}
	}
	o.t.Fatal("the process has no SQLite database")
	return ""
}

// cliEnv is the environment an operator's `onboard audit …` runs with:
// the process's database.
func (o *onboard) cliEnv() []string {
	var env []string
	for _, kv := range o.env {
		if strings.HasPrefix(kv, "DATABASE_URL=") || strings.HasPrefix(kv, "PATH=") || strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return env
}
