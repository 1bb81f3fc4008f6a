package handlers

import (
	"context"
	"log/slog"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/onboard-chat/onboard/internal/verify"
)

// reasonNoBearer is logged when the Authorization header is missing or not
// "Bearer <one token>"; every other rejection logs verify.ReasonOf.
// reasonNoVerifier is logged when New was given no Verifier: every request
// is refused rather than let through.
const (
	reasonNoBearer   = "no_bearer_token"
	reasonNoVerifier = "no_verifier"
)

type claimsKey struct{}

// claimsFrom returns the verified claims requireToken put in ctx.
func claimsFrom(ctx context.Context) (verify.Claims, bool) {
	c, ok := ctx.Value(claimsKey{}).(verify.Claims)
	return c, ok
}

// requireToken is the token check on every Chat route. It runs before the
// body is read and fails closed: any problem is the same fixed 401, and the
// log gets only the reason class — never the token or the header.
func requireToken(v Verifier, log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			ctx := req.Context()
			if v == nil { // misconfigured: fail closed
				return reject(ctx, log, reasonNoVerifier)
			}
			token, ok := bearerToken(req.Header.Values(echo.HeaderAuthorization))
			if !ok {
				return reject(ctx, log, reasonNoBearer)
			}
			claims, err := v.Verify(ctx, token)
			if err != nil {
				return reject(ctx, log, string(verify.ReasonOf(err)))
			}
			c.SetRequest(req.WithContext(context.WithValue(ctx, claimsKey{}, claims)))
			return next(c)
		}
	}
}

func reject(ctx context.Context, log *slog.Logger, reason string) error {
	log.WarnContext(ctx, "handlers: request rejected", slog.String("reason", reason))
	return &edgeError{problem: problemUnauthenticated, reason: reason}
}

// bearerToken accepts exactly one Authorization header of the form
// "Bearer <token>": the scheme in any case, one space, one token with no
// whitespace in it.
func bearerToken(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, token, ok := strings.Cut(values[0], " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return "", false
	}
	if strings.ContainsAny(token, " \t\r\n") {
		return "", false
	}
	return token, true
}
