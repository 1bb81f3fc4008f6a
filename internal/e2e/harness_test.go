package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

var binary string // built once by TestMain

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		// Every test here builds and runs the real binary: minutes, not
		// seconds. go test -short is the quick run.
		fmt.Println("e2e: skipped in -short mode (they build and run the binary)")
		os.Exit(0)
	}
	dir, err := os.MkdirTemp("", "onboard-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "onboard")
	build := exec.Command("go", "build", "-o", binary, "github.com/onboard-chat/onboard")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building onboard:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// onboard is the binary running against a chatfake.
type onboard struct {
	t          *testing.T
	url        string
	metricsURL string
	fake       *chatfake.Server
	world      *chatfake.World
	env        []string
	cmd        *exec.Cmd
	logs       *lockedBuffer
}

// start runs the binary with the environment a deployment would set,
// pointing every Google URL at a fresh chatfake. audience is "url" or
// "project"; extra overrides or adds variables.
func start(t *testing.T, audience string, extra ...string) *onboard {
	t.Helper()
	world, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	return startWorld(t, world, audience, extra...)
}

// startWorld is start with a world of the test's own.
func startWorld(t *testing.T, world *chatfake.World, audience string, extra ...string) *onboard {
	t.Helper()
	o := startWorldDeferred(t, world, audience, extra...)
	o.launch()
	t.Cleanup(o.stop)
	return o
}

// startWorldDeferred is startWorld without starting the binary: the test
// finishes the environment (what only the running fake knows), then
// launches it. A later entry of env wins.
func startWorldDeferred(t *testing.T, world *chatfake.World, audience string, extra ...string) *onboard {
	t.Helper()
	fake, err := chatfake.New(world, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	key := filepath.Join(t.TempDir(), "sa.json")
	if err := fake.WriteServiceAccountKey(key); err != nil {
		t.Fatal(err)
	}
	aud := world.EndpointURL
	if audience == "project" {
		aud = world.ProjectNumber
	}
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "PORT=0",
		"CHAT_AUDIENCE=" + aud, "CHAT_API_ENDPOINT=" + fake.URL + "/", "GOOGLE_APPLICATION_CREDENTIALS=" + key,
		"GOOGLE_CERTS_URL=" + fake.GoogleJWKURL(), "CHAT_CERTS_URL=" + fake.ChatX509URL(), "ORG_DOMAINS=example.com",
		"DATABASE_URL=sqlite:" + filepath.Join(t.TempDir(), "onboard.db"), "METRICS_ADDR=127.0.0.1:0"}
	return &onboard{t: t, fake: fake, world: world, logs: &lockedBuffer{}, env: append(env, extra...)}
}

// launch starts the binary (again) and waits until it listens.
func (o *onboard) launch() {
	t := o.t
	t.Helper()
	o.cmd = exec.Command(binary)
	o.cmd.Env = o.env
	o.cmd.Stderr = o.logs
	stdout, err := o.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := o.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go o.readLogs(stdout, addr)
	select {
	case a := <-addr:
		o.url = "http://" + a + "/"
	case <-time.After(30 * time.Second):
		t.Fatalf("onboard did not report listening; logs:\n%s", o.logs)
	}
}

// kill ends the process at once, as a crash or an evicted instance would.
func (o *onboard) kill() {
	_ = o.cmd.Process.Kill()
	_ = o.cmd.Wait()
}

// readLogs copies the JSON log lines and reports the "listening" address.
func (o *onboard) readLogs(r io.Reader, addr chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Bytes()
		o.logs.Write(append(append([]byte{}, line...), '\n'))
		var l struct{ Message, Addr string }
		if json.Unmarshal(line, &l) == nil && l.Message == "metrics listening" {
			o.setMetricsURL("http://" + l.Addr + "/metrics")
		}
		if json.Unmarshal(line, &l) == nil && l.Message == "listening" {
			select {
			case addr <- strings.Replace(l.Addr, "[::]", "127.0.0.1", 1):
			default:
			}
		}
	}
}

func (o *onboard) setMetricsURL(u string) {
	o.logs.mu.Lock()
	defer o.logs.mu.Unlock()
	o.metricsURL = u
}

// metrics returns the Prometheus text the process exposes.
func (o *onboard) metrics() string {
	o.t.Helper()
	o.logs.mu.Lock()
	u := o.metricsURL
	o.logs.mu.Unlock()
	if u == "" {
		o.t.Fatal("onboard did not log its metrics address")
	}
	resp, err := http.Get(u)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		o.t.Fatal(err)
	}
	return string(b)
}

func (o *onboard) stop() {
	if o.cmd.ProcessState == nil {
		_ = o.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = o.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			_ = o.cmd.Process.Kill()
		}
	}
}

// post sends body with an Authorization header (none when token is "").
func (o *onboard) post(token string, body []byte) (int, []byte) {
	o.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), http.MethodPost, o.url, bytes.NewReader(body))
	if err != nil {
		o.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		o.t.Fatal(err)
	}
	return resp.StatusCode, b
}

func (o *onboard) urlToken() string {
	o.t.Helper()
	tok, err := o.fake.MintURLToken(o.world.EndpointURL)
	if err != nil {
		o.t.Fatal(err)
	}
	return tok
}

// creates counts members.create calls chatfake saw.
func (o *onboard) creates() int {
	n := 0
	for _, c := range o.fake.Calls() {
		if c.Method == "chat.spaces.members.create" {
			n++
		}
	}
	return n
}

func (o *onboard) state(space, user string) string {
	st, _, _ := o.fake.Membership(strings.TrimPrefix(space, "spaces/"), strings.TrimPrefix(user, "users/"))
	return st
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
