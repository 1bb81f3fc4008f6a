package reference

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	chat "google.golang.org/api/chat/v1"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
)

// The reference must do the work Onboard does — refuse what is not from
// Chat for this app, answer /help with a card — or the ratios mean nothing.
func TestNaiveServer(t *testing.T) {
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	fake, err := chatfake.New(w, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	e, err := NewServer(t.Context(), w.EndpointURL, fake.GoogleJWKURL())
	if err != nil {
		t.Fatal(err)
	}
	ev, err := demo.BuildEvent(w, "sam", "AAAAonbrd01", false, "", "/help")
	if err != nil {
		t.Fatal(err)
	}
	help, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	mint := func(f func(string) (string, error), aud string) string {
		tok, err := f(aud)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	tests := []struct {
		name     string
		token    string
		body     []byte
		wantCode int
	}{
		{"help from Chat", mint(fake.MintURLToken, w.EndpointURL), help, http.StatusOK},
		{"no token", "", help, http.StatusUnauthorized},
		{"another audience", mint(fake.MintURLToken, "https://elsewhere.example.com/"), help, http.StatusUnauthorized},
		{"signed for the add-on agent, not Chat", mint(fake.MintAddonToken, w.EndpointURL), help, http.StatusUnauthorized},
		{"malformed body", mint(fake.MintURLToken, w.EndpointURL), []byte("{"), http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, body := post(e, tc.token, tc.body)
			if code != tc.wantCode {
				t.Fatalf("got %d %s, want %d", code, body, tc.wantCode)
			}
			if code != http.StatusOK {
				return
			}
			var msg chat.Message
			if err := json.Unmarshal(body, &msg); err != nil {
				t.Fatal(err)
			}
			if len(msg.CardsV2) != 1 || msg.PrivateMessageViewer == nil || msg.PrivateMessageViewer.Name != "users/111111111111111111111" {
				t.Errorf("got %s, want a help card only sam sees", body)
			}
		})
	}
}

func post(e *echo.Echo, token string, body []byte) (int, []byte) {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec.Code, []byte(strings.TrimSpace(rec.Body.String()))
}
