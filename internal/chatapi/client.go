package chatapi

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/bot"
	chat "google.golang.org/api/chat/v1"
)

// DefaultEndpoint is the Chat API's base URL.
const DefaultEndpoint = "https://chat.googleapis.com/"

// Options configure a Client. The zero value talks to Google with
// Application Default Credentials.
type Options struct {
	// Endpoint is the API's base URL; it must end with "/" because the
	// client resolves "v1/…" against it (docs/chat-platform.md §8.4). Empty
	// means DefaultEndpoint.
	Endpoint string
	// CredentialsFile is a service account key file. Empty means
	// Application Default Credentials (on Cloud Run: the metadata server).
	CredentialsFile string
	// HTTPClient, if set, carries the API calls underneath the
	// authentication layer (its Transport and Timeout are used). For tests.
	HTTPClient *http.Client
	// MaxAttempts bounds the tries of one call, the first included.
	// Zero means 3.
	MaxAttempts int
	// Backoff is the wait after failed attempt number attempt (1-based)
	// before the next. Nil means truncated exponential backoff with
	// jitter, 1 s base, 32 s cap (docs/chat-platform.md §7).
	Backoff func(attempt int) time.Duration
}

// Client calls the Chat API as the app (New), or with a person's own grant
// or a Workspace admin's admin access (NewForUser). It is safe for
// concurrent use.
type Client struct {
	svc         *chat.Service
	maxAttempts int
	backoff     func(attempt int) time.Duration
	as          acting // whose authority: the app's unless NewForUser made it
}

var _ bot.Memberships = (*Client)(nil)

// Operation names, used as bot.Error.Op and by classify.
const (
	opNew           = "chatapi.New"
	opAddMember     = "chatapi.AddMember"
	opMember        = "chatapi.Member"
	opSpace         = "chatapi.Space"
	opCreateMessage = "chatapi.CreateMessage"
	opPatchMessage  = "chatapi.PatchMessage"
)

// New returns a Client. Credentials are found here, but no token is
// fetched until the first call. It asks for exactly Scopes(): the client's
// default is every Chat scope, which can make token requests fail
// (docs/chat-platform.md §6.2, Pitfall 26).
func New(ctx context.Context, o Options) (*Client, error) {
	return NewScoped(ctx, o, Scopes()...)
}

// AddMember adds user (users/{id} or users/{email}) to space with
// spaces.members.create. The result is JOINED, or INVITED when the
// person's auto-accept is off — both are success (Pitfall 10).
//
// create has no requestId, so when an attempt that Chat may have applied
// (5xx, transport error) is followed by ALREADY_EXISTS, the membership is
// ours: it is read back with members.get (Pitfall 15).
func (c *Client) AddMember(ctx context.Context, space, user string) (bot.Membership, error) {
	body := membershipBody(user)
	var got *chat.Membership
	mayExist, err := c.retry(ctx, opAddMember, user, func(ctx context.Context) error {
		call := c.svc.Spaces.Members.Create(space, body).Context(ctx)
		if c.as == actingAdmin {
			call = call.UseAdminAccess(true)
		}
		m, err := call.Do()
		got = m
		return err
	})
	switch {
	case err == nil:
		return membershipOf(opAddMember, user, got)
	case mayExist && bot.KindOf(err) == bot.KindAlreadyMember:
		return c.readBack(ctx, space, user, err)
	default:
		return bot.Membership{}, err
	}
}

// readBack returns the membership an ambiguous create made. Under app
// auth members.get may hide invitations (docs/chat-platform.md §5.4, [I]); a
// conflict with no visible membership is therefore reported as INVITED,
// named as the caller named the person.
func (c *Client) readBack(ctx context.Context, space, user string, conflict error) (bot.Membership, error) {
	m, err := c.get(ctx, opAddMember, space, user)
	switch {
	case err == nil:
		return membershipOf(opAddMember, user, m)
	case bot.KindOf(err) == bot.KindNotFound:
		return bot.Membership{User: user, State: bot.StateInvited, Role: bot.RoleMember}, nil
	default: // keep the read's kind (e.g. transient), and both causes
		return bot.Membership{}, &bot.Error{Op: opAddMember, Kind: bot.KindOf(err), Person: user,
			Err: errors.Join(conflict, err)}
	}
}

