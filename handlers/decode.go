package handlers

import (
	"errors"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/onboard-chat/onboard/bot"
)

// envelope says which of Chat's two event formats a request used; the reply
// must use the same one.
type envelope int

const (
	envelopeUnknown envelope = iota
	envelopeClassic          // chat.DeprecatedEvent: "type" at the top level
	envelopeAddon            // Workspace add-on: "chat" + "commonEventObject"
)

func (e envelope) String() string {
	switch e {
	case envelopeClassic:
		return "classic"
	case envelopeAddon:
		return "addon"
	}
	return "unknown"
}

// event is a decoded request: what happened and the format to answer in.
type event struct {
	in       bot.Interaction
	envelope envelope
}

// decodeEvent turns a request body into an Interaction. The error is
// *decodeError: problemMalformed when the body is not JSON at all (a syntax
// error or truncation), problemUnhandled when it is JSON but not an event
// Onboard acts on. It never panics, whatever the input (FuzzDecodeEvent).
func decodeEvent(body []byte) (event, error) {
	var w wireEvent
	// encoding/json/v2's prototype, not encoding/json: it decodes an event
	// in one pass, about four times faster (BenchmarkDecodeEvent).
	// (encoding/json/v2 itself still needs GOEXPERIMENT, which Cloud Build
	// and App Engine do not set.) Its options keep what encoding/json
	// accepted, so that 400 still means "not JSON" and nothing else:
	// invalid UTF-8 reads as U+FFFD (the text is judged, not the request
	// refused), and a repeated name is JSON too.
	if err := json.Unmarshal(body, &w, lenient); err != nil {
		var syntax *jsontext.SyntacticError
		if errors.As(err, &syntax) || !jsontext.Value(body).IsValid(lenient) {
			return event{}, &decodeError{problem: problemMalformed, detail: "json syntax"}
		}
		// Valid JSON of another shape (an array, a string where an object
		// belongs): not an event we know, and not worth Chat's retries.
		return event{}, &decodeError{problem: problemUnhandled, detail: "event shape"}
	}
	switch {
	case w.Type != "" && w.Chat == nil:
		return decodeClassic(&w)
	case w.Type == "" && w.Chat != nil:
		// commonEventObject is not required: Google's event-object
		// reference does not promise it on every trigger, and "chat" alone
		// already says which envelope this is.
		return decodeAddon(&w)
	}
	return event{}, &decodeError{problem: problemUnhandled, detail: "unknown envelope"}
}

// lenient are the decoding options that accept what encoding/json
// accepts (decodeEvent).
var lenient = json.JoinOptions(jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))

// decodeError is why a body did not become an Interaction. detail is a
// fixed phrase, safe to log; it never holds request data. eventType is the
// event's type when the body named one Chat documents, for the metrics.
type decodeError struct {
	problem   problem
	detail    string
	eventType string
}

func (e *decodeError) Error() string { return "handlers: decode: " + e.detail }

func unhandled(detail string) error {
	return &decodeError{problem: problemUnhandled, detail: detail}
}

// unhandledType is a valid event of a type Onboard does not act on.
func unhandledType(detail, eventType string) error {
	return &decodeError{problem: problemUnhandled, detail: detail, eventType: eventType}
}

// eventTypeNone is the type of a request whose type is unknown: refused or
// unreadable before decoding, not an event, or a type Chat does not document.
const eventTypeNone = "none"

// eventTypeOf is the type an event is counted under: the kind it reached the
// domain as (so a classic slash command, a MESSAGE on the wire, counts as
// APP_COMMAND in both envelopes), the type of an event not handled, or
// eventTypeNone. The set is bounded: never a string from the body as is.
func eventTypeOf(ev event, err error) string {
	if err == nil {
		return string(ev.in.Kind)
	}
	var de *decodeError
	if errors.As(err, &de) && de.eventType != "" {
		return de.eventType
	}
	return eventTypeNone
}

