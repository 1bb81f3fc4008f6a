package loadtest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/cli"
)

// config is the command line.
type config struct {
	duration time.Duration
	loads    []load
	servers  []string // onboard, naive, floor: what the load runs (and -build) measure
	tokens   []string
	workers  int
	pin      bool
	smoke    bool
	cold     bool // measure cold starts instead of load
	build    bool // measure a clean build instead of load
	maxFresh int
	profile  string // prefix of Onboard's CPU profiles; "" for none
	repeat   int    // runs of each measurement; the report shows medians
	before   string // git revision also measured, as server "before"; "" for none
	// beforeCommit is before's abbreviated hash once it is checked out,
	// for the report.
	beforeCommit string
}

const usage = `usage: go run ./cmd/loadtest [flags]

Builds Onboard and the naive reference server, runs each against a local
chatfake, sends both the same signed /help events, and prints a Markdown
table (docs/performance.md says what each column means).
`

func parseFlags(args []string, stdout, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage); fs.PrintDefaults() }
	c := config{}
	fs.DurationVar(&c.duration, "duration", 10*time.Second, "length of each measured run")
	rates := fs.String("rates", "max,1000", "loads, comma-separated: max (saturation, closed loop) or requests per second (open loop)")
	servers := fs.String("servers", "onboard,naive", "servers, comma-separated: onboard, naive (the reference) and floor (the reference with River, SQLite, pgx and a chat/v1 client: the least any build of Onboard carries); -build builds each")
	toks := fs.String("tokens", "reused,fresh", "token modes, comma-separated: reused (one token for all) and/or fresh (one per request)")
	fs.IntVar(&c.workers, "workers", 16, "concurrent requests at max (closed loop); the starting workers at a fixed rate")
	fs.IntVar(&c.maxFresh, "max-fresh", 30000, "most tokens minted for a fresh-token run (about 1 ms of CPU each); a saturated run that uses them all ends early")
	fs.IntVar(&c.repeat, "repeat", 1, "run each measurement this many times (taking turns between the servers) and report each column's median: for a busy machine")
	fs.BoolVar(&c.pin, "pin", true, "pin the servers and the load generator to different CPUs with taskset")
	fs.StringVar(&c.profile, "cpuprofile", "", "write a CPU profile of Onboard during each of its runs to `PREFIX`-TOKEN-LOAD.pprof (go tool pprof -top)")
	fs.BoolVar(&c.cold, "cold", false, "measure cold starts instead: exec Onboard, send 200 signed /help events at once when its port answers, report the time to the first and last answer and the key fetches (-repeat starts on each of an empty and a migrated database)")
	fs.BoolVar(&c.build, "build", false, "measure a clean build instead: go build of Onboard with an empty build cache, -repeat times, then once more to say which modules the CPU went to")
	fs.StringVar(&c.before, "before", "", "also measure Onboard as of git `REVISION` (built from git archive), as server \"before\": before and after in the same run, for the load, -build and -cold")
	fs.BoolVar(&c.smoke, "smoke", false, "check the harness end to end in a few seconds: 50 req/s, 2 s a run, both token modes; fail on any error")
	if err := cli.ParseFlags(fs, args, stdout, stderr); err != nil {
		return c, err // help: exit 0; a wrong flag: exit 2
	}
	if c.smoke {
		c.duration, *rates, *toks, c.workers, c.repeat = 2*time.Second, "50", "reused,fresh", 4, 1
	}
	for r := range strings.SplitSeq(*rates, ",") {
		l, err := parseLoad(strings.TrimSpace(r))
		if err != nil {
			return c, cli.Usage(err)
		}
		c.loads = append(c.loads, l)
	}
	for name := range strings.SplitSeq(*servers, ",") {
		name = strings.TrimSpace(name)
		if serverPackages[name] == "" || name == beforeName || slices.Contains(c.servers, name) {
			return c, cli.Usagef("-servers: want onboard, naive and/or floor, each once; got %q", name)
		}
		c.servers = append(c.servers, name)
	}
	if c.before != "" {
		// Right after today's Onboard, so that the two take turns.
		i := slices.Index(c.servers, onboardName) + 1
		c.servers = slices.Insert(c.servers, i, beforeName)
	}
	for _, m := range []string{tokenReused, tokenFresh} {
		if slices.Contains(strings.Split(*toks, ","), m) {
			c.tokens = append(c.tokens, m)
		}
	}
	if len(c.tokens) == 0 || c.workers < 1 || c.duration <= 0 || c.maxFresh < 1 || c.repeat < 1 {
		return c, cli.Usagef("want -tokens reused and/or fresh, and positive -workers, -duration, -max-fresh and -repeat")
	}
	return c, nil
}

