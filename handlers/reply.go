package handlers

import (
	"bytes"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// emptyReply acknowledges an event without posting anything, in both
// envelopes (docs/chat-platform.md §3.1).
var emptyReply = []byte(`{}`)

// An add-on answers with an action, not a Message (docs/chat-platform.md §2,
// response mapping): a new message is
// {"hostAppDataAction":{"chatDataAction":{"createMessageAction":{"message":…}}}}.
const (
	addonReplyPrefix = `{"hostAppDataAction":{"chatDataAction":{"createMessageAction":{"message":`
	addonReplySuffix = `}}}}`
)

// encodeReply makes the response body for r in the request's envelope. The
// message is cards' lean struct, never chat/v1's MarshalJSON, encoded by
// cards.Marshal.
//
// inDialog says the event came from inside a dialog: an add-on then
// replaces what the dialog shows rather than opening another.
func encodeReply(r bot.Reply, env envelope, addonURL string, inDialog bool) ([]byte, error) {
	if r == nil {
		return emptyReply, nil
	}
	m := cards.Reply(r)
	if env == envelopeAddon {
		m = cards.ForAddon(m, addonURL)
		if action, ok := cards.AddonAction(m, bot.AudienceOf(r).Locale, inDialog); ok {
			out, err := cards.Marshal(action)
			if err != nil {
				return nil, &edgeError{problem: problemInternal, reason: "reply encoding"}
			}
			return out, nil
		}
	}
	msg, err := cards.Marshal(m)
	if err != nil {
		return nil, &edgeError{problem: problemInternal, reason: "reply encoding"}
	}
	if bytes.Equal(msg, emptyReply) || env != envelopeAddon {
		return msg, nil
	}
	out := make([]byte, 0, len(addonReplyPrefix)+len(msg)+len(addonReplySuffix))
	out = append(out, addonReplyPrefix...)
	out = append(out, msg...)
	return append(out, addonReplySuffix...), nil
}
