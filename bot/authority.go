package bot

import "context"

// Authority is whose authority a membership change runs with: Onboard's own
// (app authentication), the person who asked (their own Google grant), or
// a Workspace admin's admin access (useAdminAccess). The paths of Google's
// guide to spaces.members.create each need one (docs/chat-platform.md §10).
type Authority struct {
	Kind AuthorityKind
	User string // users/{id} whose grant it is (AsUser, AsAdmin); "" for the app
}

// AuthorityKind is the kind of an Authority. Its values are stable
// identifiers (stored, audited, shown on cards).
type AuthorityKind string

const (
	AsApp   AuthorityKind = ""      // Onboard's own authority (app authentication)
	AsUser  AuthorityKind = "user"  // the person's own grant
	AsAdmin AuthorityKind = "admin" // a Workspace admin's grant with admin access
)

// The Google scopes a person grants Onboard, per path (the Chat API's
// authorization scopes, and Cloud Identity's for looking up a group).
const (
	ScopeMemberships    = "https://www.googleapis.com/auth/chat.memberships"
	ScopeMembershipsApp = "https://www.googleapis.com/auth/chat.memberships.app"
	ScopeGroupsReadonly = "https://www.googleapis.com/auth/cloud-identity.groups.readonly"
	ScopeAdminMembers   = "https://www.googleapis.com/auth/chat.admin.memberships"
)

// EverydayScopes are what /connect asks for: people, Onboard itself and
// groups with the person's own authority. Admin access is asked for only
// by --admin commands.
var EverydayScopes = []string{ScopeMemberships, ScopeMembershipsApp, ScopeGroupsReadonly}

// Connection is what Onboard holds of a person's own authority.
type Connection struct {
	Email  string
	Scopes []string // as Google granted them
}

// SignInRequest asks for a sign-in URL for a person.
type SignInRequest struct {
	User        string   // users/{id}
	Email       string   // their address, when the event carries it
	Scopes      []string // what the pending command needs
	CompleteURL string   // the event's configCompleteRedirectUrl; "" after a click
}

// Connections is people's own authority (implemented by internal/oauth).
// Errors are *Error; KindNotConnected when the person has no usable grant.
type Connections interface {
	// Connection returns what user holds.
	Connection(ctx context.Context, user string) (Connection, error)
	// SignInURL records a sign-in and returns the URL the person opens.
	SignInURL(ctx context.Context, r SignInRequest) (string, error)
	// Disconnect revokes user's grant at Google and deletes it; false when
	// there was none.
	Disconnect(ctx context.Context, user string) (bool, error)
}

// Acting is the Chat API and Cloud Identity with a person's authority
// (implemented in internal/app over internal/oauth, internal/chatapi and
// internal/groups).
type Acting interface {
	// Check refreshes user's grant now, so a grant revoked at Google is
	// found while the person can still be asked to connect:
	// KindNotConnected when it is gone.
	Check(ctx context.Context, user string) error
	// As returns the Chat API acting with a (AsUser, AsAdmin);
	// KindNotConnected when the grant is gone.
	As(ctx context.Context, a Authority) (MembershipsRemover, error)
	// LookupGroup returns groups/{id} for the group's address, with user's
	// grant: KindNotFound for no such group.
	LookupGroup(ctx context.Context, user, email string) (string, error)
}

// MembershipsRemover adds and removes members, and reads spaces and
// memberships, with one authority.
type MembershipsRemover interface {
	Memberships
	Remover
}
