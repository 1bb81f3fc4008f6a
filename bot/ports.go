package bot

import "context"

// Memberships is what the domain needs from the Chat API, acting with the
// app's own authority (app authentication). Implemented by
// internal/chatapi. Errors are *Error with a Kind.
type Memberships interface {
	// AddMember adds user (users/{id} or users/{email}) to space
	// (spaces/{id}) and returns the membership Chat created.
	AddMember(ctx context.Context, space, user string) (Membership, error)
	// Member returns user's membership of space; KindNotFound when they
	// are not a (joined) member.
	Member(ctx context.Context, space, user string) (Membership, error)
	// Space describes space; KindAppNotInSpace when Onboard cannot see it.
	Space(ctx context.Context, space string) (Space, error)
}

// Membership is a person's place in a space.
type Membership struct {
	User        string // canonical users/{id}
	DisplayName string
	State       MemberState
	Role        Role
}

// MemberState is a membership's state.
type MemberState string

const (
	StateJoined  MemberState = "JOINED"
	StateInvited MemberState = "INVITED"
)

// Role is a member's role; the values are Chat's.
type Role string

const (
	RoleMember           Role = "ROLE_MEMBER"
	RoleAssistantManager Role = "ROLE_ASSISTANT_MANAGER" // "Manager" in Chat's UI
	RoleManager          Role = "ROLE_MANAGER"           // "Owner" in Chat's UI
)

// Manages reports whether the role may manage members under the managers
// policy.
func (r Role) Manages() bool { return r == RoleManager || r == RoleAssistantManager }
