package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// Client sends Onboard the events a person's actions in Chat cause, each
// with a fresh bearer token signed as Chat signs it in "HTTP endpoint URL"
// mode, with the local fake's key: `say` and the playground go through
// Onboard's token check exactly as Chat's requests do.
type Client struct {
	AppURL     string // Onboard's endpoint, http://host:port/
	Audience   string // the audience Onboard expects
	SigningKey []byte // chatfake's ExportSigningKey
	// HTTP sends the requests; nil means a client that, like Chat, waits
	// 30 seconds for an answer.
	HTTP *http.Client
}

// StatusError is an answer from Onboard other than 200.
type StatusError struct {
	Code int
	Body string // at most 1 KiB of it
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("Onboard answered %d %s: %s", e.Code, http.StatusText(e.Code), e.Body)
}

// Send posts ev (an event from BuildMessage or BuildClick) and returns
// Onboard's answer. An answer other than 200 is a *StatusError; no answer
// says the demo may not be running.
func (c Client) Send(ctx context.Context, ev any) ([]byte, error) {
	token, err := fakeauth.MintURLTokenWithKey(c.SigningKey, c.Audience, time.Now())
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(ev)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.AppURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Google-Dynamite")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("is the demo running (`go run .`)? %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		if len(b) > 1<<10 {
			b = b[:1<<10]
		}
		return nil, &StatusError{Code: resp.StatusCode, Body: string(b)}
	}
	return b, nil
}
