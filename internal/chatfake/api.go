package chatfake

// The Chat REST API under /v1/: routes, the per-method scope table and the
// checks every call goes through before its handler runs.
//
// The bearer token says who calls: the app's service account (app
// authentication) or a person through their grant to one of the project's
// OAuth clients (user authentication, userauth.go). Order of checks, which
// tests and Onboard's error mapping rely on:
//
//  1. latency and injected faults (faults.go, applied by record)
//  2. bearer token → 401 UNAUTHENTICATED (MsgUnauthenticated); so is a
//     token whose grant was revoked
//  3. app auth: scopes (docs/chat-platform.md §6.2) → 403 PERMISSION_DENIED
//     (MsgInsufficientScopes); a call authorised only by a chat.app.* scope
//     while the world's adminApproved is false → 403 PERMISSION_DENIED
//     (MsgAdminApproval); then useAdminAccess=true → 403 PERMISSION_DENIED
//     (MsgAdminAccess): it needs user auth.
//     User auth: the method's user scopes, or with useAdminAccess=true its
//     administrator scopes → 403 MsgInsufficientScopes; useAdminAccess by a
//     user who is not isAdmin → 403 MsgNotAdmin; a method whose user auth
//     the fake does not model → 501 UNIMPLEMENTED
//  4. quotas (quota.go) → 429 RESOURCE_EXHAUSTED; a rejected call uses no
//     quota. Assumption: user-auth calls count against the same
//     per-project quota (Google also has per-user limits, not modelled)
//  5. the method's own rules (rules.go, userauth.go, api_*.go)
//
// Query parameters the client always sends (alt=json, prettyPrint=false)
// are ignored.

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Messages of the errors the fake answers. Those marked documented are
// Google's words (docs/chat-platform.md §5.5, §8.1); the others are assumptions
// (Google's text is not documented) and callers must not match on them.
const (
	// Documented.
	MsgUnauthenticated    = "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."
	MsgInsufficientScopes = "Request had insufficient authentication scopes."
	MsgAdminApproval      = "The administrator must grant the app the required OAuth authorization scope for this action."
	MsgMalformedUser      = "Missing or malformed user resource name in the request. Human user resource name must follow this format: users/{user}. App user resource name must be set as users/app."
	MsgQuotaExceeded      = "Too many requests"

	// Assumed.
	MsgExternalUser  = "Chat apps can't add users who are external to the organization that owns the space."
	MsgAddApp        = "Chat apps can't add or remove Chat apps, including themselves, by using app authentication."
	MsgAddGroup      = "Chat apps can't add or remove Google Groups by using app authentication."
	MsgGroupNotSpace = "Google Groups can only be added to named spaces."
	MsgAdminAccess   = "Administrator access (useAdminAccess) requires user authentication."
	MsgNotFound      = "Requested entity was not found."
	MsgAlreadyMember = "The user is already a member of the space or has a pending invitation."
	MsgLastManager   = "The last space manager can't be removed from the space."
	MsgManager       = "Chat apps can only remove space managers from spaces they created."
	MsgRoleNotSpace  = "Membership roles other than ROLE_MEMBER are only supported in named spaces."

	// Assumed, user authentication (userauth.go).
	MsgNotSpaceMember    = "The caller is not a member of the space."
	MsgCannotManage      = "The caller doesn't have permission to manage members of this space."
	MsgNotAdmin          = "The caller is not a Google Workspace administrator with the privilege to manage Chat spaces."
	MsgAdminApp          = "Administrator access can't be used to add or remove Chat apps."
	MsgAdminExternal     = "Administrator access can't be used to add users outside the administrator's organization."
	MsgAdminSpaceType    = "Administrator access supports named spaces only."
	MsgAdminFilter       = `With administrator access the filter must include member.type = "HUMAN" or member.type != "BOT".`
	MsgExternalForbidden = "This space doesn't allow users from outside the organization."
	MsgOnlyItself        = "A Chat app can only add or remove itself, as users/app with type BOT."
	MsgAppInBotDM        = "A Chat app can't be added to a direct message between a user and a Chat app."
	MsgDirectMessage     = "People can't be added to or removed from a direct message."
	MsgUserAuthMissing   = "chatfake does not model user authentication for this method."
)

