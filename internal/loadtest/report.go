package loadtest

import (
	"fmt"
	"io"
	"slices"
	"time"
)

// result is one server under one load with one token mode.
type result struct {
	server, token string
	load          load
	outcome
	cpuMicros float64 // server CPU (user+system) per request, µs
	genMicros float64 // the load generator's own CPU per request, µs
	rssIdle   uint64  // VmRSS after one request, before the warm-up: bytes
	rssPeak   uint64  // VmHWM after the run: bytes
	ranOut    bool    // a fresh-token run used every token minted for it
}

func (r result) name() string { return fmt.Sprintf("%s, %s token, %s", r.server, r.token, r.load) }

func (r result) summary() string {
	return fmt.Sprintf("%s: %.0f req/s, %.0f µs CPU/req (load generator %.0f µs/req), p99 %s, %d errors",
		r.name(), r.rps, r.cpuMicros, r.genMicros, r.p99.Round(10*time.Microsecond), r.errors)
}

// writeReport prints the machine and the two tables docs/performance.md
// keeps.
func writeReport(w io.Writer, m machine, pin pinning, cfg config, rs []result) {
	medians := ""
	if cfg.repeat > 1 {
		medians = fmt.Sprintf(", each cell the median of %d runs", cfg.repeat)
	}
	fmt.Fprintf(w, "\n### /help under load: %v a run, %d workers at max%s\n\n", cfg.duration, cfg.workers, medians)
	fmt.Fprintf(w, "Machine: %d CPUs (%s), %s; %s; CPU time in ticks of 1/%d s (%s); load average %s before, %s after.%s\n\n",
		m.cpus, m.model, m.goVersion, pin.note, m.clkTck, m.clkSource, m.loadStart, m.loadEnd, beforeNote(cfg))
	fmt.Fprintln(w, "| server | token | load | req/s | CPU µs/req | RSS idle MiB | RSS peak MiB | p50 ms | p99 ms | p99.9 ms | errors | generator µs/req |")
	fmt.Fprintln(w, "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rs {
		load := r.load.String()
		if r.ranOut {
			load += " †"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %.0f | %.0f | %.1f | %.1f | %.2f | %.2f | %.2f | %d | %.0f |\n",
			r.server, r.token, load, r.rps, r.cpuMicros, mib(r.rssIdle), mib(r.rssPeak),
			ms(r.p50), ms(r.p99), ms(r.p999), r.errors, r.genMicros)
	}
	for _, r := range rs {
		if r.ranOut {
			fmt.Fprintf(w, "\n† %s ended after %v: it used all %d tokens minted for it.\n", r.name(), r.elapsed.Round(time.Millisecond), r.requests)
		}
	}
	before := "Onboard before (" + cfg.beforeCommit + ")"
	writeRatios(w, rs, onboardName, "Onboard", naiveName, "naive reference")
	writeRatios(w, rs, onboardName, "Onboard", floorName, "floor")
	writeRatios(w, rs, beforeName, before, naiveName, "naive reference")
	writeRatios(w, rs, onboardName, "Onboard", beforeName, before)
}

// beforeNote says which commit the server "before" is, or "".
func beforeNote(cfg config) string {
	if cfg.beforeCommit == "" {
		return ""
	}
	return fmt.Sprintf(" Server \"before\" is Onboard at %s (-before %s), built and run exactly as today's.", cfg.beforeCommit, cfg.before)
}

// writeRatios prints server subject's numbers (titled name) divided by
// server other's (titled title) under the same load and token mode, if
// both ran.
func writeRatios(w io.Writer, rs []result, subject, name, other, title string) {
	ran := func(s string) bool { return slices.ContainsFunc(rs, func(r result) bool { return r.server == s }) }
	if !ran(subject) || !ran(other) {
		return
	}
	fmt.Fprintf(w, "\n%s ÷ %s (same load, same tokens; above 1: %s spends more):\n", name, title, name)
	fmt.Fprintln(w, "\n| token | load | CPU/req | RSS idle | RSS peak | p99 |")
	fmt.Fprintln(w, "|---|---|--:|--:|--:|--:|")
	for _, o := range rs {
		if o.server != subject {
			continue
		}
		for _, n := range rs {
			if n.server == other && n.token == o.token && n.load == o.load {
				fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", o.token, o.load, ratio(o.cpuMicros, n.cpuMicros),
					ratio(mib(o.rssIdle), mib(n.rssIdle)), ratio(mib(o.rssPeak), mib(n.rssPeak)), ratio(ms(o.p99), ms(n.p99)))
			}
		}
	}
}

func ratio(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func mib(b uint64) float64       { return float64(b) / (1 << 20) }
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
