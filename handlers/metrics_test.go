package handlers

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// scrape reads the metrics as Prometheus would.
func (o *observed) scrape(t *testing.T) string {
	t.Helper()
	rec := httptest.NewRecorder()
	o.metrics.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func expiredToken(t *testing.T, h *harness) string {
	t.Helper()
	yes := true
	tok, err := h.fake.Mint(fakeauth.TokenSpec{Audience: h.world.EndpointURL, Email: fakeauth.ChatEmail,
		EmailVerified: &yes, IssuedAt: time.Now().Add(-2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Every request to the Chat route is counted once by event type and by the
// result the status table gives it, and every refused token by its reason.
func TestEventsCounted(t *testing.T) {
	o := newObserved(t, nil, nil)
	tok := o.urlToken(t)
	help := readFixture(t, "classic_help_message") // a slash command, MESSAGE on the wire
	big := append(bytes.Repeat([]byte(" "), DefaultMaxBody), help...)
	posts := []struct {
		token string
		body  []byte
		want  int
	}{
		{tok, help, 200},
		{o.addonToken(t), readFixture(t, "addon_quick_help"), 200},
		{tok, readFixture(t, "classic_added_mention"), 200},
		{tok, readFixture(t, "classic_removed"), 200},
		{tok, readFixture(t, "classic_widget_updated"), 200},
		{tok, []byte(`{"type":"SOMETHING_NEW"}`), 200},
		{tok, help[:20], 400},
		{tok, big, 413},
		{"", help, 401},
		{"not-a-jwt", help, 401},
		{expiredToken(t, o.harness), help, 401},
	}
	for i, p := range posts {
		if res := o.serve(chatRequest("/", p.token, p.body)); res.Code != p.want {
			t.Fatalf("request %d: got %d %s, want %d", i, res.Code, res.Body, p.want)
		}
	}
	// Not the Chat route: not an event.
	o.serve(httptest.NewRequest(http.MethodGet, "/health", nil))
	o.serve(httptest.NewRequest(http.MethodPost, "/events", nil))

	// A bug in the domain is an error, under the type the event had.
	panicked := newObserved(t, panickingBot{}, nil)
	if res := panicked.serve(chatRequest("/", panicked.urlToken(t), help)); res.Code != 500 {
		t.Fatalf("panic: got %d, want 500", res.Code)
	}
	// An edge without a verifier refuses, and says why.
	unverified := newObserved(t, nil, nil)
	unverified.e = New(Config{Bot: unverified.bot, Metrics: unverified.metrics})
	unverified.serve(chatRequest("/", tok, help))

	for _, tc := range []struct {
		o    *observed
		want []string
	}{
		{o, []string{
			`onboard_events_total{result="handled",type="APP_COMMAND"} 2`,
			`onboard_events_total{result="handled",type="ADDED_TO_SPACE"} 1`,
			`onboard_events_total{result="ignored",type="REMOVED_FROM_SPACE"} 1`,
			`onboard_events_total{result="ignored",type="WIDGET_UPDATED"} 1`,
			`onboard_events_total{result="ignored",type="none"} 1`,
			`onboard_events_total{result="bad_request",type="none"} 1`,
			`onboard_events_total{result="too_large",type="none"} 1`,
			`onboard_events_total{result="unauthenticated",type="none"} 3`,
			`onboard_token_verification_failures_total{reason="no_bearer_token"} 1`,
			`onboard_token_verification_failures_total{reason="malformed"} 1`,
			`onboard_token_verification_failures_total{reason="expired"} 1`,
		}},
		{panicked, []string{`onboard_events_total{result="error",type="APP_COMMAND"} 1`}},
		{unverified, []string{
			`onboard_events_total{result="unauthenticated",type="none"} 1`,
			`onboard_token_verification_failures_total{reason="no_verifier"} 1`,
		}},
	} {
		got := tc.o.scrape(t)
		var counted []string
		for _, l := range strings.Split(got, "\n") {
			if strings.HasPrefix(l, "onboard_events_total{") || strings.HasPrefix(l, "onboard_token_verification") {
				counted = append(counted, l)
			}
		}
		if len(counted) != len(tc.want) {
			t.Errorf("got series\n%s\nwant\n%s", strings.Join(counted, "\n"), strings.Join(tc.want, "\n"))
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w+"\n") {
				t.Errorf("missing %s; got\n%s", w, strings.Join(counted, "\n"))
			}
		}
	}
}

// An edge without metrics serves as before.
func TestNoMetricsRecordsNothing(t *testing.T) {
	h := newHarness(t)
	if res := h.post(h.urlToken(t), readFixture(t, "classic_help_message")); res.Code != http.StatusOK {
		t.Errorf("got %d, want 200", res.Code)
	}
	if res := h.post("", readFixture(t, "classic_help_message")); res.Code != http.StatusUnauthorized {
		t.Errorf("got %d, want 401", res.Code)
	}
}
