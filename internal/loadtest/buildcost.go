package loadtest

// -build: what a first build of Onboard costs. A new user's `go run .`
// and every CI run without a build cache compile everything once; on a
// small machine that is minutes. This measures it the way the user meets
// it — `go build` with the module cache warm and the build cache empty —
// and says which modules the CPU goes to.

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// toolexecLogEnv names the file a toolexec wrapper appends to; when it is
// set, cmd/loadtest is the wrapper (Toolexec), not the benchmark.
const toolexecLogEnv = "ONBOARD_BUILDCOST_LOG"

const modulePath = "github.com/onboard-chat/onboard"

// ToolexecLog is the log file when this process was started by `go build
// -toolexec` on behalf of -build, else "".
func ToolexecLog() string { return os.Getenv(toolexecLogEnv) }

// Toolexec runs one build tool (args: the tool and its arguments, as `go
// build -toolexec` passes them), appends "tool<TAB>package<TAB>CPU
// seconds" to log and returns the tool's exit code.
func Toolexec(log string, args []string) int {
	if len(args) == 0 {
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, "toolexec:", err)
		return 1
	}
	pkg := ""
	for i, a := range args[:len(args)-1] {
		if a == "-p" {
			pkg = args[i+1]
		}
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	line := fmt.Sprintf("%s\t%s\t%.3f\n", filepath.Base(args[0]), pkg, cpu.Seconds())
	// O_APPEND writes this short a line in one piece: the tools run in
	// parallel.
	if f, ferr := os.OpenFile(log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600); ferr == nil {
		_, _ = f.WriteString(line)
		_ = f.Close()
	}
	return cmd.ProcessState.ExitCode()
}

// buildRun is one clean build.
type buildRun struct {
	cpu, wall time.Duration
}

// cleanBuild runs `go build -o …` of pkg in src ("" for the current
// directory) with an empty GOCACHE under dir; extra goes before the
// package (e.g. -toolexec) and env after the inherited environment. The
// binary goes to a new path each time: go build skips the link when the
// file already there has the same build ID.
func cleanBuild(ctx context.Context, dir, src, pkg string, extra, env []string, stderr io.Writer) (buildRun, error) {
	cache, err := os.MkdirTemp(dir, "gocache-")
	if err != nil {
		return buildRun{}, err
	}
	defer os.RemoveAll(cache)
	args := append(append([]string{"build", "-o", filepath.Join(cache, "server")}, extra...), pkg)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Env = append(append(os.Environ(), "GOCACHE="+cache), env...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = src, stderr, stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return buildRun{}, fmt.Errorf("go build: %w", err)
	}
	// The go command waits for every compiler and the linker it starts, so
	// its rusage includes theirs (wait4).
	ps := cmd.ProcessState
	return buildRun{cpu: ps.UserTime() + ps.SystemTime(), wall: time.Since(start)}, nil
}

// buildCost is -build: cfg.repeat clean builds of each server named (in
// turn, so that the machine's load falls on all alike), then one more of
// Onboard through the toolexec wrapper for the cost of each module.
func (rg *rig) buildCost(ctx context.Context, cfg config, m machine, stdout, stderr io.Writer) error {
	dir := rg.dir
	// Warm the module cache (a no-op when it is), so that only compiling is
	// measured: today's modules, and the revision's when it has others.
	srcs := []string{""}
	if rg.before.dir != "" {
		srcs = append(srcs, rg.before.dir)
	}
	for _, src := range srcs {
		cmd := exec.CommandContext(ctx, "go", "mod", "download")
		cmd.Dir = src
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go mod download: %v: %s", err, out)
		}
	}
	runs := map[string][]buildRun{}
	for i := range cfg.repeat {
		for _, name := range cfg.servers {
			r, err := cleanBuild(ctx, dir, rg.sourceDir(name), serverPackages[name], nil, nil, stderr)
			if err != nil {
				return err
			}
			fmt.Fprintf(stderr, "loadtest: (%d/%d) clean build of %s: %.1f CPU-s in %.1f s\n", i+1, cfg.repeat, name,
				r.cpu.Seconds(), r.wall.Seconds())
			runs[name] = append(runs[name], r)
		}
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	log := filepath.Join(dir, "tools.log")
	traced, err := cleanBuild(ctx, dir, "", modulePath, []string{"-toolexec=" + self}, []string{toolexecLogEnv + "=" + log}, stderr)
	if err != nil {
		return err
	}
	tools, err := readToolLog(log)
	if err != nil {
		return err
	}
	g, err := loadImportGraph(ctx)
	if err != nil {
		return err
	}
	m.loadEnd = loadAverage()
	writeBuildReport(stdout, m, cfg, runs, traced, tools, g)
	return nil
}

// toolLog is the CPU each package's compile (and assembly, cgo) took,
// and the linker's.
type toolLog struct {
	perPackage map[string]float64 // seconds
	link       float64
}

func readToolLog(path string) (toolLog, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return toolLog{}, err
	}
	t := toolLog{perPackage: map[string]float64{}}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 {
			continue
		}
		s, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			continue
		}
		switch {
		case f[0] == "link":
			t.link += s
		case f[1] != "":
			t.perPackage[f[1]] += s
		}
	}
	return t, nil
}

// importGraph is Onboard's binary's packages: each one's module ("std"
// for the standard library) and imports.
type importGraph struct {
	module  map[string]string
	imports map[string][]string
}

