package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
	"github.com/onboard-chat/onboard/internal/oauth"
)

// CallbackPath is where Google sends a person's browser after consent
// (OAUTH_REDIRECT_URL ends with it).
const CallbackPath = "/oauth2/callback"

// SignIns completes a person's sign-in. *oauth.Flow implements it.
type SignIns interface {
	Complete(ctx context.Context, query url.Values) oauth.Callback
}

var _ SignIns = (*oauth.Flow)(nil)

// NewSignInOnly returns an edge that answers only GET /oauth2/callback and
// GET /health: the public service people's browsers reach after consent,
// where the Chat service itself admits only Google Chat (Cloud Run's
// invoker permission). It takes no Chat events.
func NewSignInOnly(s SignIns, log *slog.Logger) *echo.Echo {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(log)
	e.Use(accessLog(log, false), recoverPanics(log)) // sign-ins are few, and each worth a line
	e.GET(CallbackPath, callback(s))
	e.GET("/health", health)
	return e
}

// browserLocale is the browser's first preferred language (Accept-Language),
// for the page: "" when it names none.
func browserLocale(c echo.Context) string {
	first, _, _ := strings.Cut(c.Request().Header.Get("Accept-Language"), ",")
	first, _, _ = strings.Cut(first, ";")
	return strings.TrimSpace(first)
}

// signInStatus is the status of each page: a person's browser shows the
// page, a status tells monitoring what happened.
var signInStatus = map[bot.SignInOutcome]int{
	bot.SignInConnected:    http.StatusOK,
	bot.SignInDenied:       http.StatusOK,
	bot.SignInLinkUnknown:  http.StatusBadRequest,
	bot.SignInLinkUsed:     http.StatusBadRequest,
	bot.SignInLinkExpired:  http.StatusBadRequest,
	bot.SignInWrongAccount: http.StatusForbidden,
	bot.SignInFailed:       http.StatusBadGateway,
}

// callback is GET /oauth2/callback: no Chat token (a person's browser
// comes here from Google); the state in the query is the whole
// credential, checked by the flow. Connected after a message: 302 back to
// Chat's completion URL. Everything else: a short page in plain words.
func callback(s SignIns) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		// The URL holds a code and a state: no cache keeps the page and no
		// referrer carries the URL on.
		h.Set("Cache-Control", "no-store")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
		if s == nil {
			return c.HTMLBlob(http.StatusNotFound, cards.SignInPage(bot.SignInFailed, false, browserLocale(c)))
		}
		cb := s.Complete(c.Request().Context(), c.QueryParams())
		if cb.Outcome == bot.SignInConnected && cb.Redirect != "" {
			return c.Redirect(http.StatusFound, cb.Redirect)
		}
		status, ok := signInStatus[cb.Outcome]
		if !ok {
			status = http.StatusBadGateway
		}
		return c.HTMLBlob(status, cards.SignInPage(cb.Outcome, true, browserLocale(c)))
	}
}