// Scope URLs used in the method table.
const (
	scopePrefix          = "https://www.googleapis.com/auth/"
	scopeBot             = scopePrefix + "chat.bot"
	scopeAppMemberships  = scopePrefix + "chat.app.memberships"
	scopeAppSpaces       = scopePrefix + "chat.app.spaces"
	scopeAppSpacesRO     = scopePrefix + "chat.app.spaces.readonly"
	scopeAppMessagesRO   = scopePrefix + "chat.app.messages.readonly"
	scopeAppPrefix       = scopePrefix + "chat.app."
	scopeMemberships     = scopePrefix + "chat.memberships"
	scopeMembershipsRO   = scopePrefix + "chat.memberships.readonly"
	scopeMembershipsApp  = scopePrefix + "chat.memberships.app"
	scopeAdminMembers    = scopePrefix + "chat.admin.memberships"
	scopeAdminMembersRO  = scopePrefix + "chat.admin.memberships.readonly"
	scopeSpaces          = scopePrefix + "chat.spaces"
	scopeSpacesRO        = scopePrefix + "chat.spaces.readonly"
	scopeAdminSpaces     = scopePrefix + "chat.admin.spaces"
	scopeAdminSpacesRO   = scopePrefix + "chat.admin.spaces.readonly"
	maxRequestBody       = 1 << 20
	defaultPageSize      = 100
	maxPageSize          = 1000
	maxMessageBytes      = 32000
	membershipWriteQuota = "membership"
	messageWritePerSpace = "message"
	noQuota              = ""
)

// apiMethod is one row of the method table.
type apiMethod struct {
	id      string   // discovery id, e.g. chat.spaces.members.create
	pattern string   // ServeMux pattern
	scopes  []string // any of these authorises the call (app auth)
	quota   string   // membershipWriteQuota, messageWritePerSpace or noQuota
	handle  func(s *Server, w http.ResponseWriter, r *http.Request, c *callAuth)
	user    *userScopes // nil: user auth not modelled (501)
}

// userScopes are the scopes that authorise a method under user auth, as
// the discovery document lists them (chat.import left out).
type userScopes struct {
	plain []string // any of these, without useAdminAccess
	admin []string // any of these, with useAdminAccess=true
}

var (
	userSpaceRead   = &userScopes{[]string{scopeSpaces, scopeSpacesRO}, []string{scopeAdminSpaces, scopeAdminSpacesRO}}
	userMemberRead  = &userScopes{[]string{scopeMemberships, scopeMembershipsRO}, []string{scopeAdminMembers, scopeAdminMembersRO}}
	userMemberWrite = &userScopes{[]string{scopeMemberships, scopeMembershipsApp}, []string{scopeAdminMembers}}
)

// callAuth is what the checks learned about the caller.
type callAuth struct {
	scopes []string
	user   *User // the person calling with their grant; nil under app auth
	admin  bool  // user auth with useAdminAccess=true
}

func (c *callAuth) has(scope string) bool {
	for _, sc := range c.scopes {
		if sc == scope {
			return true
		}
	}
	return false
}

// apiMethods is the method table. messages.get accepts chat.bot as well as
// chat.app.messages.readonly (both are in the discovery document); only the
// latter needs admin approval.
var apiMethods = []apiMethod{
	{"chat.spaces.get", "GET /v1/spaces/{space}", []string{scopeBot, scopeAppSpaces, scopeAppSpacesRO}, noQuota, (*Server).spacesGet, userSpaceRead},
	{"chat.spaces.list", "GET /v1/spaces", []string{scopeBot}, noQuota, (*Server).spacesList, nil},
	{"chat.spaces.members.create", "POST /v1/spaces/{space}/members", []string{scopeAppMemberships}, membershipWriteQuota, (*Server).membersCreate, userMemberWrite},
	{"chat.spaces.members.get", "GET /v1/spaces/{space}/members/{member}", []string{scopeBot, scopeAppMemberships}, noQuota, (*Server).membersGet, userMemberRead},
	{"chat.spaces.members.list", "GET /v1/spaces/{space}/members", []string{scopeBot, scopeAppMemberships}, noQuota, (*Server).membersList, userMemberRead},
	{"chat.spaces.members.delete", "DELETE /v1/spaces/{space}/members/{member}", []string{scopeAppMemberships}, membershipWriteQuota, (*Server).membersDelete, userMemberWrite},
	{"chat.spaces.messages.create", "POST /v1/spaces/{space}/messages", []string{scopeBot}, messageWritePerSpace, (*Server).messagesCreate, nil},
	{"chat.spaces.messages.get", "GET /v1/spaces/{space}/messages/{message}", []string{scopeBot, scopeAppMessagesRO}, noQuota, (*Server).messagesGet, nil},
	{"chat.spaces.messages.patch", "PATCH /v1/spaces/{space}/messages/{message}", []string{scopeBot}, messageWritePerSpace, (*Server).messagesUpdate, nil},
	{"chat.spaces.messages.update", "PUT /v1/spaces/{space}/messages/{message}", []string{scopeBot}, messageWritePerSpace, (*Server).messagesUpdate, nil},
}