// Run is the load benchmark: `go run ./cmd/loadtest [flags]`. A wrong
// command line is a *cli.UsageError; -h is flag.ErrHelp.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stdout, stderr)
	if err != nil {
		return err
	}
	m := describeMachine()
	dir, err := os.MkdirTemp("", "onboard-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	r := &rig{dir: dir}
	if cfg.before != "" {
		if r.before, err = checkout(ctx, cfg.before, dir); err != nil {
			return err
		}
		cfg.beforeCommit = r.before.commit
	}
	if cfg.build {
		return r.buildCost(ctx, cfg, m, stdout, stderr)
	}
	pin := planPinning(cfg.pin)
	r.serverCPU = pin.server
	fmt.Fprintln(stderr, "loadtest: building", strings.Join(cfg.servers, ", "))
	if err := r.buildBinaries(ctx, cfg.servers, stderr); err != nil {
		return err
	}
	if r.world, err = chatfake.DefaultWorld(); err != nil {
		return err
	}
	if r.fake, err = chatfake.New(r.world, chatfake.Options{}); err != nil {
		return err
	}
	defer r.fake.Close()
	r.key = filepath.Join(dir, "sa.json")
	if err := r.fake.WriteServiceAccountKey(r.key); err != nil {
		return err
	}
	if cfg.cold {
		return r.coldReport(ctx, cfg, pin, m, stdout, stderr)
	}
	results, err := r.runAll(ctx, cfg, pin, m.clkTck, stderr)
	var colds []coldResult
	if err == nil && cfg.smoke {
		// One cold start of each kind: the -cold harness works too.
		colds, err = r.coldRuns(ctx, cfg, pin, stderr)
	}
	m.loadEnd = loadAverage()
	writeReport(stdout, m, pin, cfg, results)
	if colds != nil {
		r.writeColdReport(stdout, m, pin, cfg, colds)
	}
	if err != nil {
		return err
	}
	if cfg.smoke {
		return errors.Join(smokeCheck(results), coldCheck(colds))
	}
	return nil
}

// coldReport measures and prints cold starts (-cold).
func (r *rig) coldReport(ctx context.Context, cfg config, pin pinning, m machine, stdout, stderr io.Writer) error {
	colds, err := r.coldRuns(ctx, cfg, pin, stderr)
	m.loadEnd = loadAverage()
	r.writeColdReport(stdout, m, pin, cfg, colds)
	return err
}

func fileSize(path string) uint64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return uint64(fi.Size())
}

// runAll measures every load and token mode on Onboard and then on the
// reference, one right after the other (and, with -repeat, again in
// turn), so that whatever else the machine is doing falls on both alike.
func (r *rig) runAll(ctx context.Context, cfg config, pin pinning, hz int, stderr io.Writer) ([]result, error) {
	ev, err := newEvents(r.world)
	if err != nil {
		return nil, err
	}
	var results []result
	for _, l := range cfg.loads {
		for _, mode := range cfg.tokens {
			toks, err := r.tokensFor(mode, l, cfg, stderr)
			if err != nil {
				return results, err
			}
			runs := map[string][]result{}
			for rep := range cfg.repeat {
				for _, name := range cfg.servers {
					res, err := r.measure(ctx, name, mode, l, toks, ev, cfg, pin, hz)
					if err != nil {
						return results, fmt.Errorf("%s, %s token, %s: %w", name, mode, l, err)
					}
					fmt.Fprintf(stderr, "loadtest: (%d/%d) %s\n", rep+1, cfg.repeat, res.summary())
					runs[name] = append(runs[name], res)
				}
			}
			for _, name := range cfg.servers {
				results = append(results, median(runs[name]))
			}
		}
	}
	return results, nil
}

