package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/internal/logging"
	"github.com/onboard-chat/onboard/internal/metrics"
)

const (
	testProject = "onboard-test"
	testTraceID = "105445aa7843bc8bf206b12000100000"
	accessMsg   = "handlers: request"
)

// observed is the harness's edge as the app wires it for Cloud Run: the
// production logger with a project, and real metrics.
type observed struct {
	*harness
	logs    *syncBuffer
	metrics *metrics.Metrics
}

func newObserved(t *testing.T, b Bot, ready func(context.Context) error) *observed {
	t.Helper()
	return newObservedWith(t, b, ready, Config{})
}

// newObservedWith is newObserved with more of the edge's configuration.
func newObservedWith(t *testing.T, b Bot, ready func(context.Context) error, cfg Config) *observed {
	t.Helper()
	h := newHarness(t)
	if b == nil {
		b = h.bot
	}
	o := &observed{harness: h, logs: &syncBuffer{}, metrics: metrics.New()}
	cfg.Verifier, cfg.Bot, cfg.Metrics = h.v, b, o.metrics
	cfg.Logger = logging.NewWithProject(o.logs, slog.LevelDebug, testProject)
	if ready != nil {
		cfg.Ready = ready
	}
	h.e = New(cfg)
	return o
}

// chatRequest is POST / as Chat sends it through Cloud Run, with a trace.
func chatRequest(target, token string, body []byte) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Google-Dynamite")
	req.Header.Set("X-Forwarded-For", "66.249.84.1")
	req.Header.Set("X-Cloud-Trace-Context", testTraceID+"/74;o=1")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

// logLines parses every line logged since offset; each must be JSON.
func logLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, l)
		}
		out = append(out, m)
	}
	return out
}

// accessLines returns the access lines among lines.
func accessLines(lines []map[string]any) []map[string]any {
	var out []map[string]any
	for _, l := range lines {
		if l["message"] == accessMsg {
			out = append(out, l)
		}
	}
	return out
}