// Member returns user's membership of space with members.get;
// KindNotFound unless they have joined.
func (c *Client) Member(ctx context.Context, space, user string) (bot.Membership, error) {
	m, err := c.get(ctx, opMember, space, user)
	if err != nil {
		return bot.Membership{}, err
	}
	if m.State != string(bot.StateJoined) {
		return bot.Membership{}, &bot.Error{Op: opMember, Kind: bot.KindNotFound, Person: user,
			Err: errors.New("membership state " + m.State)}
	}
	return membershipOf(opMember, user, m)
}

// get is members.get on space/members/{id or email}.
func (c *Client) get(ctx context.Context, op, space, user string) (*chat.Membership, error) {
	name := space + "/members/" + strings.TrimPrefix(user, "users/")
	var got *chat.Membership
	_, err := c.retry(ctx, op, user, func(ctx context.Context) error {
		call := c.svc.Spaces.Members.Get(name).Context(ctx)
		if c.as == actingAdmin {
			call = call.UseAdminAccess(true)
		}
		m, err := call.Do()
		got = m
		return err
	})
	return got, err
}

// Space describes space with spaces.get; KindAppNotInSpace when Onboard
// is not in it (or it does not exist: Chat does not say which).
func (c *Client) Space(ctx context.Context, space string) (bot.Space, error) {
	var got *chat.Space
	_, err := c.retry(ctx, opSpace, "", func(ctx context.Context) error {
		call := c.svc.Spaces.Get(space).Context(ctx)
		if c.as == actingAdmin {
			call = call.UseAdminAccess(true)
		}
		sp, err := call.Do()
		got = sp
		return err
	})
	if err != nil {
		return bot.Space{}, err
	}
	// spaceType, not the deprecated type (Pitfall 25).
	return bot.Space{Name: got.Name, DisplayName: got.DisplayName, Type: bot.SpaceType(got.SpaceType),
		SingleUserBotDM: got.SingleUserBotDm, ExternalAllowed: got.ExternalUserAllowed}, nil
}

// membershipBody is the create request for a member name, as Google's
// guide to spaces.members.create builds it: a Google Group as groupMember,
// the calling app itself as users/app of type BOT, anyone else a HUMAN
// (docs/chat-platform.md §10).
func membershipBody(member string) *chat.Membership {
	switch {
	case strings.HasPrefix(member, "groups/"):
		return &chat.Membership{GroupMember: &chat.Group{Name: member}}
	case member == "users/app":
		return &chat.Membership{Member: &chat.User{Name: member, Type: "BOT"}}
	}
	return &chat.Membership{Member: &chat.User{Name: member, Type: "HUMAN"}}
}

// membershipOf converts Chat's answer; a membership without a user or a
// group, or neither JOINED nor INVITED, is an unexpected answer.
func membershipOf(op, user string, m *chat.Membership) (bot.Membership, error) {
	if m != nil && m.GroupMember != nil && strings.HasPrefix(m.GroupMember.Name, "groups/") {
		// A group has no state of its own: its people are in the space now.
		return bot.Membership{User: m.GroupMember.Name, State: bot.StateJoined, Role: bot.RoleMember}, nil
	}
	if m == nil || m.Member == nil || !strings.HasPrefix(m.Member.Name, "users/") {
		return bot.Membership{}, &bot.Error{Op: op, Kind: bot.KindInternal, Person: user,
			Err: errors.New("membership without a user")}
	}
	state := bot.MemberState(m.State)
	if state != bot.StateJoined && state != bot.StateInvited {
		return bot.Membership{}, &bot.Error{Op: op, Kind: bot.KindInternal, Person: user,
			Err: errors.New("unexpected membership state " + m.State)}
	}
	return bot.Membership{User: m.Member.Name, DisplayName: m.Member.DisplayName,
		State: state, Role: bot.Role(m.Role)}, nil
}
