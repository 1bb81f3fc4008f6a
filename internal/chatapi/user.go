package chatapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/onboard-chat/onboard/bot"
)

// acting is whose authority a Client's calls carry.
type acting int

const (
	actingApp   acting = iota // the app's service account (app authentication)
	actingUser                // a person's own grant (user authentication)
	actingAdmin               // a Workspace admin's grant, with useAdminAccess=true
)

// UserTokens is a person's access tokens (internal/oauth.UserTokens): a
// token source that can be told its last token was refused.
type UserTokens interface {
	oauth2.TokenSource
	Invalidate()
}

// NewForUser returns a Client that acts with a person's own grant — or,
// with admin, with their admin access (useAdminAccess=true on every call).
// A token Google refuses (401) is refreshed and the call tried once more; a
// grant that cannot be refreshed is KindNotConnected.
func NewForUser(ctx context.Context, o Options, tokens UserTokens, admin bool) (*Client, error) {
	o.Endpoint = endpointOf(o)
	base, timeout := http.RoundTripper(Transport), 30*time.Second
	if o.HTTPClient != nil {
		timeout = o.HTTPClient.Timeout
		if o.HTTPClient.Transport != nil {
			base = o.HTTPClient.Transport
		}
	}
	hc := &http.Client{Transport: &retry401{tokens: tokens, base: base}, Timeout: timeout}
	svc, err := chat.NewService(ctx, option.WithHTTPClient(hc), option.WithEndpoint(o.Endpoint))
	if err != nil {
		return nil, &bot.Error{Op: opNew, Kind: bot.KindInternal, Err: err}
	}
	c := &Client{svc: svc, maxAttempts: o.MaxAttempts, backoff: o.Backoff, as: actingUser}
	if admin {
		c.as = actingAdmin
	}
	if c.maxAttempts <= 0 {
		c.maxAttempts = 3
	}
	if c.backoff == nil {
		c.backoff = defaultBackoff
	}
	return c, nil
}

// retry401 puts the person's access token on each request and, when Google
// answers 401, refreshes it and sends the request once more: the token may
// have been revoked or expired early.
type retry401 struct {
	tokens UserTokens
	base   http.RoundTripper
}

func (t *retry401) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.send(req)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	if req.Body != nil && req.GetBody == nil {
		return resp, nil // cannot send the body again
	}
	resp.Body.Close()
	t.tokens.Invalidate()
	again := req.Clone(req.Context())
	if req.GetBody != nil {
		if again.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	return t.send(again)
}

func (t *retry401) send(req *http.Request) (*http.Response, error) {
	tok, err := t.tokens.Token()
	if err != nil {
		return nil, err
	}
	r := req.Clone(req.Context())
	tok.SetAuthHeader(r)
	return t.base.RoundTrip(r)
}

// msgExternalForbidden is an ASSUMPTION, like msgExternalUser: the text
// internal/chatfake answers (chatfake.MsgExternalForbidden) when a person
// adds someone from outside the organisation to a space that does not
// allow them. Onboard checks externalUserAllowed before calling, so this is
// a safety net.
const msgExternalForbidden = "This space doesn't allow users from outside the organization."

// classify is the package's classify, plus what an answer means when the
// call carried a person's authority: a 401 even after a fresh token is a
// grant Google no longer honours (connect again), and with admin access a
// refusal means the person is not a Workspace admin with the Chat privilege
// (Onboard refuses apps and outsiders before calling, so nothing else is
// left to refuse).
func (c *Client) classify(op, person string, err error) error {
	err = classify(op, person, err)
	if c.as == actingApp || err == nil {
		return err
	}
	be, ok := errors.AsType[*bot.Error](err)
	ge, api := errors.AsType[*googleapi.Error](err)
	if !ok || !api {
		return err
	}
	switch {
	case ge.Code == http.StatusUnauthorized:
		be.Kind = bot.KindNotConnected
	case ge.Code == http.StatusForbidden && op == opAddMember && messageOf(ge) == msgExternalForbidden:
		be.Kind = bot.KindExternal
	case ge.Code == http.StatusForbidden && c.as == actingAdmin:
		be.Kind = bot.KindNotWorkspaceAdmin
	}
	return be
}
