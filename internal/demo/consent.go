package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// sayComplete is the configCompleteRedirectUrl `say` puts on its events:
// Chat's real one is a capability on chat.google.com; the demo only needs
// to recognise it when Onboard sends the browser back there.
const sayComplete = "https://chat.google.com/api/bot_config_complete?token=demo-say"

// configRequestURL returns the URL of a reply that is Chat's configuration
// request (Onboard asks the person to connect their Google account).
func configRequestURL(reply []byte) (string, bool) {
	var r struct {
		ActionResponse *struct{ Type, URL string } `json:"actionResponse"`
	}
	if json.Unmarshal(reply, &r) != nil || r.ActionResponse == nil || r.ActionResponse.Type != "REQUEST_CONFIG" {
		return "", false
	}
	return r.ActionResponse.URL, true
}

// consent plays what a person's browser does with a configuration request:
// the demo's Google (chatfake) consents as email and sends the browser to
// Onboard's callback, which sends it back to Chat — and then, as Chat
// does, the original message is sent again (resend).
func consent(ctx context.Context, out io.Writer, authURL, email string, resend func() ([]byte, error)) ([]byte, error) {
	u, err := url.Parse(authURL)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set("fake_user", email) // the fake's consent screen, answered as this person
	u.RawQuery = q.Encode()
	browser := &http.Client{Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	next := u.String()
	for range 3 { // Google → Onboard's callback → back to Chat
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, next, nil)
		if err != nil {
			return nil, err
		}
		resp, err := browser.Do(req)
		if err != nil {
			return nil, err
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			return nil, fmt.Errorf("connecting the account stopped at %s (%s):\n%s", req.URL.Host, resp.Status, plain(string(body)))
		}
		if next = resp.Header.Get("Location"); next == sayComplete {
			fmt.Fprintf(out, "(connected %s's Google account; Chat sends your message again)\n", email)
			return resend()
		}
	}
	return nil, fmt.Errorf("connecting the account did not come back to Chat")
}
