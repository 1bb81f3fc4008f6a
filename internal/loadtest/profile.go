package loadtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// profileOnboard starts fetching a CPU profile of Onboard for most of a
// run from the net/http/pprof handlers on its loopback metrics listener
// (internal/app), and returns a function that waits for it and writes it
// to prefix-TOKEN-LOAD.pprof. The profiler samples at 100 Hz, which costs
// Onboard a little CPU: a profiled run's numbers are not the ones to
// compare.
func (p *process) profileOnboard(ctx context.Context, prefix string, res *result, d time.Duration) func() error {
	if prefix == "" || p.name != onboardName {
		return func() error { return nil }
	}
	path := fmt.Sprintf("%s-%s-%s.pprof", prefix, res.token, strings.TrimSuffix(res.load.String(), "/s"))
	secs := max(1, int(d.Seconds())-1)
	done := make(chan error, 1)
	go func() { done <- p.fetchProfile(ctx, secs, path) }()
	return func() error { return <-done }
}

func (p *process) fetchProfile(ctx context.Context, secs int, path string) error {
	var addr string
	select {
	case addr = <-p.metrics:
	case <-time.After(5 * time.Second):
		return fmt.Errorf("onboard did not log its metrics address: no profile")
	}
	url := fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("profile: %s", resp.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
