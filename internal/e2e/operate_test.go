package e2e

import (
	"bufio"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestMetricsAfterInvite: after an /invite round trip, /metrics (on its own
// listener, not the public port) exposes every listed series.
func TestMetricsAfterInvite(t *testing.T) {
	o := start(t, "url")
	o.post("", []byte(`{}`)) // one refused token
	status, body := o.post(o.urlToken(), event(t, o, "sam", "AAAAonbrd01", false, "", "/invite carol@example.com"))
	if status != 200 || readReply(t, body, false).Rows["carol@example.com"] != addedByOnboard {
		t.Fatalf("invite: %d %s", status, body)
	}
	m := o.metrics()
	for _, want := range []string{
		`onboard_events_total{result="handled",type="APP_COMMAND"} 1`,
		`onboard_events_total{result="unauthenticated",type="none"} 1`,
		`onboard_token_verification_failures_total{reason="no_bearer_token"} 1`,
		`onboard_chat_api_calls_total{method="spaces.members.create",status="200"} 1`,
		`onboard_chat_api_call_duration_seconds_count{method="spaces.members.get"}`,
		`onboard_invitations_total{outcome="joined",reason=""} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	resp, err := http.Get(o.url + "metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == 200 {
		t.Error("/metrics is reachable on the public port")
	}
}

// TestLogsCarryTraceAndNoSecrets: every log line is JSON; the access line
// of a traced request carries Cloud Logging's trace field.
func TestLogsCarryTraceAndNoSecrets(t *testing.T) {
	o := start(t, "url", "GOOGLE_CLOUD_PROJECT=onboard-prod")
	tok := o.urlToken()
	req, _ := http.NewRequest(http.MethodPost, o.url, strings.NewReader(string(event(t, o, "sam", "AAAAonbrd01", false, "", "/help"))))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("X-Cloud-Trace-Context", "0123456789abcdef0123456789abcdef/123;o=1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	o.stop()
	found := false
	sc := bufio.NewScanner(strings.NewReader(o.logs.String()))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") || line == "" || !strings.HasPrefix(line, "{") {
			continue // the demo banner is not printed here; stderr may hold Go's own messages
		}
		var l map[string]any
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Errorf("log line is not JSON: %v: %s", err, line)
			continue
		}
		if l["logging.googleapis.com/trace"] == "projects/onboard-prod/traces/0123456789abcdef0123456789abcdef" && l["httpRequest"] != nil {
			found = true
		}
	}
	if !found {
		t.Errorf("no access line with the trace field in:\n%s", o.logs)
	}
	if strings.Contains(o.logs.String(), tok) {
		t.Error("the bearer token reached the logs")
	}
}
