package loadtest

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The ratio table divides Onboard's numbers by the reference's for the
// same load and token mode, and a run that ran out of tokens is marked.
func TestReportRatios(t *testing.T) {
	rs := []result{
		{server: onboardName, token: tokenFresh, load: load{}, ranOut: true,
			outcome:   outcome{requests: 100, rps: 900, p99: 4 * time.Millisecond, elapsed: time.Second},
			cpuMicros: 300, rssIdle: 20 << 20, rssPeak: 30 << 20},
		{server: naiveName, token: tokenFresh, load: load{},
			outcome:   outcome{requests: 100, rps: 1000, p99: 2 * time.Millisecond},
			cpuMicros: 200, rssIdle: 10 << 20, rssPeak: 20 << 20},
	}
	var b bytes.Buffer
	writeReport(&b, machine{cpus: 2, model: "test", goVersion: "go", clkTck: 100, clkSource: "auxv"},
		pinning{note: "not pinned"}, config{duration: time.Second, workers: 4}, rs)
	out := b.String()
	for _, want := range []string{
		"| onboard | fresh | max † | 900 | 300 | 20.0 | 30.0 | 0.00 | 4.00 | 0.00 | 0 |",
		"| fresh | max | 1.50 | 1.50 | 2.00 |",
		"† onboard, fresh token, max ended after 1s: it used all 100 tokens minted for it.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
