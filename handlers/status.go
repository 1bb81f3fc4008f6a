package handlers

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"

	"github.com/labstack/echo/v4"
)

// problem is what went wrong at the edge. Every answer that is not a reply
// from the domain is one of these, and statusTable is the only place that
// turns a problem into an HTTP status and body.
type problem int

const (
	problemInternal         problem = iota // a bug: anything not classified below
	problemUnauthenticated                 // no, malformed or rejected bearer token
	problemTooLarge                        // body over Config.MaxBody
	problemMalformed                       // body is not JSON (syntax error, truncated, unreadable)
	problemUnhandled                       // valid JSON, but not an event Onboard acts on
	problemPanic                           // a panic anywhere below the recover middleware
	problemNotFound                        // Echo's router: no such path
	problemMethodNotAllowed                // Echo's router: path exists, method does not
	problemNotReady                        // GET /ready: Config.Ready said no
)

// answer is a fixed status and body, and the result an event ending in it
// is counted under (onboard_events_total's result label). Bodies never carry
// request data or error text.
type answer struct {
	status int
	body   string
	result string
}

// The results events are counted under; resultHandled is an event the
// domain answered, every other one comes from statusTable.
const (
	resultHandled         = "handled"
	resultIgnored         = "ignored"
	resultBadRequest      = "bad_request"
	resultTooLarge        = "too_large"
	resultUnauthenticated = "unauthenticated"
	resultError           = "error"
)

// statusTable is the edge's one status table: every problem maps to what
// the caller sees here and nowhere else. A valid event we do not handle is
// a 200 {}: a 4xx would make Chat stop delivering, and Chat never retries a
// 2xx.
//
// The last three rows are never an event's (the router answers before the
// Chat route; /ready is not one); their results are there for completeness.
var statusTable = [...]answer{
	problemInternal:         {http.StatusInternalServerError, `{"error":"internal"}`, resultError},
	problemUnauthenticated:  {http.StatusUnauthorized, `{"error":"unauthenticated"}`, resultUnauthenticated},
	problemTooLarge:         {http.StatusRequestEntityTooLarge, `{"error":"too_large"}`, resultTooLarge},
	problemMalformed:        {http.StatusBadRequest, `{"error":"malformed"}`, resultBadRequest},
	problemUnhandled:        {http.StatusOK, `{}`, resultIgnored},
	problemPanic:            {http.StatusInternalServerError, `{"error":"internal"}`, resultError},
	problemNotFound:         {http.StatusNotFound, `{"error":"not_found"}`, resultBadRequest},
	problemMethodNotAllowed: {http.StatusMethodNotAllowed, `{"error":"method_not_allowed"}`, resultBadRequest},
	problemNotReady:         {http.StatusServiceUnavailable, `{"error":"not_ready"}`, resultError},
}

// edgeError carries a problem up to the error handler. reason is a fixed
// label for the log (a verify.Reason, a decode detail), never request data.
type edgeError struct {
	problem problem
	reason  string
}

func (e *edgeError) Error() string { return "handlers: " + e.reason }

// problemOf classifies err. Wrapped errors keep their class (Echo's default
// handler would turn them into 500s); anything unknown is a 500.
func problemOf(err error) problem {
	var ee *edgeError
	if errors.As(err, &ee) {
		return ee.problem
	}
	var de *decodeError
	if errors.As(err, &de) {
		return de.problem
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return problemNotFound
		case http.StatusMethodNotAllowed:
			return problemMethodNotAllowed
		case http.StatusUnauthorized:
			return problemUnauthenticated
		case http.StatusRequestEntityTooLarge:
			return problemTooLarge
		case http.StatusBadRequest:
			return problemMalformed
		}
	}
	return problemInternal
}

// errorHandler replaces Echo's HTTPErrorHandler, which writes error text to
// the client and answers 500 for wrapped HTTP errors.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		p := problemOf(err)
		if p == problemInternal {
			log.ErrorContext(c.Request().Context(), "handlers: internal error", slog.String("error", err.Error()))
		}
		if c.Response().Committed {
			return
		}
		writeAnswer(c, answerFor(p))
	}
}

// answerFor is the table's row for p; a problem without one is a bug, a 500.
func answerFor(p problem) answer {
	if p < 0 || int(p) >= len(statusTable) || statusTable[p].status == 0 {
		return statusTable[problemInternal]
	}
	return statusTable[p]
}

func writeAnswer(c echo.Context, a answer) {
	_ = c.JSONBlob(a.status, []byte(a.body)) // the client is gone if this fails
}

// recoverPanics turns a panic into a fixed 500 and keeps the process alive.
// It logs a runtime error's text and the stack, but of any other panic value
// only its type: a value built by a bug could hold request data.
func recoverPanics(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v) // net/http's way to abort a response; not ours to stop
				}
				attrs := []any{slog.String("stack", string(debug.Stack()))}
				if re, ok := v.(runtime.Error); ok {
					attrs = append(attrs, slog.String("panic", re.Error()))
				} else {
					attrs = append(attrs, slog.String("panic_type", fmt.Sprintf("%T", v)))
				}
				log.ErrorContext(c.Request().Context(), "handlers: panic", attrs...)
				err = &edgeError{problem: problemPanic, reason: "panic"}
			}()
			return next(c)
		}
	}
}

// errPanicked is what an event ends in while a panic unwinds through
// countEvents on its way to recoverPanics.
var errPanicked error = &edgeError{problem: problemPanic, reason: "panic"}

// countEvents is the Chat route's first middleware: once the route is done
// — answered, refused by the token check, or panicking — it counts the event
// by type and by the result statusTable gives its problem, and a refused
// token by its reason. The handler names the type (noteEventType) once it
// has decoded the body; before that the type is "none".
func countEvents(m Recorder) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			ec := &eventContext{Context: c}
			err = errPanicked // unless next returns
			defer recordEvent(m, ec, &err)
			return next(ec)
		}
	}
}

// recordEvent counts the event ec ended in *errp (nil: handled). It takes
// pointers so that the deferred call reads them when the route is done.
func recordEvent(m Recorder, ec *eventContext, errp *error) {
	eventType, err := ec.eventType, *errp
	if eventType == "" {
		eventType = eventTypeNone
	}
	if err == nil {
		m.Event(eventType, resultHandled)
		return
	}
	p := problemOf(err)
	if p == problemUnauthenticated {
		reason := "unknown"
		var ee *edgeError
		if errors.As(err, &ee) {
			reason = ee.reason // reasonNoBearer, reasonNoVerifier or a verify.Reason
		}
		m.TokenFailure(reason)
	}
	m.Event(eventType, answerFor(p).result)
}

// eventContext is the Chat route's echo.Context with room for the event's
// type, which only the handler learns and only countEvents reads.
type eventContext struct {
	echo.Context
	eventType string
}

// noteEventType tells countEvents the event's type; without countEvents
// (no Config.Metrics) it does nothing.
func noteEventType(c echo.Context, eventType string) {
	if ec, ok := c.(*eventContext); ok {
		ec.eventType = eventType
	}
}
