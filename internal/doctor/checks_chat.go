package doctor

// The checks that talk to Google after the credentials: the Chat API, the
// app's spaces, the admin's approval, and Chat's verification keys.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/verify"
)

// ping needs no credentials, so a network problem is told apart from a
// credentials problem.
func (d *doctor) ping(ctx context.Context) (string, error) {
	endpoint := d.cfg.APIEndpoint
	status, err := chatapi.Ping(ctx, d.api)
	switch {
	case err == nil && status == http.StatusUnauthorized:
		return fmt.Sprintf("%s answered (HTTP 401 to a request without credentials, as expected)", endpoint), nil
	case err == nil:
		return fmt.Sprintf("%s answered (HTTP %d to a request without credentials)", endpoint, status), nil
	case status >= 500:
		return "", &Problem{What: fmt.Sprintf("%s answered HTTP %d", endpoint, status), Err: err, Fix: fixAPIFailing}
	}
	return "", &Problem{What: "no answer from " + endpoint, Err: err, Fix: fixAPIUnreachable}
}

func (d *doctor) listSpaces(ctx context.Context) (string, error) {
	c, err := chatapi.NewScoped(ctx, d.api, chatapi.ScopeBot)
	if err != nil {
		return "", err
	}
	spaces, err := c.ListSpaces(ctx)
	if err != nil {
		if k := bot.KindOf(err); k == bot.KindTransient || k == bot.KindRateLimited {
			return "", &Problem{What: "spaces.list failed for now", Err: err, Fix: fixRetry}
		}
		return "", &Problem{What: "Chat refused spaces.list with chat.bot", Err: err}
	}
	d.spaces = spaces
	return "the app is in " + countSpaces(spaces), nil
}

// countSpaces says how many spaces of each type, e.g. "3 spaces (1 named
// space, 1 group chat, 1 direct message)".
func countSpaces(spaces []bot.Space) string {
	if len(spaces) == 0 {
		return "no space yet"
	}
	n := map[bot.SpaceType]int{}
	for _, sp := range spaces {
		n[sp.Type]++
	}
	var parts []string
	for _, t := range []struct {
		typ        bot.SpaceType
		one, other string
	}{
		{"SPACE", "named space", "named spaces"},
		{"GROUP_CHAT", "group chat", "group chats"},
		{"DIRECT_MESSAGE", "direct message", "direct messages"},
	} {
		switch n[t.typ] {
		case 0:
		case 1:
			parts = append(parts, "1 "+t.one)
		default:
			parts = append(parts, fmt.Sprintf("%d %s", n[t.typ], t.other))
		}
	}
	total := fmt.Sprintf("%d spaces", len(spaces))
	if len(spaces) == 1 {
		total = "1 space"
	}
	return total + " (" + strings.Join(parts, ", ") + ")"
}

// approval asks members.list, which both chat.bot and
// chat.app.memberships authorise, with a token of chat.app.memberships
// alone: Google then answers its documented admin-approval 403 exactly
// while the approval is missing. It prefers a named space the app is in.
// In none, it asks about a made-up space: a 403 for approval is still a
// clear no, but any other answer proves nothing, which is a warning.
func (d *doctor) approval(ctx context.Context) (string, error) {
	c, err := chatapi.NewScoped(ctx, d.api, chatapi.ScopeMemberships)
	if err != nil {
		return "", err
	}
	space, inSpace := pickSpace(d.spaces)
	err = c.ProbeMembers(ctx, space)
	switch k := bot.KindOf(err); {
	case err == nil:
		return fmt.Sprintf("chat.app.memberships is granted (members.list in %s with only that scope)", space), nil
	case k == bot.KindNotApproved:
		return "", &Problem{What: "chat.app.memberships is not granted: Google answers 403 " +
			"“The administrator must grant the app the required OAuth authorization scope for this action.”"}
	case !inSpace:
		return "", &Problem{Warn: true, What: "could not be checked: the app is in no space yet", Fix: noteNoSpace}
	case k == bot.KindTransient || k == bot.KindRateLimited:
		return "", &Problem{What: "members.list failed for now", Err: err, Fix: fixRetry}
	}
	return "", &Problem{What: fmt.Sprintf("members.list in %s with only chat.app.memberships was refused", space), Err: err}
}

// pickSpace returns the first named space, else the first space, else
// probeSpace; inSpace says whether the app is in it.
func pickSpace(spaces []bot.Space) (name string, inSpace bool) {
	for _, sp := range spaces {
		if sp.Type == "SPACE" {
			return sp.Name, true
		}
	}
	if len(spaces) > 0 {
		return spaces[0].Name, true
	}
	return probeSpace, false
}

func (d *doctor) keys(ctx context.Context) (string, error) {
	url, variable := d.cfg.GoogleCertsURL, "GOOGLE_CERTS_URL"
	if !d.cfg.URLMode() {
		url, variable = d.cfg.ChatCertsURL, "CHAT_CERTS_URL"
	}
	v, err := verify.New(verify.Config{Audience: d.cfg.Audience, AddonServiceAccount: d.cfg.AddonServiceAccount,
		GoogleCertsURL: d.cfg.GoogleCertsURL, ChatCertsURL: d.cfg.ChatCertsURL, HTTPClient: d.opts.HTTPClient})
	if err != nil {
		return "", &Problem{What: "the token verifier refuses this configuration", Err: err, Fix: fixConfig}
	}
	if err := v.Warm(ctx); err != nil {
		return "", &Problem{What: "could not fetch Chat's request-signing keys from " + url, Err: err,
			Fix: fmt.Sprintf(fixKeys, variable)}
	}
	return "fetched from " + url, nil
}

// causeOf is the part of err worth showing a person: a *bot.Error's cause
// without the operation and kind, which name our code, not the problem.
func causeOf(err error) string {
	if be, ok := errors.AsType[*bot.Error](err); ok && be.Err != nil {
		return be.Err.Error()
	}
	return err.Error()
}
