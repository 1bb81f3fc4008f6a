package bot

import (
	"errors"
	"fmt"
)

// Kind classifies an Error. It is a small closed set: adapters translate
// what the outside world said into a Kind, the domain decides on Kinds, and
// nothing inspects error text.
type Kind int

const (
	KindInternal          Kind = iota // a bug or an unexpected answer
	KindInvalid                       // the request names something malformed
	KindDenied                        // the caller may not do this
	KindNotFound                      // the person or space does not exist (or is not visible)
	KindAlreadyMember                 // the person is already a member or invited
	KindExternal                      // the person is outside the organisation
	KindAppNotInSpace                 // Onboard is not a member of the space
	KindNotApproved                   // app authentication is not approved by a Workspace admin
	KindRateLimited                   // quota exhausted; retry later
	KindTransient                     // a passing failure (5xx, timeout); retry
	KindNotConnected                  // the person has no usable grant of their own authority: they must connect (again)
	KindNotWorkspaceAdmin             // Chat refused admin access: not a Workspace admin with the Chat privilege
)

var kindNames = [...]string{"internal", "invalid", "denied", "not_found", "already_member",
	"external", "app_not_in_space", "not_approved", "rate_limited", "transient", "not_connected",
	"not_workspace_admin"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is the one error type of the domain and its adapters.
type Error struct {
	Op     string // what was being done, e.g. "chatapi.AddMember"
	Kind   Kind
	Person string // the users/… name it concerns, if any
	Err    error  // the cause, if any
}

func (e *Error) Error() string {
	s := e.Op + ": " + e.Kind.String()
	if e.Person != "" {
		s += " (" + e.Person + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the Kind of the first *Error in err's chain, or
// KindInternal.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return KindInternal
}
