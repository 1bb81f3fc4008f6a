package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// A cold start is what a new instance costs before it is useful: Cloud Run
// starts a process when a request arrives for a service with none, and
// Chat's retries wait on it. It is measured from exec, with a burst of
// coldBurst signed /help events sent all at once as soon as the port
// accepts a connection — the requests that queued while the instance
// started.
const coldBurst = 200

// The two databases a cold start may find.
const (
	dbEmpty    = "empty"    // the first start ever: every migration runs
	dbMigrated = "migrated" // an instance started again: nothing to migrate
	dbIdle     = "idle"     // not a cold start: the start that migrates, then answers one event
)

// coldResult is one cold start of Onboard (today's, or before).
type coldResult struct {
	server     string        // onboardName or beforeName
	database   string        // dbEmpty or dbMigrated
	listening  time.Duration // exec → the port accepts a connection
	first      time.Duration // exec → the first 200 with a card
	last       time.Duration // exec → the burst's last answer
	answered   int           // 200s with a card
	errors     int           // anything else
	keyFetches int           // GETs of the Google key set the key server saw during the run
	firstError string
	memory     memory // after the burst (dbIdle: after its one event)
}

// signedEvent is one prepared request: the burst's are built before the
// exec, so the clock measures the server.
type signedEvent struct {
	body  []byte
	token string
}

// coldRuns measures cfg.repeat cold starts on each database, taking turns
// (and, with -before, turns with the revision's Onboard).
func (r *rig) coldRuns(ctx context.Context, cfg config, pin pinning, stderr io.Writer) ([]coldResult, error) {
	ev, err := newEvents(r.world)
	if err != nil {
		return nil, err
	}
	// A token of its own for every request: a cold instance has seen none,
	// so each is checked with the key set, not remembered.
	toks, err := mintFresh(r.fake, r.world.EndpointURL, 0, coldBurst)
	if err != nil {
		return nil, err
	}
	burst := make([]signedEvent, coldBurst)
	for i := range burst {
		burst[i] = signedEvent{body: ev.body("cold", uint64(i)), token: toks[i]}
	}
	// Onboard starts on the server's CPU (taskset), the burst and the key
	// server run on the other.
	if err := pin.generatorOnly(); err != nil {
		return nil, err
	}
	defer pin.restore()
	servers := []string{onboardName}
	if r.before.dir != "" {
		servers = append(servers, beforeName)
	}
	var out []coldResult
	for rep := range cfg.repeat {
		for _, server := range servers {
			prefix := filepath.Join(r.dir, "cold-"+server+"-"+strconv.Itoa(rep))
			migrated := prefix + "-migrated.db"
			// The migrated database is made by a start that is not timed; it
			// answers one event and is the idle memory's reading.
			idle, err := r.coldStart(ctx, server, dbIdle, migrated, burst[:1])
			if err != nil {
				return out, fmt.Errorf("%s: preparing a migrated database: %w", server, err)
			}
			out = append(out, idle)
			for _, db := range []struct{ name, path string }{{dbEmpty, prefix + "-empty.db"}, {dbMigrated, migrated}} {
				res, err := r.coldStart(ctx, server, db.name, db.path, burst)
				if err != nil {
					return out, fmt.Errorf("%s: cold start, %s database: %w", server, db.name, err)
				}
				fmt.Fprintf(stderr, "loadtest: (%d/%d) %s\n", rep+1, cfg.repeat, res.summary())
				out = append(out, res)
			}
		}
	}
	return out, nil
}