func loadImportGraph(ctx context.Context) (importGraph, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-deps",
		"-f", `{{.ImportPath}}|{{if .Module}}{{.Module.Path}}{{else}}std{{end}}|{{join .Imports " "}}`, modulePath).Output()
	if err != nil {
		return importGraph{}, fmt.Errorf("go list -deps: %w", err)
	}
	g := importGraph{module: map[string]string{}, imports: map[string][]string{}}
	for line := range strings.Lines(string(out)) {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) != 3 {
			continue
		}
		g.module[f[0]] = f[1]
		g.imports[f[0]] = strings.Fields(f[2])
	}
	return g, nil
}

// reachable is every package the binary still needed if the modules in
// drop were gone.
func (g importGraph) reachable(drop ...string) map[string]bool {
	seen := map[string]bool{modulePath: true}
	stack := []string{modulePath}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, q := range g.imports[p] {
			if seen[q] || slices.Contains(drop, g.module[q]) {
				continue
			}
			seen[q] = true
			stack = append(stack, q)
		}
	}
	return seen
}

// onlyThrough is the compile CPU of every package the binary would lose
// without the modules mods: their own packages and those only they bring
// in.
func (g importGraph) onlyThrough(t toolLog, mods ...string) float64 {
	left := g.reachable(mods...)
	var s float64
	for p := range g.reachable() {
		if !left[p] {
			s += t.perPackage[p]
		}
	}
	return s
}

// googleClients are the Google client libraries Onboard's Chat API
// client is built on; together they bring gRPC, protocol buffers and
// OpenTelemetry into the binary, which uses none of them.
var googleClients = []string{"google.golang.org/api", "cloud.google.com/go/auth"}

// moduleCost is one module's share of a clean build.
type moduleCost struct {
	module   string
	packages int
	compile  float64 // its own packages' compile CPU, s
	only     float64 // every package only it brings in (its own and theirs), s
}

func moduleCosts(g importGraph, t toolLog) []moduleCost {
	all := g.reachable()
	byModule := map[string]*moduleCost{}
	for p := range all {
		mod := g.module[p]
		c := byModule[mod]
		if c == nil {
			c = &moduleCost{module: mod}
			byModule[mod] = c
		}
		c.packages++
		c.compile += t.perPackage[p]
	}
	var out []moduleCost
	for mod, c := range byModule {
		if mod != "std" && mod != modulePath {
			c.only = g.onlyThrough(t, mod)
		}
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b moduleCost) int { return cmp.Compare(b.compile, a.compile) })
	return out
}

// buildReportRows is how many modules the table lists (the rest are
// added up in one row).
const buildReportRows = 25

func writeBuildReport(w io.Writer, m machine, cfg config, runs map[string][]buildRun, traced buildRun, t toolLog, g importGraph) {
	fmt.Fprintf(w, "\n### A clean build: `go build`, module cache warm, build cache empty\n\n")
	fmt.Fprintf(w, "Machine: %d CPUs (%s), %s; load average %s before, %s after.%s\n\n",
		m.cpus, m.model, m.goVersion, m.loadStart, m.loadEnd, beforeNote(cfg))
	servers := cfg.servers
	fmt.Fprintln(w, "| program | builds | CPU s (user+sys), median | CPU s, each | wall s, median |")
	fmt.Fprintln(w, "|---|--:|--:|---|--:|")
	for _, name := range servers {
		var cpus, walls []time.Duration
		var each []string
		for _, r := range runs[name] {
			cpus, walls = append(cpus, r.cpu), append(walls, r.wall)
			each = append(each, fmt.Sprintf("%.1f", r.cpu.Seconds()))
		}
		fmt.Fprintf(w, "| %s | %d | %.1f | %s | %.1f |\n", name, len(cpus), midDuration(cpus).Seconds(),
			strings.Join(each, ", "), midDuration(walls).Seconds())
	}
	fmt.Fprintln(w)

	costs := moduleCosts(g, t)
	var compiled float64
	for _, c := range costs {
		compiled += c.compile
	}
	fmt.Fprintf(w, "Where one more clean build's %.1f CPU-s went (through `-toolexec`, which adds a process per tool): "+
		"compiling %.1f s, linking %.1f s, the go command itself %.1f s. \"Only through it\" is the compile CPU of every "+
		"package the binary would no longer contain without that module: what dropping it would save.\n\n",
		traced.cpu.Seconds(), compiled, t.link, traced.cpu.Seconds()-compiled-t.link)
	fmt.Fprintln(w, "| module | packages | compile CPU s | only through it s |")
	fmt.Fprintln(w, "|---|--:|--:|--:|")
	var rest moduleCost
	for i, c := range costs {
		if i >= buildReportRows {
			rest.packages += c.packages
			rest.compile += c.compile
			continue
		}
		only := fmt.Sprintf("%.1f", c.only)
		if c.module == "std" || c.module == modulePath {
			only = "—"
		}
		fmt.Fprintf(w, "| %s | %d | %.1f | %s |\n", c.module, c.packages, c.compile, only)
	}
	if rest.packages > 0 {
		fmt.Fprintf(w, "| %d other modules | %d | %.1f | |\n", len(costs)-buildReportRows, rest.packages, rest.compile)
	}
	fmt.Fprintf(w, "| %s together | | | %.1f |\n", strings.Join(googleClients, " and "), g.onlyThrough(t, googleClients...))
}

// midDuration is the median of v (the mean of the middle two for an even
// count).
func midDuration(v []time.Duration) time.Duration {
	v = slices.Clone(v)
	slices.Sort(v)
	n := len(v)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
