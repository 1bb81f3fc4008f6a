package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

// Each fixture Chat could send reaches the domain as the right Interaction
// and is answered 200 with JSON in the request's envelope.
func TestEventsReachTheDomain(t *testing.T) {
	h := newHarness(t)
	for name, tc := range handledFixtures {
		t.Run(name, func(t *testing.T) {
			token := h.urlToken(t)
			if tc.envelope == envelopeAddon {
				token = h.addonToken(t)
			}
			before, _ := h.bot.calls()
			res := h.post(token, readFixture(t, name))
			if res.Code != http.StatusOK {
				t.Fatalf("got %d %s, want 200", res.Code, res.Body)
			}
			if ct := res.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type: got %q, want application/json", ct)
			}
			checkReplyShape(t, res.Body.Bytes(), tc.envelope)
			got, _ := h.bot.calls()
			if len(got) != len(before)+1 {
				t.Fatalf("domain calls: got %d, want 1", len(got)-len(before))
			}
			if in := got[len(got)-1]; !reflect.DeepEqual(in, tc.want) {
				t.Errorf("Interaction:\n got %+v\nwant %+v", in, tc.want)
			}
		})
	}
}

// The edge's answers that are not the domain's, from status.go's table.
func TestStatusTable(t *testing.T) {
	h := newHarness(t)
	invite := readFixture(t, "classic_invite_message")
	padded := append(bytes.Repeat([]byte(" "), DefaultMaxBody-len(invite)), invite...)
	cases := []struct {
		name     string
		body     []byte
		want     int
		wantBody string
	}{
		{"malformed json", []byte(`{"type":"MESSAGE",`), http.StatusBadRequest, `{"error":"malformed"}`},
		{"truncated event", invite[:len(invite)-40], http.StatusBadRequest, `{"error":"malformed"}`},
		{"empty body", nil, http.StatusBadRequest, `{"error":"malformed"}`},
		{"over 1 MiB", append(padded, ' '), http.StatusRequestEntityTooLarge, `{"error":"too_large"}`},
		{"exactly 1 MiB", padded, http.StatusOK, ""},
		{"unknown envelope", []byte(`{"kind":"chat#event","payload":{}}`), http.StatusOK, `{}`},
		{"unknown event type", readFixture(t, "classic_widget_updated"), http.StatusOK, `{}`},
		{"removed from space", readFixture(t, "classic_removed"), http.StatusOK, `{}`},
		{"add-on removed from space", readFixture(t, "addon_removed"), http.StatusOK, `{}`},
		{"json of another shape", []byte(`["MESSAGE"]`), http.StatusOK, `{}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := h.post(h.urlToken(t), tc.body)
			if res.Code != tc.want {
				t.Errorf("status: got %d %s, want %d", res.Code, res.Body, tc.want)
			}
			if tc.wantBody != "" && res.Body.String() != tc.wantBody {
				t.Errorf("body: got %s, want %s", res.Body, tc.wantBody)
			}
			if ct := res.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type: got %q, want application/json", ct)
			}
		})
	}
	if got, _ := h.bot.calls(); len(got) != 1 { // only "exactly 1 MiB"
		t.Errorf("domain calls: got %d, want 1", len(got))
	}
}

// Content-Length is not trusted: a chunked body over the limit is 413 too,
// and so is a request that admits its size up front.
func TestBodyLimitWithoutContentLength(t *testing.T) {
	h := newHarness(t)
	big := append([]byte(`{"type":"MESSAGE","message":{"text":"`), bytes.Repeat([]byte("a"), DefaultMaxBody)...)
	for _, length := range []int64{-1, int64(len(big))} {
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(big))
		req.ContentLength = length
		req.Header.Set("Authorization", "Bearer "+h.urlToken(t))
		if res := h.serve(req); res.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("Content-Length %d: got %d, want 413", length, res.Code)
		}
	}
}

// A panic in the domain is a fixed 500 without detail, and the server keeps
// answering.
func TestPanicIs500AndServerLives(t *testing.T) {
	h := newHarness(t)
	h.e = New(Config{Verifier: h.v, Bot: panickingBot{}, Logger: h.log})
	res := h.post(h.urlToken(t), readFixture(t, "classic_help_message"))
	if res.Code != http.StatusInternalServerError || res.Body.String() != `{"error":"internal"}` {
		t.Errorf("got %d %s, want 500 {\"error\":\"internal\"}", res.Code, res.Body)
	}
	if !strings.Contains(h.logs.String(), "assignment to entry in nil map") {
		t.Errorf("the panic was not logged: %s", h.logs)
	}
	for i := 0; i < 2; i++ {
		if res := h.post(h.urlToken(t), readFixture(t, "classic_removed")); res.Code != http.StatusOK {
			t.Errorf("request %d after the panic: got %d, want 200", i, res.Code)
		}
	}
}

func TestRoutes(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		method, path string
		want         int
		wantBody     string
	}{
		{http.MethodGet, "/health", http.StatusOK, `{"status":"ok"}`},
		{http.MethodGet, "/healthz", http.StatusNotFound, `{"error":"not_found"}`},
		{http.MethodGet, "/", http.StatusMethodNotAllowed, `{"error":"method_not_allowed"}`},
		{http.MethodPost, "/events", http.StatusNotFound, `{"error":"not_found"}`},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			res := h.serve(httptest.NewRequest(tc.method, tc.path, nil))
			if res.Code != tc.want || res.Body.String() != tc.wantBody {
				t.Errorf("got %d %s, want %d %s", res.Code, res.Body, tc.want, tc.wantBody)
			}
			if ct := res.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type: got %q, want application/json", ct)
			}
		})
	}
}

