package e2e

import (
	"net/http"
	"strings"
	"testing"
)

// The playground exists only in the demo: a configured deployment has no
// such route, whatever the method or path under it.
func TestConfiguredDeploymentHasNoPlayground(t *testing.T) {
	o := start(t, "url")
	base := strings.TrimSuffix(o.url, "/")
	for _, r := range []struct{ method, path string }{
		{"GET", "/playground"}, {"GET", "/playground/"}, {"GET", "/playground/api/state?as=sam"},
		{"GET", "/playground/api/stream"}, {"GET", "/playground/assets/app.js"}, {"GET", "/playground/complete?token=x"},
		{"POST", "/playground/api/send"}, {"POST", "/playground/api/click"},
	} {
		req, err := http.NewRequest(r.method, base+r.path, strings.NewReader(`{"as":"sam","text":"/help"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s: %d, want 404", r.method, r.path, resp.StatusCode)
		}
	}
}
