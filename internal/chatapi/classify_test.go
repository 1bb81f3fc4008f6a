package chatapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
)

// apiError builds the error the generated client returns for a JSON
// google.rpc.Status body.
func apiError(code int, status, message string) error {
	body := fmt.Sprintf(`{"error":{"code":%d,"message":%q,"status":%q}}`, code, message, status)
	return &googleapi.Error{Code: code, Message: message, Body: body}
}

// TestClassify covers the answers the fake cannot give as well as the
// ones it does; the end-to-end tests in client_test.go cover the wire.
func TestClassify(t *testing.T) {
	tests := []struct {
		name string
		op   string
		err  error
		want bot.Kind
	}{
		{"already exists", opAddMember, apiError(409, "ALREADY_EXISTS", "whatever"), bot.KindAlreadyMember},
		{"aborted is not already exists", opAddMember, apiError(409, "ABORTED", "conflict"), bot.KindTransient},
		{"409 without a body", opAddMember, &googleapi.Error{Code: 409, Body: "<html>"}, bot.KindInternal},
		{"admin approval", opAddMember, apiError(403, "PERMISSION_DENIED", msgAdminApproval), bot.KindNotApproved},
		{"admin approval on get", opMember, apiError(403, "PERMISSION_DENIED", msgAdminApproval), bot.KindNotApproved},
		{"external", opAddMember, apiError(403, "PERMISSION_DENIED", msgExternalUser), bot.KindExternal},
		{"other 403 on create", opAddMember, apiError(403, "PERMISSION_DENIED", "no"), bot.KindDenied},
		{"403 on spaces.get", opSpace, apiError(403, "PERMISSION_DENIED", "no"), bot.KindAppNotInSpace},
		{"404 on create", opAddMember, apiError(404, "NOT_FOUND", "gone"), bot.KindNotFound},
		{"404 on get", opMember, apiError(404, "NOT_FOUND", "gone"), bot.KindNotFound},
		{"404 on spaces.get", opSpace, apiError(404, "NOT_FOUND", "gone"), bot.KindAppNotInSpace},
		{"404 on messages.create", opCreateMessage, apiError(404, "NOT_FOUND", "gone"), bot.KindAppNotInSpace},
		{"404 on messages.patch", opPatchMessage, apiError(404, "NOT_FOUND", "gone"), bot.KindNotFound},
		{"400", opAddMember, apiError(400, "INVALID_ARGUMENT", "bad"), bot.KindInvalid},
		{"401", opSpace, apiError(401, "UNAUTHENTICATED", "who"), bot.KindDenied},
		{"429", opAddMember, apiError(429, "RESOURCE_EXHAUSTED", "Too many requests"), bot.KindRateLimited},
		{"500", opAddMember, apiError(500, "INTERNAL", "oops"), bot.KindTransient},
		{"503 html", opSpace, &googleapi.Error{Code: 503, Body: "<html>busy</html>"}, bot.KindTransient},
		{"418", opSpace, apiError(418, "", "teapot"), bot.KindInternal},
		{"wrapped api error", opAddMember, fmt.Errorf("x: %w", apiError(429, "RESOURCE_EXHAUSTED", "")), bot.KindRateLimited},
		{"deadline", opAddMember, context.DeadlineExceeded, bot.KindTransient},
		{"connection refused", opSpace, &url.Error{Op: "Get", URL: "http://x/", Err: errors.New("refused")}, bot.KindTransient},
		{"token refused", opSpace, &url.Error{Op: "Get", URL: "http://x/",
			Err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: 400}, ErrorCode: "invalid_grant"}}, bot.KindDenied},
		{"token endpoint down", opSpace, &url.Error{Op: "Get", URL: "http://x/",
			Err: &oauth2.RetrieveError{Response: &http.Response{StatusCode: 503}}}, bot.KindTransient},
		{"something else", opSpace, errors.New("bug"), bot.KindInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := classify(tt.op, "users/1", tt.err)
			be, ok := errors.AsType[*bot.Error](err)
			if !ok {
				t.Fatalf("classify = %T %v, want *bot.Error", err, err)
			}
			if be.Kind != tt.want || be.Op != tt.op || be.Person != "users/1" {
				t.Errorf("classify = {Op %q Kind %v Person %q}, want {Op %q Kind %v Person users/1}",
					be.Op, be.Kind, be.Person, tt.op, tt.want)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("classify lost the cause: got %v, want it to wrap %v", err, tt.err)
			}
		})
	}
}

func TestClassifyKeepsBotErrors(t *testing.T) {
	in := &bot.Error{Op: "earlier", Kind: bot.KindExternal}
	if got := classify(opAddMember, "users/1", in); got != error(in) {
		t.Errorf("classify(*bot.Error) = %v, want it unchanged", got)
	}
	if got := classify(opAddMember, "", nil); got != nil {
		t.Errorf("classify(nil) = %v, want nil", got)
	}
}

func TestDefaultBackoff(t *testing.T) {
	tests := []struct {
		attempt  int
		min, max float64 // seconds
	}{
		{1, 1, 2}, {2, 2, 3}, {3, 4, 5}, {5, 16, 17}, {6, 32, 32}, {20, 32, 32},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("attempt ", tt.attempt), func(t *testing.T) {
			got := defaultBackoff(tt.attempt).Seconds()
			if got < tt.min || got > tt.max {
				t.Errorf("defaultBackoff(%d) = %.3fs, want in [%v, %v]", tt.attempt, got, tt.min, tt.max)
			}
		})
	}
}
