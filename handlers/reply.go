package handlers

import (
	"bytes"

	"github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// emptyReply acknowledges an event without posting anything, in both
// envelopes (docs/chat-platform.md §3.1).
var emptyReply = []byte(`{}`)

// replyOptions encode as encoding/json would: omitempty leaves out false,
// 0, "" and nil, as the cards' field tags mean.
var replyOptions = jsonv1.OmitEmptyWithLegacySemantics(true)

// An add-on answers with an action, not a Message (docs/chat-platform.md §2,
// response mapping): a new message is
// {"hostAppDataAction":{"chatDataAction":{"createMessageAction":{"message":…}}}}.
const (
	addonReplyPrefix = `{"hostAppDataAction":{"chatDataAction":{"createMessageAction":{"message":`
	addonReplySuffix = `}}}}`
)

// encodeReply makes the response body for r in the request's envelope. The
// message is cards' lean struct, never chat/v1's MarshalJSON, encoded by
// encoding/json/v2's prototype (as events are decoded: decode.go) about
// twice as fast as encoding/json, with encoding/json's omitempty, which
// the cards' field tags are written for.
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
			out, err := json.Marshal(action, replyOptions)
			if err != nil {
				return nil, &edgeError{problem: problemInternal, reason: "reply encoding"}
			}
			return out, nil
		}
	}
	msg, err := json.Marshal(m, replyOptions)
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