var latencyFormat = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?s$`)

// A Chat request through Cloud Run leaves one access line, in Cloud
// Logging's httpRequest shape and joined to the request's trace; so does
// every other line logged for the request.
func TestAccessLine(t *testing.T) {
	for _, fixture := range []string{"classic_help_message", "classic_invite_message"} {
		t.Run(fixture, func(t *testing.T) {
			o := newObserved(t, nil, nil)
			res := o.serve(chatRequest("/", o.urlToken(t), readFixture(t, fixture)))
			if res.Code != http.StatusOK {
				t.Fatalf("got %d %s, want 200", res.Code, res.Body)
			}
			lines := logLines(t, o.logs.String())
			access := accessLines(lines)
			if len(access) != 1 {
				t.Fatalf("got %d access lines, want 1:\n%s", len(access), o.logs)
			}
			got := access[0]
			hr, _ := got["httpRequest"].(map[string]any)
			if lat, _ := hr["latency"].(string); !latencyFormat.MatchString(lat) {
				t.Errorf("latency: got %q, want seconds like 0.012s", lat)
			}
			delete(hr, "latency")
			want := map[string]any{
				"requestMethod": "POST", "requestUrl": "/", "status": 200.0,
				"responseSize": float64(res.Body.Len()), "userAgent": "Google-Dynamite",
				"remoteIp": "66.249.84.1", "protocol": "HTTP/1.1",
			}
			if d := cmp.Diff(want, hr); d != "" {
				t.Errorf("httpRequest (-want +got):\n%s", d)
			}
			if got["severity"] != "INFO" {
				t.Errorf("severity: got %v, want INFO", got["severity"])
			}
			for _, l := range lines {
				if l[logging.TraceKey] != "projects/"+testProject+"/traces/"+testTraceID ||
					l[logging.SpanIDKey] != "000000000000004a" {
					t.Errorf("line without the request's trace and span: %v", l)
				}
			}
		})
	}
}

// Every answer leaves exactly one access line, INFO below 500 — a refused
// token and the caller's other mistakes included — and ERROR for a 500.
// Where the platform logs every request (QuietSuccesses, ACCESS_LOG=errors)
// answers below 400 leave none, and the others the same line.
func TestAccessLineSeverity(t *testing.T) {
	help := readFixture(t, "classic_help_message")
	cases := []struct {
		name         string
		bot          Bot
		req          func(o *observed) *http.Request
		wantStatus   int
		wantSeverity string
	}{
		{"handled", nil, func(o *observed) *http.Request { return chatRequest("/", o.urlToken(t), help) }, 200, "INFO"},
		{"no token", nil, func(*observed) *http.Request { return chatRequest("/", "", help) }, 401, "INFO"},
		{"bad token", nil, func(*observed) *http.Request { return chatRequest("/", "not-a-jwt", help) }, 401, "INFO"},
		{"malformed", nil, func(o *observed) *http.Request { return chatRequest("/", o.urlToken(t), help[:9]) }, 400, "INFO"},
		{"not found", nil, func(*observed) *http.Request { return httptest.NewRequest(http.MethodGet, "/metrics", nil) }, 404, "INFO"},
		{"health", nil, func(*observed) *http.Request { return httptest.NewRequest(http.MethodGet, "/health", nil) }, 200, "INFO"},
		{"panic", panickingBot{}, func(o *observed) *http.Request { return chatRequest("/", o.urlToken(t), help) }, 500, "ERROR"},
	}
	for _, quiet := range []bool{false, true} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s, quiet successes %v", tc.name, quiet), func(t *testing.T) {
				o := newObservedWith(t, tc.bot, nil, Config{QuietSuccesses: quiet})
				if res := o.serve(tc.req(o)); res.Code != tc.wantStatus {
					t.Fatalf("got %d %s, want %d", res.Code, res.Body, tc.wantStatus)
				}
				access := accessLines(logLines(t, o.logs.String()))
				if quiet && tc.wantStatus < http.StatusBadRequest {
					if len(access) != 0 {
						t.Errorf("got %d access lines, want none:\n%s", len(access), o.logs)
					}
					return
				}
				if len(access) != 1 {
					t.Fatalf("got %d access lines, want 1:\n%s", len(access), o.logs)
				}
				hr, _ := access[0]["httpRequest"].(map[string]any)
				if access[0]["severity"] != tc.wantSeverity || hr["status"] != float64(tc.wantStatus) {
					t.Errorf("got %v status %v, want %s status %d", access[0]["severity"], hr["status"], tc.wantSeverity, tc.wantStatus)
				}
			})
		}
	}
}

// The whole log of a complete request, and of a refused one, holds neither
// the bearer token, nor the configCompleteRedirectUrl capability token, nor
// the query string, nor the Authorization header.
func TestAccessLogHoldsNoSecret(t *testing.T) {
	o := newObserved(t, nil, nil)
	tok := o.urlToken(t)
	const query = "?key=SECRET-QUERY-VALUE&token=QUERY-TOKEN"
	body := readFixture(t, "classic_added_with_command") // carries configCompleteRedirectUrl
	if !bytes.Contains(body, []byte("SCRUBBED-capability-token")) {
		t.Fatal("fixture lost its capability token")
	}
	if res := o.serve(chatRequest("/"+query, tok, body)); res.Code != http.StatusOK {
		t.Fatalf("complete request: got %d %s, want 200", res.Code, res.Body)
	}
	tampered := tok[:len(tok)-4] + "AAAA"
	if res := o.serve(chatRequest("/"+query, tampered, body)); res.Code != http.StatusUnauthorized {
		t.Fatalf("refused request: got %d, want 401", res.Code)
	}
	logs := o.logs.String()
	if n := len(accessLines(logLines(t, logs))); n != 2 {
		t.Errorf("got %d access lines, want 2", n)
	}
	for _, secret := range []string{tok[20:60], tok[len(tok)-40:], tampered[len(tampered)-40:], "Bearer",
		"SCRUBBED-capability-token", "bot_config_complete", "SECRET-QUERY-VALUE", "QUERY-TOKEN", "key=", "?"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains %q:\n%s", secret, logs)
		}
	}
}

// X-Cloud-Trace-Context: a 32-hex trace id or nothing; the decimal span as
// 16 hex digits, dropped when it is not a positive number.
func TestParseCloudTrace(t *testing.T) {
	cases := []struct {
		header, trace, span string
		ok                  bool
	}{
		{testTraceID + "/74;o=1", testTraceID, "000000000000004a", true},
		{testTraceID + "/18446744073709551615;o=0", testTraceID, "ffffffffffffffff", true},
		{strings.ToUpper(testTraceID) + "/1", testTraceID, "0000000000000001", true},
		{testTraceID, testTraceID, "", true},
		{testTraceID + ";o=1", testTraceID, "", true},
		{testTraceID + "/0;o=1", testTraceID, "", true},
		{testTraceID + "/x1;o=1", testTraceID, "", true},
		{testTraceID + "/18446744073709551616", testTraceID, "", true}, // overflows 64 bits
		{testTraceID + "/-1", testTraceID, "", true},
		{testTraceID[:31] + "/1;o=1", "", "", false},
		{testTraceID + "0/1", "", "", false},
		{"zz5445aa7843bc8bf206b12000100000/1", "", "", false},
		{"00000000000000000000000000000000/1", "", "", false},
		{" " + testTraceID[1:] + "/1", "", "", false},
		{"", "", "", false},
		{"/1;o=1", "", "", false},
	}
	for _, tc := range cases {
		trace, span, ok := parseCloudTrace(tc.header)
		if trace != tc.trace || span != tc.span || ok != tc.ok {
			t.Errorf("%q: got %q %q %v, want %q %q %v", tc.header, trace, span, ok, tc.trace, tc.span, tc.ok)
		}
	}
}

// A request whose trace header is garbage is served and logged without a
// trace.
func TestGarbageTraceIgnored(t *testing.T) {
	o := newObserved(t, nil, nil)
	req := chatRequest("/", o.urlToken(t), readFixture(t, "classic_help_message"))
	req.Header.Set("X-Cloud-Trace-Context", "not-a-trace/1;o=1")
	if res := o.serve(req); res.Code != http.StatusOK {
		t.Fatalf("got %d, want 200", res.Code)
	}
	for _, l := range logLines(t, o.logs.String()) {
		if _, ok := l[logging.TraceKey]; ok {
			t.Errorf("line with a trace from a garbage header: %v", l)
		}
	}
}

func TestLatencyString(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 12 * time.Millisecond: "0.012s", 1500 * time.Millisecond: "1.5s",
		1234567 * time.Nanosecond: "0.001234567s", 3 * time.Second: "3s",
	} {
		if got := latencyString(d); got != want {
			t.Errorf("%v: got %q, want %q", d, got, want)
		}
	}
}

// remoteIp is the address the nearest proxy saw, and only ever an address.
func TestRemoteIP(t *testing.T) {
	cases := []struct {
		name, xff, remote, want string
	}{
		{"cloud run", "66.249.84.1", "169.254.1.1:1234", "66.249.84.1"},
		{"client-written entries first", "6.6.6.6, 66.249.84.1", "169.254.1.1:1234", "66.249.84.1"},
		{"ipv6", "2001:db8::1", "", "2001:db8::1"},
		{"no header", "", "192.0.2.7:5555", "192.0.2.7"},
		{"garbage header", "<script>", "192.0.2.7:5555", "192.0.2.7"},
		{"nothing usable", "", "pipe", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tc.remote
			if tc.xff != "" {
				req.Header.Set("X-Forwarded-For", tc.xff)
			}
			if got := remoteIP(req); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
