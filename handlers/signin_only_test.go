package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/handlers"
)

// The public sign-in service (`onboard signin`) answers people's browsers
// and nothing else: a Chat event posted to it — to / or to the callback —
// is turned away before anything reads it, and only GET /health and GET
// /oauth2/callback exist.
func TestSignInServiceRefusesChatEvents(t *testing.T) {
	e := handlers.NewSignInOnly(nil, nil) // no flow: a request that reached it would panic
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{http.MethodPost, "/", http.StatusNotFound},
		{http.MethodPost, "/chat", http.StatusNotFound},
		{http.MethodPost, handlers.CallbackPath, http.StatusMethodNotAllowed},
		{http.MethodGet, "/", http.StatusNotFound},
		{http.MethodGet, "/health", http.StatusOK},
	} {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(`{"type":"MESSAGE","message":{"text":"/invite eve@evil.test"}}`))
		req.Header.Set("Authorization", "Bearer x")
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != tc.want {
			t.Errorf("%s %s: status %d, want %d (%s)", tc.method, tc.path, rec.Code, tc.want, rec.Body)
		}
	}
}
