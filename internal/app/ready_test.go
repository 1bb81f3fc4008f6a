package app

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/metrics"
)

// The profiler answers on a loopback metrics listener and nowhere else:
// METRICS_ADDR opened to another interface serves /metrics only.
func TestProfilerOnlyOnLoopback(t *testing.T) {
	m := metrics.New()
	for _, tc := range []struct {
		ip        string
		wantPprof int
	}{
		{"127.0.0.1", http.StatusOK},
		{"::1", http.StatusOK},
		{"0.0.0.0", http.StatusNotFound},
		{"10.1.2.3", http.StatusNotFound},
	} {
		t.Run(tc.ip, func(t *testing.T) {
			mux := metricsMux(m, &net.TCPAddr{IP: net.ParseIP(tc.ip), Port: 9464})
			for path, want := range map[string]int{"/metrics": http.StatusOK, "/debug/pprof/": tc.wantPprof,
				"/debug/pprof/heap": tc.wantPprof} {
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
				if rec.Code != want {
					t.Errorf("GET %s on %s: %d, want %d", path, tc.ip, rec.Code, want)
				}
			}
		})
	}
}

// A port already taken tells the person how to choose another.
func TestListenOnATakenPortSaysSetPORT(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	_, err = listen(taken.Addr().String())
	if err == nil || !strings.Contains(err.Error(), "already in use") || !strings.Contains(err.Error(), "PORT=") {
		t.Errorf("listen on a taken port: %v, want it to say the port is in use and to set PORT", err)
	}
}
