// Package groups looks up a Google Group's resource name from its address
// with Cloud Identity's groups.lookup, acting with a person's own grant
// (scope cloud-identity.groups.readonly): the Chat API adds a group only by
// groups/{id}, never by its address (docs/chat-platform.md §10,
// https://cloud.google.com/identity/docs/reference/rest/v1/groups/lookup).
//
// It owns that one call and the meaning of its answers; it keeps nothing.
package groups

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"google.golang.org/api/cloudidentity/v1"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"

	"github.com/onboard-chat/onboard/bot"
)

const op = "groups.Lookup"

// Lookup returns groups/{id} for the group with address email, with
// tokens' authority. endpoint is CLOUD_IDENTITY_ENDPOINT (ends with "/").
// Unknown group: KindNotFound. The person may not see it: KindDenied. A
// grant Google no longer honours: KindNotConnected.
func Lookup(ctx context.Context, endpoint string, tokens oauth2.TokenSource, base http.RoundTripper, email string) (string, error) {
	if base == nil {
		base = http.DefaultTransport
	}
	hc := &http.Client{Transport: &oauth2.Transport{Source: tokens, Base: base}, Timeout: 30 * time.Second}
	svc, err := cloudidentity.NewService(ctx, option.WithHTTPClient(hc), option.WithEndpoint(endpoint))
	if err != nil {
		return "", &bot.Error{Op: op, Kind: bot.KindInternal, Err: err}
	}
	resp, err := svc.Groups.Lookup().GroupKeyId(email).Context(ctx).Do()
	if err != nil {
		return "", classify(email, err)
	}
	if !strings.HasPrefix(resp.Name, "groups/") || strings.Count(resp.Name, "/") != 1 {
		return "", &bot.Error{Op: op, Kind: bot.KindInternal, Person: email, Err: errors.New("lookup returned no group name")}
	}
	return resp.Name, nil
}

func classify(email string, err error) error {
	if be, ok := errors.AsType[*bot.Error](err); ok {
		return be // the grant: KindNotConnected or KindTransient
	}
	kind := bot.KindTransient
	if ge, ok := errors.AsType[*googleapi.Error](err); ok {
		switch {
		case ge.Code == http.StatusNotFound:
			kind = bot.KindNotFound
		case ge.Code == http.StatusUnauthorized:
			kind = bot.KindNotConnected
		case ge.Code == http.StatusForbidden:
			kind = bot.KindDenied
		case ge.Code == http.StatusBadRequest:
			kind = bot.KindInvalid
		case ge.Code == http.StatusTooManyRequests:
			kind = bot.KindRateLimited
		case ge.Code < 500:
			kind = bot.KindInternal
		}
	}
	return &bot.Error{Op: op, Kind: kind, Person: email, Err: err}
}