// coldStart execs server (today's Onboard or before) on database file db,
// waits for its port, sends burst at once and reads its memory.
func (r *rig) coldStart(ctx context.Context, server, name, db string, burst []signedEvent) (coldResult, error) {
	res := coldResult{server: server, database: name}
	addr, err := freeLoopbackAddr()
	if err != nil {
		return res, err
	}
	path, args, env := r.command(server)
	_, port, _ := net.SplitHostPort(addr)
	// Later entries win (os/exec): a known port, so that the clock need not
	// wait for the "listening" line, and the database of this start.
	env = append(env, "PORT="+port, "DATABASE_URL=sqlite:"+db)
	if r.serverCPU != "" {
		args = append([]string{"-c", r.serverCPU, path}, args...)
		path = "taskset"
	}
	cmd := exec.Command(path, args...)
	logs := &tail{}
	cmd.Env, cmd.Stdout, cmd.Stderr = env, logs, logs
	keysPath := mustPath(r.fake.GoogleJWKURL())
	fetchesBefore := r.fake.KeyFetches(keysPath)

	start := time.Now()
	if err := cmd.Start(); err != nil {
		return res, fmt.Errorf("starting %s: %w", server, err)
	}
	p := &process{name: server, cmd: cmd, logs: logs}
	defer p.stop()
	if err := waitForPort(ctx, addr, 30*time.Second); err != nil {
		return res, fmt.Errorf("%w; its last output:\n%s", err, logs)
	}
	res.listening = time.Since(start)
	sendBurst(ctx, "http://"+addr+"/", burst, start, &res)
	res.keyFetches = r.fake.KeyFetches(keysPath) - fetchesBefore
	res.memory, err = readMemory(cmd.Process.Pid)
	return res, err
}

// sendBurst sends every request of burst at once, each on its own
// connection (a cold instance has none open), and records when the first
// good answer and the last answer came, counted from start.
func sendBurst(ctx context.Context, url string, burst []signedEvent, start time.Time, res *coldResult) {
	client := &http.Client{Timeout: 30 * time.Second,
		Transport: &http.Transport{DisableKeepAlives: true, MaxConnsPerHost: 0}}
	defer client.CloseIdleConnections()
	var mu sync.Mutex
	var wg sync.WaitGroup
	release := make(chan struct{})
	for _, q := range burst {
		wg.Go(func() {
			<-release
			err := postEvent(ctx, client, url, q)
			at := time.Since(start)
			mu.Lock()
			defer mu.Unlock()
			res.last = max(res.last, at)
			if err != nil {
				res.errors++
				if res.firstError == "" {
					res.firstError = err.Error()
				}
				return
			}
			res.answered++
			if res.first == 0 || at < res.first {
				res.first = at
			}
		})
	}
	close(release)
	wg.Wait()
}

// postEvent sends one signed event and wants a 200 with a card.
func postEvent(ctx context.Context, client *http.Client, url string, q signedEvent) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(q.body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+q.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK || !bytes.Contains(b, []byte(`"cardsV2"`)) {
		return fmt.Errorf("%s: %.200s", resp.Status, b)
	}
	return nil
}

// waitForPort dials addr every millisecond until it accepts.
func waitForPort(ctx context.Context, addr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	var d net.Dialer
	for {
		c, err := d.DialContext(ctx, "tcp", addr)
		if err == nil {
			return c.Close()
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("onboard's port %s did not accept a connection within %v: %w", addr, limit, err)
		}
		time.Sleep(time.Millisecond) // a poll interval, not a wait for an outcome
	}
}

// freeLoopbackAddr is a loopback port nothing listens on now.
func freeLoopbackAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func mustPath(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		panic(err) // chatfake's own URL
	}
	return p.Path
}

func (c coldResult) summary() string {
	return fmt.Sprintf("%s: cold start, %s database: listening after %v, first answer after %v, all %d answered after %v, %d errors, %d key fetches",
		c.server, c.database, c.listening.Round(time.Millisecond), c.first.Round(time.Millisecond), c.answered,
		c.last.Round(time.Millisecond), c.errors, c.keyFetches)
}