func (s *Server) registerAPIRoutes(mux *http.ServeMux) {
	for _, m := range apiMethods {
		s.api.methodByPattern[m.pattern] = m.id
		mux.HandleFunc(m.pattern, s.guard(m))
	}
	s.api.methodByPattern[groupsLookupPattern] = "cloudidentity.groups.lookup"
	mux.HandleFunc(groupsLookupPattern, s.groupsLookup)
}

// guard runs checks 2–4 of the file comment, then the handler.
func (s *Server) guard(m apiMethod) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, ok := s.caller(r)
		if !ok {
			writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED", MsgUnauthenticated)
			return
		}
		if c.user != nil {
			if rerr := s.authoriseUser(m, c); rerr != nil {
				rerr.write(w)
				return
			}
		} else if code, msg := s.authorise(m, c); code != 0 {
			writeError(w, code, "PERMISSION_DENIED", msg)
			return
		} else if queryBool(r, "useAdminAccess") {
			writeError(w, http.StatusForbidden, "PERMISSION_DENIED", MsgAdminAccess)
			return
		}
		if !s.takeQuota(m.quota, r.PathValue("space")) {
			writeError(w, http.StatusTooManyRequests, "RESOURCE_EXHAUSTED", MsgQuotaExceeded)
			return
		}
		m.handle(s, w, r, c)
	}
}

// authorise answers 0 when one of the token's scopes authorises m, else
// 403 with the reason.
func (s *Server) authorise(m apiMethod, c *callAuth) (int, string) {
	s.mu.Lock()
	approved := s.world.AdminApproved
	s.mu.Unlock()
	needsApproval := false
	for _, want := range m.scopes {
		if !c.has(want) {
			continue
		}
		if !strings.HasPrefix(want, scopeAppPrefix) || approved {
			return 0, ""
		}
		needsApproval = true
	}
	if needsApproval {
		return http.StatusForbidden, MsgAdminApproval
	}
	return http.StatusForbidden, MsgInsufficientScopes
}

// decodeBody decodes a JSON request body into v (a chat/v1 type), answering
// 400 when it is not JSON of that shape.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err == nil && len(b) > 0 {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "Invalid JSON payload received. "+err.Error())
		return false
	}
	return true
}

func queryBool(r *http.Request, name string) bool {
	b, _ := strconv.ParseBool(r.URL.Query().Get(name))
	return b
}

// pageParams reads pageSize and pageToken as documented for list methods:
// default 100, values over 1000 become 1000, negative is INVALID_ARGUMENT.
// The token is the decimal offset of the next item (opaque to callers).
func pageParams(w http.ResponseWriter, r *http.Request) (size, offset int, ok bool) {
	q := r.URL.Query()
	size = defaultPageSize
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "pageSize must be a non-negative integer.")
			return 0, 0, false
		}
		size = min(n, maxPageSize)
		if n == 0 {
			size = defaultPageSize
		}
	}
	if v := q.Get("pageToken"); v != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(v, "p"))
		if err != nil || n < 0 || !strings.HasPrefix(v, "p") {
			writeError(w, http.StatusBadRequest, "INVALID_ARGUMENT", "Invalid page token.")
			return 0, 0, false
		}
		offset = n
	}
	return size, offset, true
}

// page cuts items[offset:offset+size] and the token for the rest.
func page[T any](items []T, size, offset int) ([]T, string) {
	if offset >= len(items) {
		return nil, ""
	}
	end := min(offset+size, len(items))
	next := ""
	if end < len(items) {
		next = "p" + strconv.Itoa(end)
	}
	return items[offset:end], next
}