// tokensFor is the tokens of one load and mode, for both servers. Every
// fresh-token run starts at the pool's first token: each server process
// is new and has seen none of them.
func (r *rig) tokensFor(mode string, l load, cfg config, stderr io.Writer) (tokens, error) {
	if mode == tokenReused {
		tok, err := r.fake.MintURLToken(r.world.EndpointURL)
		return reusedToken(tok), err
	}
	n := freshNeed(l, cfg.duration, cfg.workers, cfg.maxFresh)
	if time.Since(r.mintedAt) > 30*time.Minute {
		r.pool = nil // Chat's tokens live an hour: start again well before
	}
	if len(r.pool) >= n {
		return r.pool[:n], nil
	}
	start := time.Now()
	more, err := mintFresh(r.fake, r.world.EndpointURL, len(r.pool), n-len(r.pool))
	if err != nil {
		return nil, err
	}
	if len(r.pool) == 0 {
		r.mintedAt = start
	}
	r.pool = append(r.pool, more...)
	fmt.Fprintf(stderr, "loadtest: minted %d tokens in %v\n", len(more), time.Since(start).Round(time.Millisecond))
	return r.pool[:n], nil
}

// warmupRequests are sent, closed loop, before each measured run: the
// server's first requests (connections, pools, heap growth) are not what
// is measured.
const warmupRequests = 300

// measure starts server name, checks it answers, warms it up and runs the
// load.
func (r *rig) measure(ctx context.Context, name, mode string, l load, toks tokens, ev events,
	cfg config, pin pinning, hz int) (result, error) {
	res := result{server: name, token: mode, load: l}
	p, err := r.start(name)
	if err != nil {
		return res, err
	}
	defer p.stop()
	warm, err := r.fake.MintURLToken(r.world.EndpointURL)
	if err != nil {
		return res, err
	}
	if err := postEvent(ctx, http.DefaultClient, p.url, signedEvent{body: ev.body("check", 0), token: warm}); err != nil {
		return res, fmt.Errorf("/help answered %w, want 200 and a card; its last output:\n%s", err, p.logs)
	}
	idle, err := readMemory(p.pid())
	if err != nil {
		return res, err
	}
	res.rssIdle = idle.rss
	if err := pin.generatorOnly(); err != nil {
		return res, err
	}
	defer pin.restore()
	attack(ctx, targeter(p.url, ev, "warm", reusedToken(warm)), load{}, 0, cfg.workers, warmupRequests)
	var maxHits uint64
	if f, ok := toks.(freshTokens); ok {
		maxHits = uint64(len(f))
	}
	err = p.run(ctx, &res, targeter(p.url, ev, "run", toks), cfg, maxHits, hz)
	res.ranOut = maxHits > 0 && res.requests >= maxHits
	return res, errors.Join(err, ctx.Err())
}

// run sends res.load to p and reads p's CPU time around it and its peak
// memory after it.
func (p *process) run(ctx context.Context, res *result, tgt vegeta.Targeter, cfg config, maxHits uint64, hz int) error {
	before, err := cpuTicks(p.pid())
	if err != nil {
		return err
	}
	genBefore, _ := cpuTicks(os.Getpid())
	profiled := p.profileOnboard(ctx, cfg.profile, res, cfg.duration)
	res.outcome = attack(ctx, tgt, res.load, cfg.duration, cfg.workers, maxHits)
	genAfter, _ := cpuTicks(os.Getpid())
	after, err := cpuTicks(p.pid())
	if err != nil {
		return err
	}
	if err := profiled(); err != nil {
		return err
	}
	mem, err := readMemory(p.pid())
	if err != nil {
		return err
	}
	res.rssPeak = mem.hwm
	if res.requests > 0 {
		res.cpuMicros = float64(after-before) / float64(hz) * 1e6 / float64(res.requests)
		res.genMicros = float64(genAfter-genBefore) / float64(hz) * 1e6 / float64(res.requests)
	}
	return nil
}

// smokeCheck fails a smoke run that saw any error or no answers.
func smokeCheck(results []result) error {
	var errs []error
	for _, r := range results {
		if r.requests == 0 || r.errors > 0 || r.rps <= 0 {
			errs = append(errs, fmt.Errorf("%s: %d requests, %d errors (first: %s)", r.name(), r.requests, r.errors, r.firstError))
		}
	}
	if len(results) == 0 {
		errs = append(errs, errors.New("nothing was measured"))
	}
	return errors.Join(errs...)
}
