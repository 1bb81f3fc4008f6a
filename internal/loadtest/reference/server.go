// Package reference is the load benchmark's naive Chat app: the one a
// developer would write from the design card's stack and Google's samples —
// Echo, google.golang.org/api/idtoken to check the bearer token (audience,
// then email = chat@system.gserviceaccount.com, as Google's "verify
// requests from Chat" samples do), the event decoded into chat/v1's
// DeprecatedEvent and a help card built from chat/v1's types and written
// through their MarshalJSON. It answers /help and nothing else, with no
// logging and no metrics. cmd/loadtest/naive serves it alone and
// cmd/loadtest/floor next to the durable stack Onboard must carry; `go run
// ./cmd/loadtest` drives both with Onboard's load (docs/performance.md).
package reference

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/idtoken"
	"google.golang.org/api/option"
)

// chatEmail is who signs the ID tokens Chat sends in "HTTP endpoint URL"
// mode (https://developers.google.com/workspace/chat/authenticate-authorize#verify-requests).
const chatEmail = "chat@system.gserviceaccount.com"

// helpCommandID is /help in Onboard's default command ids (the load sends
// Onboard's events to both servers).
const helpCommandID = 2

// googleCerts is the key-set URL idtoken fetches for RS256 tokens. It is a
// constant inside idtoken with no option to change it, so the only way to
// point the library at chatfake is the HTTP client it is given: certsRewriter
// sends requests for this URL to the fake's copy. The library's own code
// (parsing, checks, key cache, RSA) is what runs.
const googleCerts = "https://www.googleapis.com/oauth2/v3/certs"

type certsRewriter struct {
	to   *url.URL
	base http.RoundTripper
}

func (c certsRewriter) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.String() == googleCerts {
		r = r.Clone(r.Context())
		r.URL, r.Host = c.to, c.to.Host
	}
	return c.base.RoundTrip(r)
}

// NewServer is the whole app: one route, the token check first.
func NewServer(ctx context.Context, audience, certsURL string) (*echo.Echo, error) {
	to, err := url.Parse(certsURL)
	if err != nil {
		return nil, err
	}
	client := &http.Client{Transport: certsRewriter{to: to, base: http.DefaultTransport}}
	v, err := idtoken.NewValidator(ctx, option.WithHTTPClient(client))
	if err != nil {
		return nil, err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST("/", func(c echo.Context) error {
		if !fromChat(c.Request(), v, audience) {
			return c.NoContent(http.StatusUnauthorized)
		}
		var ev chat.DeprecatedEvent
		if err := json.NewDecoder(http.MaxBytesReader(c.Response(), c.Request().Body, 1<<20)).Decode(&ev); err != nil {
			return c.NoContent(http.StatusBadRequest)
		}
		if ev.Type != "MESSAGE" || ev.Message == nil || ev.Message.SlashCommand == nil ||
			ev.Message.SlashCommand.CommandId != helpCommandID || ev.User == nil {
			return c.JSON(http.StatusOK, struct{}{})
		}
		return c.JSON(http.StatusOK, helpMessage(ev.User.Name))
	})
	return e, nil
}

// fromChat checks the bearer token as Google's samples do: a valid Google
// ID token for our audience, whose verified email is Chat's.
func fromChat(r *http.Request, v *idtoken.Validator, audience string) bool {
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || token == "" {
		return false
	}
	p, err := v.Validate(r.Context(), token, audience)
	if err != nil {
		return false
	}
	verified, _ := p.Claims["email_verified"].(bool)
	return verified && p.Claims["email"] == chatEmail
}