// chatEventType returns t if it is one of the event types Chat documents,
// else "".
func chatEventType(t string) string {
	switch t {
	case "MESSAGE", "ADDED_TO_SPACE", "REMOVED_FROM_SPACE", "CARD_CLICKED", "WIDGET_UPDATED", "APP_COMMAND":
		return t
	}
	return ""
}

// decodeClassic maps a classic event (docs/chat-platform.md §1).
func decodeClassic(w *wireEvent) (event, error) {
	var kind bot.EventKind
	switch w.Type {
	case "MESSAGE":
		kind = bot.EventMessage
	case "APP_COMMAND":
		kind = bot.EventCommand
	case "ADDED_TO_SPACE":
		kind = bot.EventAddedToSpace
	case "CARD_CLICKED":
		kind = bot.EventCardClicked
	case "REMOVED_FROM_SPACE":
		return event{}, unhandledType("removed from space", w.Type)
	default:
		return event{}, unhandledType("unknown event type", chatEventType(w.Type))
	}
	in := interaction(kind, w.User, w.Space, w.Message, w.AppCommandMetadata, w.Common)
	if kind == bot.EventCardClicked {
		in.Action = classicAction(w.Action, w.Common)
	} else {
		in.CompleteURL = completeURL(w.ConfigCompleteRedirectURL)
	}
	in.Dialog = dialogEvent(w.IsDialogEvent, w.DialogEventType)
	return event{in: in, envelope: envelopeClassic}, nil
}

// decodeAddon maps a Workspace add-on event (docs/chat-platform.md §2): the
// payload that is present says what happened.
func decodeAddon(w *wireEvent) (event, error) {
	c := w.Chat
	var kind bot.EventKind
	var p *addonPayload
	switch {
	case c.AppCommandPayload != nil:
		kind, p = bot.EventCommand, c.AppCommandPayload
	case c.MessagePayload != nil:
		kind, p = bot.EventMessage, c.MessagePayload
	case c.AddedToSpace != nil:
		kind, p = bot.EventAddedToSpace, c.AddedToSpace
	case c.ButtonClicked != nil:
		kind, p = bot.EventCardClicked, c.ButtonClicked
	case c.RemovedFromSpace != nil:
		return event{}, unhandledType("removed from space", string(bot.EventRemoved))
	default:
		return event{}, unhandled("unknown add-on payload")
	}
	space := p.Space
	if space == nil {
		space = c.Space
	}
	in := interaction(kind, c.User, space, p.Message, p.AppCommandMetadata, w.CommonEventObject)
	if kind == bot.EventCardClicked {
		in.Action = addonAction(w.CommonEventObject)
	} else {
		in.CompleteURL = completeURL(p.ConfigCompleteRedirectURI)
	}
	in.Dialog, in.Addon = dialogEvent(p.IsDialogEvent, p.DialogEventType), true
	return event{in: in, envelope: envelopeAddon}, nil
}

// dialogEvent is an event's dialog event: one of Chat's three, and only
// when the event says it is a dialog event; "" for anything else.
func dialogEvent(isDialog bool, eventType string) bot.DialogEvent {
	switch d := bot.DialogEvent(eventType); {
	case !isDialog:
		return ""
	case d == bot.DialogRequest, d == bot.DialogSubmit, d == bot.DialogCancel:
		return d
	}
	return ""
}

// completeURL keeps Chat's completion URL only when it is an https URL of
// reasonable size (or, for the local demo's playground, an http URL on the
// loopback interface): it is where a person's browser is sent after signing
// in, so it must never be a link of another kind.
func completeURL(s string) string {
	if len(s) > 2048 {
		return ""
	}
	if strings.HasPrefix(s, "https://") {
		return s
	}
	for _, local := range []string{"http://127.0.0.1:", "http://localhost:", "http://[::1]:"} {
		if strings.HasPrefix(s, local) {
			return s
		}
	}
	return ""
}
