package loadtest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// The servers under load.
const (
	onboardName = "onboard"
	naiveName   = "naive"
	floorName   = "floor"  // the naive reference with River, SQLite, pgx and a chat/v1 client
	beforeName  = "before" // Onboard as of the -before revision (revision.go)
)

// serverPackages is what each server is built from: a package of this
// module, or (before) the main package of the revision's own tree.
var serverPackages = map[string]string{
	onboardName: modulePath,
	naiveName:   modulePath + "/cmd/loadtest/naive",
	floorName:   modulePath + "/cmd/loadtest/floor",
	beforeName:  ".",
}

// rig is what every run shares: the binaries, the chatfake that plays
// Google and the directory their files live in.
type rig struct {
	dir       string
	binaries  map[string]string // server name → its binary
	fake      *chatfake.Server
	world     *chatfake.World
	key       string      // the app's service-account key file
	serverCPU string      // taskset CPU list for the servers; "" means not pinned
	runs      int         // servers started so far (each gets its own database)
	pool      freshTokens // minted so far, shared by every fresh-token run
	mintedAt  time.Time   // when the pool's first token was minted
	before    revision    // -before's source; zero without it
}

// sourceDir is the directory server name is built in: the revision's tree
// for before, else the current one.
func (r *rig) sourceDir(name string) string {
	if name == beforeName {
		return r.before.dir
	}
	return ""
}

// buildBinaries builds Onboard and the other servers named once, as a
// deployment would (no race detector, no test flags).
func (r *rig) buildBinaries(ctx context.Context, names []string, stderr io.Writer) error {
	r.binaries = map[string]string{}
	for _, name := range append([]string{onboardName}, names...) {
		if r.binaries[name] != "" {
			continue
		}
		out := filepath.Join(r.dir, name)
		cmd := exec.CommandContext(ctx, "go", "build", "-o", out, serverPackages[name])
		cmd.Dir, cmd.Stdout, cmd.Stderr = r.sourceDir(name), stderr, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", serverPackages[name], err)
		}
		r.binaries[name] = out
	}
	return nil
}

// command is how to start server name: Onboard (today's or before) in
// configured mode (as internal/e2e starts it) with the per-person command
// limit and previews out of the way, or the reference with the same
// audience and keys.
func (r *rig) command(name string) (path string, args, env []string) {
	r.runs++
	base := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + r.dir}
	switch name {
	case naiveName:
		return r.binaries[name], []string{"-audience", r.world.EndpointURL, "-certs-url", r.fake.GoogleJWKURL()}, base
	case floorName:
		return r.binaries[name], []string{"-audience", r.world.EndpointURL, "-certs-url", r.fake.GoogleJWKURL(),
			"-chat-api", r.fake.URL + "/", "-database", "sqlite:" + filepath.Join(r.dir, "floor-"+strconv.Itoa(r.runs)+".db")}, base
	}
	return r.binaries[name], nil, append(base, "PORT=0", "HOST=127.0.0.1",
		"CHAT_AUDIENCE="+r.world.EndpointURL, "CHAT_API_ENDPOINT="+r.fake.URL+"/",
		"GOOGLE_APPLICATION_CREDENTIALS="+r.key, "GOOGLE_CERTS_URL="+r.fake.GoogleJWKURL(),
		"CHAT_CERTS_URL="+r.fake.ChatX509URL(), "ORG_DOMAINS=example.com",
		"DATABASE_URL=sqlite:"+filepath.Join(r.dir, "onboard-"+strconv.Itoa(r.runs)+".db"),
		"METRICS_ADDR=127.0.0.1:0",
		// As on Cloud Run, where K_SERVICE makes it the default: the
		// platform logs every request, Onboard only those it refuses.
		"ACCESS_LOG=errors",
		// One person sends every event: the per-person limit must not be
		// what is measured (/help is exempt today; 10000 is the most the
		// configuration accepts). PREVIEW_OVER=0 turns previews off once
		// they exist; until then Onboard ignores it.
		"COMMANDS_PER_MINUTE=10000", "PREVIEW_OVER=0")
}

// process is a running server.
type process struct {
	name    string
	cmd     *exec.Cmd
	url     string
	logs    *tail
	metrics chan string // Onboard's metrics (and pprof) address, once logged
}

func (p *process) pid() int { return p.cmd.Process.Pid }

// start runs server name (pinned to the server CPU when there is one) and
// waits for its "listening" line.
func (r *rig) start(name string) (*process, error) {
	path, args, env := r.command(name)
	if r.serverCPU != "" {
		// taskset execs the server: the pid stays the server's.
		args = append([]string{"-c", r.serverCPU, path}, args...)
		path = "taskset"
	}
	p := &process{name: name, cmd: exec.Command(path, args...), logs: &tail{}, metrics: make(chan string, 1)}
	p.cmd.Env, p.cmd.Stderr = env, p.logs
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", name, err)
	}
	addr := make(chan string, 1)
	go readLogs(stdout, p.logs, addr, p.metrics)
	select {
	case a := <-addr:
		p.url = "http://" + a + "/"
		return p, nil
	case <-time.After(30 * time.Second):
		p.stop()
		return nil, fmt.Errorf("%s did not say it was listening; its last output:\n%s", name, p.logs)
	}
}

// readLogs keeps the end of the server's log (and so keeps the pipe
// drained: a server blocked on a full pipe would measure nothing) and
// reports the addresses of the first "listening" and "metrics listening"
// lines.
func readLogs(r io.Reader, logs *tail, addr, metrics chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		_, _ = logs.Write(line)
		_, _ = logs.Write(newline)
		var l struct{ Message, Addr string }
		if !bytes.Contains(line, []byte("listening")) || json.Unmarshal(line, &l) != nil {
			continue // most lines are Onboard's access log: not worth decoding here
		}
		switch l.Message {
		case "listening":
			send(addr, l.Addr)
		case "metrics listening":
			send(metrics, l.Addr)
		}
	}
}

var newline = []byte{'\n'}

func send(c chan<- string, s string) {
	select {
	case c <- s:
	default:
	}
}

// stop asks the server to end (SIGINT) and kills it after 10 s.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
	}
}

// tail keeps at least the last 16 KiB written to it, for error messages.
// It trims only when it holds twice that, so that a server logging
// thousands of lines a second costs the load generator little.
type tail struct {
	mu sync.Mutex
	b  []byte
}

const tailSize = 16 << 10

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 2*tailSize {
		t.b = append(t.b[:0], t.b[len(t.b)-tailSize:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b[max(0, len(t.b)-tailSize):]))
}
