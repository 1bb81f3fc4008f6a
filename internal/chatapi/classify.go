package chatapi

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/url"

	"cloud.google.com/go/auth"
	"cloud.google.com/go/compute/metadata"
	"github.com/onboard-chat/onboard/bot"
	"golang.org/x/oauth2"
	"google.golang.org/api/googleapi"
)

// Error messages classify recognises. Chat documents very few of its
// error texts; each constant says whether Google's words are documented
// or assumed.
const (
	// msgAdminApproval is documented: a chat.app.* call before a super
	// administrator granted the app's scopes answers 403 with exactly this
	// message (docs/chat-platform.md §5.5, §8.1; Google's page:
	// https://developers.google.com/workspace/chat/troubleshoot-chat-apps).
	msgAdminApproval = "The administrator must grant the app the required OAuth authorization scope for this action."

	// msgExternalUser is an ASSUMPTION. That app authentication cannot add
	// people from outside the organisation is documented (docs/chat-platform.md
	// §5.3, Pitfall 11); the answer is not (§5.5: "403 PERMISSION_DENIED or
	// 400 INVALID_ARGUMENT", [I]). This is the text internal/chatfake
	// answers (chatfake.MsgExternalUser, 403 PERMISSION_DENIED). Confirm it
	// against the live API; until then a real external refusal may be
	// reported as KindDenied or KindInvalid.
	msgExternalUser = "Chat apps can't add users who are external to the organization that owns the space."
)

// google.rpc status names classify tells apart (docs/chat-platform.md §5.5).
const (
	statusAlreadyExists = "ALREADY_EXISTS"
	statusAborted       = "ABORTED"
)

// rpcStatus is the google.rpc.Status envelope of Chat's error bodies:
// {"error":{"code":409,"message":"…","status":"ALREADY_EXISTS"}}.
type rpcStatus struct {
	Error struct {
		Message string `json:"message"`
		Status  string `json:"status"`
	} `json:"error"`
}

// classify turns any error of a Chat call into a *bot.Error for op and
// person. It is the only place in Onboard that reads Google's error
// bodies: googleapi.Error has no Status field and apierror maps every 409
// to Aborted, so error.status and error.message are parsed from the body
// (docs/chat-platform.md §5.5, Pitfall 14).
func classify(op, person string, err error) error {
	if err == nil {
		return nil
	}
	if be, ok := errors.AsType[*bot.Error](err); ok {
		return be
	}
	kind := bot.KindInternal
	if ge, ok := errors.AsType[*googleapi.Error](err); ok {
		var body rpcStatus
		_ = json.Unmarshal([]byte(ge.Body), &body) // a non-JSON body leaves both empty
		kind = apiKind(op, ge.Code, body.Error.Status, messageOf(ge))
	} else {
		kind = transportKind(err)
	}
	return &bot.Error{Op: op, Kind: kind, Person: person, Err: err}
}

// messageOf is an API error's message: error.message of its body, else
// the client's.
func messageOf(ge *googleapi.Error) string {
	var body rpcStatus
	if json.Unmarshal([]byte(ge.Body), &body) == nil && body.Error.Message != "" {
		return body.Error.Message
	}
	return ge.Message
}

// apiKind maps an API answer (HTTP code, google.rpc status, message) to a
// Kind. Where Chat does not document the answer (409 for an existing
// member, 404 versus 403 for a space the app is not in), the choice
// follows docs/chat-platform.md §5.5 and is mirrored by internal/chatfake.
func apiKind(op string, code int, status, message string) bot.Kind {
	switch {
	case code == 409 && status == statusAlreadyExists:
		return bot.KindAlreadyMember
	case code == 409 && status == statusAborted:
		return bot.KindTransient // a concurrency conflict; Google says retry
	case code == 403 && message == msgAdminApproval:
		return bot.KindNotApproved
	case code == 403 && op == opAddMember && message == msgExternalUser:
		return bot.KindExternal
	case code == 403 && op == opSpace:
		// chat.bot always authorises spaces.get, so a refusal means the
		// app may not see the space (Pitfall 12: expect 403 or 404).
		return bot.KindAppNotInSpace
	case code == 403, code == 401: // 401: our credentials were refused
		return bot.KindDenied
	case code == 404 && (op == opSpace || op == opCreateMessage):
		return bot.KindAppNotInSpace
	case code == 404:
		return bot.KindNotFound
	case code == 400:
		return bot.KindInvalid
	case code == 429:
		return bot.KindRateLimited
	case code >= 500:
		return bot.KindTransient
	default:
		return bot.KindInternal
	}
}

// transportKind classifies an error that is not an API answer: fetching
// a token, or the connection.
func transportKind(err error) bot.Kind {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return bot.KindTransient
	}
	if code, ok := tokenStatus(err); ok {
		if code == 0 || code >= 500 || code == 429 {
			return bot.KindTransient
		}
		return bot.KindDenied // the token endpoint refused our credentials
	}
	var ne net.Error
	var ue *url.Error
	if errors.As(err, &ne) || errors.As(err, &ue) {
		return bot.KindTransient
	}
	return bot.KindInternal
}

// tokenStatus reports the HTTP status with which a token could not be
// had (0 when there was no response), and whether err is such a failure.
// The bodies of these errors are not read.
func tokenStatus(err error) (int, bool) {
	if e, ok := errors.AsType[*auth.Error](err); ok {
		if e.Response == nil {
			return 0, true
		}
		return e.Response.StatusCode, true
	}
	if e, ok := errors.AsType[*oauth2.RetrieveError](err); ok {
		if e.Response == nil {
			return 0, true
		}
		return e.Response.StatusCode, true
	}
	if e, ok := errors.AsType[*metadata.Error](err); ok {
		return e.Code, true
	}
	return 0, false
}
