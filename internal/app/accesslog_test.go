package app

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// ACCESS_LOG=errors (the default on Cloud Run and App Engine, which log
// every request themselves) leaves an answered event without an access line
// of Onboard's, but not a refused one; ACCESS_LOG=all logs both.
func TestAccessLogSetting(t *testing.T) {
	for _, tc := range []struct {
		setting string
		want    []string // the statuses of the access lines
	}{
		{"errors", []string{"401"}},
		{"all", []string{"200", "401"}},
	} {
		t.Run(tc.setting, func(t *testing.T) {
			var logs bytes.Buffer
			b, fake, world := configured(t, map[string]string{"ACCESS_LOG": tc.setting},
				slog.New(slog.NewJSONHandler(&logs, nil)))
			body := helpEvent(t, world, "access")
			for _, token := range []string{freshTokens(t, fake, world.EndpointURL, 1)[0], "not-a-token"} {
				req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				b.Handler.ServeHTTP(httptest.NewRecorder(), req)
			}
			var got []string
			for line := range strings.Lines(logs.String()) {
				var l struct {
					Msg         string `json:"msg"`
					HTTPRequest struct {
						Status json.Number `json:"status"`
					} `json:"httpRequest"`
				}
				if json.Unmarshal([]byte(line), &l) == nil && l.Msg == "handlers: request" {
					got = append(got, l.HTTPRequest.Status.String())
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("access lines for statuses %v, want %v", got, tc.want)
			}
		})
	}
}