// Tokens, bodies and the capability URLs Chat puts in events never reach a
// log, whatever happens to the request.
func TestNothingSecretIsLogged(t *testing.T) {
	h := newHarness(t)
	classic, addon := h.urlToken(t), h.addonToken(t)
	for _, name := range fixtureNames(t) {
		tok := classic
		if strings.HasPrefix(name, "addon_") {
			tok = addon
		}
		body := readFixture(t, name)
		h.post(tok, body)
		h.post(tok, body[:len(body)/2]) // malformed
		h.post(tok[:len(tok)-3], body)  // bad signature
	}
	h.e = New(Config{Verifier: h.v, Bot: panickingBot{}, Logger: h.log})
	h.post(classic, readFixture(t, "classic_invite_message"))

	logs := h.logs.String()
	// The domain may log whom it invited; the edge logs no request data.
	for _, secret := range []string{classic[20:60], addon[20:60], "SCRUBBED-capability-token",
		"SCRUBBED-system-id-token", "bot_config_complete", inviteText, "what can you do?"} {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains %q:\n%s", secret, logs)
		}
	}
}

// An add-on event that carries "chat" but no commonEventObject is still an
// add-on event: it reaches the domain as the same Interaction (without the
// locale the object would carry) and is answered in the add-on envelope,
// not dropped as unknown with {}.
func TestAddonEventWithoutCommonEventObject(t *testing.T) {
	h := newHarness(t)
	var ev map[string]any
	if err := json.Unmarshal(readFixture(t, "addon_invite_app_command"), &ev); err != nil {
		t.Fatal(err)
	}
	delete(ev, "commonEventObject")
	body, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	res := h.post(h.addonToken(t), body)
	if res.Code != http.StatusOK || res.Body.String() == "{}" {
		t.Fatalf("got %d %s, want 200 with a reply", res.Code, res.Body)
	}
	checkReplyShape(t, res.Body.Bytes(), envelopeAddon)
	got, _ := h.bot.calls()
	want := handledFixtures["addon_invite_app_command"].want
	want.Locale = ""
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("Interaction:\n got %+v\nwant %+v", got, want)
	}
}
