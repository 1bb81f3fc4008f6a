package handlers

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/metrics"
	"github.com/onboard-chat/onboard/internal/verify"
)

// Verifier checks the bearer token Chat puts on every request.
// *verify.Verifier implements it.
type Verifier interface {
	Verify(ctx context.Context, token string) (verify.Claims, error)
}

// Bot answers one interaction. *bot.Service implements it.
type Bot interface {
	Handle(ctx context.Context, in bot.Interaction) bot.Reply
}

// Recorder counts what happens at the edge. *metrics.Metrics implements it.
type Recorder interface {
	// Event counts one request to the Chat route by event type and result
	// (status.go: handled, ignored, bad_request, too_large,
	// unauthenticated, error).
	Event(eventType, result string)
	// TokenFailure counts one refused token by reason.
	TokenFailure(reason string)
}

var (
	_ Verifier = (*verify.Verifier)(nil)
	_ Bot      = (*bot.Service)(nil)
	_ Recorder = (*metrics.Metrics)(nil)
)

// DefaultMaxBody is the largest request body accepted when Config.MaxBody
// is 0. Real events are a few KiB.
const DefaultMaxBody = 1 << 20

// Config wires the edge.
type Config struct {
	Verifier Verifier
	Bot      Bot
	Logger   *slog.Logger // nil discards
	MaxBody  int64        // bytes; 0 means DefaultMaxBody
	Metrics  Recorder     // nil records nothing
	// Ready says whether the process can serve events now (its database
	// answers, its jobs run); nil means always. It is called on every
	// GET /ready, with the request's context.
	Ready func(ctx context.Context) error
	// AddonActionURL is where an add-on deployment's buttons send their
	// clicks (the endpoint URL): in that envelope a button's function must
	// be an HTTPS URL, and the method travels as a parameter.
	AddonActionURL string
	// QuietSuccesses leaves answers below 400 without an access line: the
	// platform (Cloud Run, App Engine) logs every request itself. Refused
	// tokens, malformed requests and failures always get one.
	QuietSuccesses bool
	// SignIns completes people's Google sign-ins at GET /oauth2/callback;
	// nil when no OAuth client is configured (the page then says so).
	SignIns SignIns
}

// New returns the HTTP edge: POST / takes Chat events; GET /health answers
// 200 while the process is up (not /healthz: Cloud Run reserves paths
// ending in z); GET /ready answers 200 when Config.Ready does, 503
// otherwise. Neither probe needs a token. /metrics is not here: the app
// serves it on a listener of its own, out of reach of Chat's invoker
// permission.
func New(cfg Config) *echo.Echo {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	maxBody := cfg.MaxBody
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = errorHandler(log)
	e.Use(accessLog(log, cfg.QuietSuccesses), recoverPanics(log))

	h := &eventHandler{bot: cfg.Bot, log: log, maxBody: maxBody, addonURL: cfg.AddonActionURL}
	chat := []echo.MiddlewareFunc{requireToken(cfg.Verifier, log)}
	if cfg.Metrics != nil {
		chat = append([]echo.MiddlewareFunc{countEvents(cfg.Metrics)}, chat...)
	}
	e.POST("/", h.serve, chat...)
	e.GET(CallbackPath, callback(cfg.SignIns))
	e.GET("/health", health)
	e.GET("/ready", (&readiness{check: cfg.Ready, log: log}).serve)
	return e
}

func health(c echo.Context) error {
	return c.JSONBlob(http.StatusOK, []byte(`{"status":"ok"}`))
}

// eventHandler is POST /: verified (by the middleware) → decode → one
// domain call → one card call → JSON.
type eventHandler struct {
	bot      Bot
	log      *slog.Logger
	maxBody  int64
	addonURL string
}

func (h *eventHandler) serve(c echo.Context) error {
	req := c.Request()
	ctx := req.Context()
	body, err := readBody(req, h.maxBody)
	if err != nil {
		return err
	}
	ev, err := decodeEvent(body)
	noteEventType(c, eventTypeOf(ev, err))
	if err != nil {
		h.log.InfoContext(ctx, "handlers: event not handled", slog.String("reason", err.Error()))
		return err
	}
	if claims, ok := claimsFrom(ctx); ok && claims.Addon != (ev.envelope == envelopeAddon) {
		// The body decides the envelope; a mismatch is worth knowing about.
		h.log.WarnContext(ctx, "handlers: envelope differs from token",
			slog.String("envelope", ev.envelope.String()), slog.Bool("addon_token", claims.Addon))
	}
	reply := h.bot.Handle(ctx, ev.in)
	out, err := encodeReply(reply, ev.envelope, h.addonURL, ev.in.Dialog == bot.DialogSubmit)
	if err != nil {
		return err
	}
	return c.JSONBlob(http.StatusOK, out)
}

// readBody reads at most limit bytes. It reads up to limit+1 so that a body
// over the limit is caught whatever Content-Length claims.
func readBody(req *http.Request, limit int64) ([]byte, error) {
	if req.ContentLength > limit {
		return nil, &edgeError{problem: problemTooLarge, reason: "content length over limit"}
	}
	size := int64(4 << 10)
	if req.ContentLength > 0 {
		size = req.ContentLength + 1 // +1: room to see EOF without growing
	}
	r := io.LimitReader(req.Body, limit+1)
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &edgeError{problem: problemMalformed, reason: "body unreadable"}
		}
	}
	if int64(len(buf)) > limit {
		return nil, &edgeError{problem: problemTooLarge, reason: "body over limit"}
	}
	return buf, nil
}