// medianCold is one row per database of server's starts: each duration's
// median, the errors of all runs added up, and the most key fetches any
// run saw.
func medianCold(rs []coldResult, server string) []coldResult {
	var out []coldResult
	for _, db := range []string{dbEmpty, dbMigrated, dbIdle} {
		var runs []coldResult
		for _, r := range rs {
			if r.server == server && r.database == db {
				runs = append(runs, r)
			}
		}
		if len(runs) == 0 {
			continue
		}
		m := coldResult{server: server, database: db}
		m.listening = midCold(runs, func(c coldResult) time.Duration { return c.listening })
		m.first = midCold(runs, func(c coldResult) time.Duration { return c.first })
		m.last = midCold(runs, func(c coldResult) time.Duration { return c.last })
		m.answered = int(midCold(runs, func(c coldResult) time.Duration { return time.Duration(c.answered) }))
		m.memory = memory{rss: midBytes(runs, func(c coldResult) uint64 { return c.memory.rss }),
			hwm:  midBytes(runs, func(c coldResult) uint64 { return c.memory.hwm }),
			anon: midBytes(runs, func(c coldResult) uint64 { return c.memory.anon }),
			file: midBytes(runs, func(c coldResult) uint64 { return c.memory.file })}
		for _, r := range runs {
			m.errors += r.errors
			m.keyFetches = max(m.keyFetches, r.keyFetches)
			if m.firstError == "" {
				m.firstError = r.firstError
			}
		}
		out = append(out, m)
	}
	return out
}

// midCold is the median of f over rs (midDuration).
func midCold(rs []coldResult, f func(coldResult) time.Duration) time.Duration {
	v := make([]time.Duration, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	return midDuration(v)
}

// midBytes is the median of f over rs.
func midBytes(rs []coldResult, f func(coldResult) uint64) uint64 {
	return uint64(midCold(rs, func(c coldResult) time.Duration { return time.Duration(f(c)) }))
}

// writeColdReport prints the cold-start table docs/performance.md keeps,
// and with -before the same table for the revision.
func (r *rig) writeColdReport(w io.Writer, m machine, pin pinning, cfg config, rs []coldResult) {
	medians := ""
	if cfg.repeat > 1 {
		medians = fmt.Sprintf(", each cell the median of %d starts (key fetches: the most any start saw)", cfg.repeat)
	}
	fmt.Fprintf(w, "\n### Cold start: exec to answers, a burst of %d signed /help events at once%s\n\n", coldBurst, medians)
	fmt.Fprintf(w, "Machine: %d CPUs (%s), %s; %s; load average %s before, %s after.%s\n",
		m.cpus, m.model, m.goVersion, pin.note, m.loadStart, m.loadEnd, beforeNote(cfg))
	writeColdTable(w, medianCold(rs, onboardName), fileSize(r.binaries[onboardName]))
	if r.before.dir != "" {
		fmt.Fprintf(w, "\nOnboard before (%s):\n", cfg.beforeCommit)
		writeColdTable(w, medianCold(rs, beforeName), fileSize(r.binaries[beforeName]))
	}
}

// writeColdTable prints one server's cold starts (rows, from medianCold)
// and its idle memory; binary is its executable's size.
func writeColdTable(w io.Writer, rows []coldResult, binary uint64) {
	fmt.Fprintln(w, "\n| database | listening ms | first answer ms | last answer ms | answered | errors | key fetches | RSS peak MiB |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rows {
		if r.database != dbIdle {
			fmt.Fprintf(w, "| %s | %.0f | %.0f | %.0f | %d | %d | %d | %.1f |\n", r.database, ms(r.listening), ms(r.first),
				ms(r.last), r.answered, r.errors, r.keyFetches, mib(r.memory.hwm))
		}
	}
	for _, r := range rows {
		if r.database == dbIdle {
			fmt.Fprintf(w, "\nIdle, after one event: RSS %.1f MiB = %.1f MiB anonymous (heap, stacks, runtime) + %.1f MiB "+
				"of mapped files (the %.1f MiB executable's pages, and libc's).\n",
				mib(r.memory.rss), mib(r.memory.anon), mib(r.memory.file), mib(binary))
		}
	}
}

// coldCheck fails a smoke cold start that had an error, an unanswered
// request or other than one key fetch.
func coldCheck(rs []coldResult) error {
	var errs []error
	for _, r := range rs {
		if r.database == dbIdle {
			continue
		}
		if r.errors > 0 || r.answered != coldBurst || r.keyFetches != 1 {
			errs = append(errs, fmt.Errorf("%s: cold start, %s database: %d answered, %d errors (first: %s), %d key fetches; want %d, 0 and 1",
				r.server, r.database, r.answered, r.errors, r.firstError, r.keyFetches, coldBurst))
		}
	}
	if len(rs) == 0 {
		errs = append(errs, errors.New("no cold start was measured"))
	}
	return errors.Join(errs...)
}
