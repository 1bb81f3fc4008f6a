package handlers

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/labstack/echo/v4"
)

// Wrapped errors keep their class; anything unknown is a 500.
func TestProblemOf(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want problem
	}{
		{"edge error", &edgeError{problem: problemTooLarge}, problemTooLarge},
		{"wrapped edge error", fmt.Errorf("reading: %w", &edgeError{problem: problemTooLarge}), problemTooLarge},
		{"wrapped decode error", fmt.Errorf("x: %w", unhandled("unknown event type")), problemUnhandled},
		{"echo 404", echo.ErrNotFound, problemNotFound},
		{"wrapped echo 405", fmt.Errorf("route: %w", echo.ErrMethodNotAllowed), problemMethodNotAllowed},
		{"echo 413", echo.ErrStatusRequestEntityTooLarge, problemTooLarge},
		{"echo 418", echo.NewHTTPError(http.StatusTeapot, "secret detail"), problemInternal},
		{"plain error", errors.New("db password is hunter2"), problemInternal},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := problemOf(tc.err); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// Every problem has a fixed answer whose body is JSON, and a result to
// count an event under.
func TestStatusTableComplete(t *testing.T) {
	for p := range problem(len(statusTable)) {
		a := statusTable[p]
		if a.status == 0 || !json.Valid([]byte(a.body)) || a.result == "" {
			t.Errorf("problem %d: got %d %q %q, want a status, a JSON body and a result", p, a.status, a.body, a.result)
		}
	}
}
