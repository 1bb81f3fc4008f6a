package oauth

import (
	"slices"
	"strings"
)

// The scopes Onboard asks a person for (docs/chat-platform.md §10): sign-in
// (openid email) and one per membership path.
const (
	ScopeOpenID         = "openid"
	ScopeEmail          = "email"
	ScopeMemberships    = "https://www.googleapis.com/auth/chat.memberships"
	ScopeMembershipsApp = "https://www.googleapis.com/auth/chat.memberships.app"
	ScopeGroupsReadonly = "https://www.googleapis.com/auth/cloud-identity.groups.readonly"
	ScopeAdminMembers   = "https://www.googleapis.com/auth/chat.admin.memberships"

	// scopeUserinfoEmail is how Google reports the "email" scope granted.
	scopeUserinfoEmail = "https://www.googleapis.com/auth/userinfo.email"
)

// SignInScopes are asked for with every request: they identify the person.
var SignInScopes = []string{ScopeOpenID, ScopeEmail}

// EverydayScopes are what /connect asks for: adding people, Onboard itself
// and groups with the person's authority. The admin scope is asked for
// only by the --admin commands.
var EverydayScopes = []string{ScopeMemberships, ScopeMembershipsApp, ScopeGroupsReadonly}

// normalScope maps Google's long name of a sign-in scope to the short one.
func normalScope(s string) string {
	if s == scopeUserinfoEmail {
		return ScopeEmail
	}
	return s
}

// Normalize sorts, deduplicates and shortens scopes.
func Normalize(scopes []string) []string {
	out := make([]string, 0, len(scopes))
	for _, s := range scopes {
		if s = normalScope(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Covers reports whether granted includes every scope of need.
func Covers(granted, need []string) bool {
	g := Normalize(granted)
	for _, s := range Normalize(need) {
		if _, ok := slices.BinarySearch(g, s); !ok {
			return false
		}
	}
	return true
}

// withSignIn is need plus the sign-in scopes, normalised.
func withSignIn(need []string) []string {
	return Normalize(append(slices.Clone(SignInScopes), need...))
}
