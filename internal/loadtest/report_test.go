package loadtest

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The ratio tables divide Onboard's numbers by the reference's and the
// floor's for the same load and token mode, and a run that ran out of
// tokens is marked.
func TestReportRatios(t *testing.T) {
	rs := []result{
		{server: onboardName, token: tokenFresh, load: load{}, ranOut: true,
			outcome:   outcome{requests: 100, rps: 900, p99: 4 * time.Millisecond, elapsed: time.Second},
			cpuMicros: 300, genMicros: 80, rssIdle: 20 << 20, rssPeak: 30 << 20},
		{server: naiveName, token: tokenFresh, load: load{},
			outcome:   outcome{requests: 100, rps: 1000, p99: 2 * time.Millisecond},
			cpuMicros: 200, rssIdle: 10 << 20, rssPeak: 20 << 20},
		{server: floorName, token: tokenFresh, load: load{},
			outcome:   outcome{requests: 100, rps: 1000, p99: 2 * time.Millisecond},
			cpuMicros: 250, rssIdle: 16 << 20, rssPeak: 24 << 20},
	}
	var b bytes.Buffer
	writeReport(&b, machine{cpus: 2, model: "test", goVersion: "go", clkTck: 100, clkSource: "auxv"},
		pinning{note: "not pinned"}, config{duration: time.Second, workers: 4}, rs)
	out := b.String()
	for _, want := range []string{
		"| onboard | fresh | max † | 900 | 300 | 20.0 | 30.0 | 0.00 | 4.00 | 0.00 | 0 | 80 |",
		"Onboard ÷ naive reference (same load, same tokens; above 1: Onboard spends more):\n\n| token | load | CPU/req | RSS idle | RSS peak | p99 |\n|---|---|--:|--:|--:|--:|\n| fresh | max | 1.50 | 2.00 | 1.50 | 2.00 |",
		"Onboard ÷ floor (same load, same tokens; above 1: Onboard spends more):\n\n| token | load | CPU/req | RSS idle | RSS peak | p99 |\n|---|---|--:|--:|--:|--:|\n| fresh | max | 1.20 | 1.25 | 1.25 | 2.00 |",
		"† onboard, fresh token, max ended after 1s: it used all 100 tokens minted for it.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// Three runs of one measurement become one row of medians; no error is
// hidden by the median.
func TestMedian(t *testing.T) {
	run := func(rps, cpu float64, p99 time.Duration, errs uint64) result {
		return result{server: onboardName, token: tokenReused,
			outcome: outcome{requests: uint64(rps), rps: rps, p99: p99, errors: errs}, cpuMicros: cpu}
	}
	m := median([]result{run(900, 120, 9*time.Millisecond, 0), run(1000, 300, 2*time.Millisecond, 2), run(950, 100, 3*time.Millisecond, 0)})
	if m.rps != 950 || m.cpuMicros != 120 || m.p99 != 3*time.Millisecond || m.requests != 950 {
		t.Errorf("got rps %v cpu %v p99 %v requests %d, want the medians 950, 120, 3ms, 950", m.rps, m.cpuMicros, m.p99, m.requests)
	}
	if m.errors != 2 {
		t.Errorf("got %d errors, want all 2 of them", m.errors)
	}
	if got := mid([]result{run(1, 0, 0, 0), run(4, 0, 0, 0)}, func(r result) float64 { return r.rps }); got != 2.5 {
		t.Errorf("median of 1 and 4: got %v, want 2.5", got)
	}
}
