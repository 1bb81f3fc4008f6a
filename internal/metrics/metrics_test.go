package metrics

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAPIMethod(t *testing.T) {
	tests := []struct{ method, path, want string }{
		{"GET", "/v1/spaces", "spaces.list"},
		{"GET", "/v1/spaces/AAAA", "spaces.get"},
		{"POST", "/v1/spaces/AAAA/members", "spaces.members.create"},
		{"GET", "/v1/spaces/AAAA/members", "spaces.members.list"},
		{"GET", "/v1/spaces/AAAA/members/123", "spaces.members.get"},
		{"DELETE", "/v1/spaces/AAAA/members/123", "spaces.members.delete"},
		{"POST", "/v1/spaces/AAAA/messages", "spaces.messages.create"},
		{"PATCH", "/v1/spaces/AAAA/messages/client-x", "spaces.messages.patch"},
		{"PUT", "/v1/spaces/AAAA/messages/client-x", "spaces.messages.update"},
		{"GET", "/v1/spaces/AAAA/reactions", "other"},
		{"GET", "/token", "other"},
		{"POST", "/v1/spaces/AAAA", "other"},
	}
	for _, tt := range tests {
		if got := apiMethod(tt.method, tt.path); got != tt.want {
			t.Errorf("apiMethod(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestSeriesAppearAfterUse(t *testing.T) {
	m := New()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(409) }))
	defer api.Close()
	client := &http.Client{Transport: m.Transport(nil)}
	resp, err := client.Post(api.URL+"/v1/spaces/AAAA/members", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	m.Event("MESSAGE", "handled")
	m.TokenFailure("expired")
	m.Invitation("joined", "")

	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`onboard_events_total{result="handled",type="MESSAGE"} 1`,
		`onboard_token_verification_failures_total{reason="expired"} 1`,
		`onboard_chat_api_calls_total{method="spaces.members.create",status="409"} 1`,
		`onboard_chat_api_call_duration_seconds_count{method="spaces.members.create"} 1`,
		`onboard_invitations_total{outcome="joined",reason=""} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	var nilMetrics *Metrics
	nilMetrics.Event("x", "y") // a nil *Metrics records nothing and does not panic
}
