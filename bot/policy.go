package bot

import "fmt"

// InvitePolicy says who may invite people into a named space.
type InvitePolicy string

const (
	// PolicyManagers: only space owners and managers (the default). Group
	// chats are exempt: everyone there may add people.
	PolicyManagers InvitePolicy = "managers"
	// PolicyMembers: every joined member. Onboard cannot read the space's
	// own "who can manage members" setting, so this may allow more than
	// Chat itself would.
	PolicyMembers InvitePolicy = "members"
)

// ParseInvitePolicy reads INVITE_POLICY.
func ParseInvitePolicy(s string) (InvitePolicy, error) {
	switch p := InvitePolicy(s); p {
	case PolicyManagers, PolicyMembers:
		return p, nil
	}
	return "", fmt.Errorf("invite policy %q: want %q or %q", s, PolicyManagers, PolicyMembers)
}

// MayInvite decides whether a member with role may invite people into a
// space of type t under policy p.
func (p InvitePolicy) MayInvite(t SpaceType, role Role) bool {
	switch {
	case t == SpaceGroupChat:
		return true // every member of a group chat may add people
	case t != SpaceNamed:
		return false // nobody can be added to a DM
	case p == PolicyMembers:
		return true
	default:
		return role.Manages()
	}
}
