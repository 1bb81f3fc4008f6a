// Package metrics is Onboard's Prometheus instrumentation: events by type
// and result, token verification failures by reason, Chat API calls by
// method and status with latency, and invitations by outcome. It owns the
// series' names and labels (bounded sets only: never a user, space or
// token) and the /metrics handler, which the app serves on its own
// listener, never behind the Chat route.
package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds Onboard's series. A nil *Metrics records nothing, so code
// under test need not wire one.
type Metrics struct {
	reg         *prometheus.Registry
	events      *prometheus.CounterVec
	tokenFails  *prometheus.CounterVec
	apiCalls    *prometheus.CounterVec
	apiLatency  *prometheus.HistogramVec
	invitations *prometheus.CounterVec
}

// New registers the series in a registry of their own (with the Go and
// process collectors).
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "onboard_events_total",
			Help: "Chat interaction events by type and result (handled, ignored, bad_request, too_large, unauthenticated, error)."},
			[]string{"type", "result"}),
		tokenFails: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "onboard_token_verification_failures_total",
			Help: "Requests refused because their bearer token failed verification, by reason."}, []string{"reason"}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "onboard_chat_api_calls_total",
			Help: "Chat API calls by method and HTTP status (\"error\" when no answer came)."}, []string{"method", "status"}),
		apiLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "onboard_chat_api_call_duration_seconds",
			Help: "Chat API call latency by method.", Buckets: []float64{.025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}},
			[]string{"method"}),
		invitations: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "onboard_invitations_total",
			Help: "People Onboard finished with, by outcome and reason."}, []string{"outcome", "reason"}),
	}
	m.reg.MustRegister(m.events, m.tokenFails, m.apiCalls, m.apiLatency, m.invitations,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Event counts one interaction event.
func (m *Metrics) Event(eventType, result string) {
	if m == nil {
		return
	}
	if eventType == "" {
		eventType = "none"
	}
	m.events.WithLabelValues(eventType, result).Inc()
}

// TokenFailure counts one refused token.
func (m *Metrics) TokenFailure(reason string) {
	if m != nil {
		m.tokenFails.WithLabelValues(reason).Inc()
	}
}

// Invitation counts one person's final outcome.
func (m *Metrics) Invitation(outcome, reason string) {
	if m != nil {
		m.invitations.WithLabelValues(outcome, reason).Inc()
	}
}

// Transport wraps the Chat API client's transport to count calls and time
// them.
func (m *Metrics) Transport(next http.RoundTripper) http.RoundTripper {
	if m == nil {
		return next
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return roundTripper(func(r *http.Request) (*http.Response, error) {
		method, start := apiMethod(r.Method, r.URL.Path), time.Now()
		resp, err := next.RoundTrip(r)
		status := "error"
		if err == nil {
			status = strconv.Itoa(resp.StatusCode)
		}
		m.apiCalls.WithLabelValues(method, status).Inc()
		m.apiLatency.WithLabelValues(method).Observe(time.Since(start).Seconds())
		return resp, err
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// apiMethod names a Chat REST call by its discovery method id, from the
// HTTP method and the path (v1/spaces/…), so the label set stays bounded.
func apiMethod(httpMethod, path string) string {
	i := strings.Index(path, "v1/")
	if i < 0 {
		return "other"
	}
	parts := strings.Split(strings.Trim(path[i+len("v1/"):], "/"), "/")
	if len(parts) == 0 || parts[0] != "spaces" {
		return "other"
	}
	switch len(parts) {
	case 1:
		return verb("spaces", httpMethod, "list", "")
	case 2:
		return verb("spaces", httpMethod, "", "get")
	case 3:
		return verb("spaces."+parts[2], httpMethod, "list", "")
	case 4:
		return verb("spaces."+parts[2], httpMethod, "", "get")
	}
	return "other"
}

// verb maps an HTTP method on a collection (onCollection: list) or an
// item (onItem: get) to the method name.
func verb(resource, httpMethod, onCollection, onItem string) string {
	switch resource {
	case "spaces", "spaces.members", "spaces.messages":
	default:
		return "other"
	}
	name := ""
	switch httpMethod {
	case http.MethodGet:
		name = onCollection + onItem
	case http.MethodPost:
		if onCollection != "" {
			name = "create"
		}
	case http.MethodPatch:
		name = "patch"
	case http.MethodPut:
		name = "update"
	case http.MethodDelete:
		name = "delete"
	}
	if name == "" {
		return "other"
	}
	return resource + "." + name
}
