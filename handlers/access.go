package handlers

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/onboard-chat/onboard/internal/logging"
)

// headerCloudTrace is the trace header Cloud Run and App Engine put on every
// request: "TRACE_ID/SPAN_ID;o=OPTIONS", the span in decimal.
const headerCloudTrace = "X-Cloud-Trace-Context"

// maxLoggedLen bounds the client-chosen strings in the access log (path,
// user agent), so a scanner cannot make lines huge.
const maxLoggedLen = 256

// accessLog is the first middleware. It puts the request's trace in the
// context, so every line logged for the request names it, and once
// everything below — router, recoverPanics, the token check, the handler —
// is done and the error answered, it logs one line for the request: INFO
// below 500 (a refused token included), ERROR from 500 up; with
// quietSuccesses, none below 400. The line has Cloud Logging's httpRequest
// fields and nothing else from the request: the path but never the query,
// never a header but the user agent, never the body.
func accessLog(log *slog.Logger, quietSuccesses bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			req := c.Request()
			if v := req.Header[headerCloudTrace]; len(v) == 1 {
				if traceID, spanID, ok := parseCloudTrace(v[0]); ok {
					req = req.WithContext(logging.WithTrace(req.Context(), traceID, spanID))
					c.SetRequest(req)
				}
			}
			if err := next(c); err != nil {
				c.Error(err) // answer now, so that the line has the status
			}
			if res := c.Response(); !quietSuccesses || res.Status >= http.StatusBadRequest {
				logRequest(req.Context(), log, req, res, time.Since(start))
			}
			return nil
		}
	}
}

// logRequest writes the access line; nothing is formatted when the level is
// off.
func logRequest(ctx context.Context, log *slog.Logger, req *http.Request, res *echo.Response, latency time.Duration) {
	level := slog.LevelInfo
	if res.Status >= http.StatusInternalServerError {
		level = slog.LevelError
	}
	if !log.Enabled(ctx, level) {
		return
	}
	log.LogAttrs(ctx, level, "handlers: request", slog.Attr{Key: "httpRequest", Value: slog.GroupValue(
		slog.String("requestMethod", req.Method),
		slog.String("requestUrl", clip(req.URL.Path)),
		slog.Int("status", res.Status),
		slog.Int64("responseSize", res.Size),
		slog.String("userAgent", clip(req.UserAgent())),
		slog.String("remoteIp", remoteIP(req)),
		slog.String("latency", latencyString(latency)),
		slog.String("protocol", req.Proto),
	)})
}

// parseCloudTrace reads "TRACE_ID[/SPAN_ID][;o=N]". The trace id must be 32
// hex digits, not all zero, or the header is ignored. The span, decimal on
// the wire, comes back as the 16 hex digits Cloud Logging's spanId wants,
// or "" when it is missing, 0 or not a number.
func parseCloudTrace(h string) (traceID, spanID string, ok bool) {
	h, _, _ = strings.Cut(h, ";")
	traceID, span, _ := strings.Cut(h, "/")
	if !isTraceID(traceID) {
		return "", "", false
	}
	if n, err := strconv.ParseUint(span, 10, 64); err == nil && n != 0 {
		const digits = "0123456789abcdef"
		var b [16]byte
		for i := len(b) - 1; i >= 0; i-- {
			b[i] = digits[n&0xf]
			n >>= 4
		}
		spanID = string(b[:])
	}
	return strings.ToLower(traceID), spanID, true
}

func isTraceID(s string) bool {
	if len(s) != 32 {
		return false
	}
	zero := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '0':
		case '1' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			zero = false
		default:
			return false
		}
	}
	return !zero
}

// remoteIP is the client's address as the nearest proxy saw it: the last
// X-Forwarded-For entry (Cloud Run's front end sets the header to the
// address it was called from; entries before the last are whatever a client
// wrote), else the connection's peer. Anything not an IP address is "".
func remoteIP(req *http.Request) string {
	if xff := req.Header["X-Forwarded-For"]; len(xff) > 0 {
		last := xff[len(xff)-1]
		if i := strings.LastIndexByte(last, ','); i >= 0 {
			last = last[i+1:]
		}
		if ip := strings.TrimSpace(last); validIP(ip) {
			return ip
		}
	}
	host, _, err := net.SplitHostPort(req.RemoteAddr)
	if err != nil {
		host = req.RemoteAddr
	}
	if validIP(host) {
		return host
	}
	return ""
}

func validIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// latencyString is d as a protobuf Duration in JSON, which Cloud Logging's
// httpRequest.latency takes: seconds with a fraction and an "s", "0.012s".
func latencyString(d time.Duration) string {
	var b [32]byte
	return string(append(strconv.AppendFloat(b[:0], d.Seconds(), 'f', -1, 64), 's'))
}

func clip(s string) string {
	if len(s) > maxLoggedLen {
		return s[:maxLoggedLen]
	}
	return s
}
