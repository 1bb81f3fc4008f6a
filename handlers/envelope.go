package handlers

// The structs below are the part of Chat's two event envelopes that Onboard
// reads (docs/chat-platform.md §1 and §2). They are our own rather than
// chat.DeprecatedEvent: decoding the few fields we need is several times
// cheaper than the full generated type, and it lets one odd field type stay
// harmless. Fields we do not name are skipped by encoding/json — among them
// authorizationEventObject, which carries a live credential. The one
// capability we read, configCompleteRedirectUrl/…Uri, goes to the domain
// (a person's sign-in returns there) and is never logged.

// wireEvent is both envelopes at once: a classic event has "type" at the
// top level; a Workspace add-on event has "chat" (and usually
// "commonEventObject").
type wireEvent struct {
	// Classic envelope.
	Type               string          `json:"type"`
	User               *wireUser       `json:"user"`
	Space              *wireSpace      `json:"space"`
	Message            *wireMessage    `json:"message"`
	Common             *wireCommon     `json:"common"`
	AppCommandMetadata *wireAppCommand `json:"appCommandMetadata"`
	Action             *wireFormAction `json:"action"` // CARD_CLICKED
	// IsDialogEvent and DialogEventType say a dialog was asked for (a
	// command configured to open one, or an OPEN_DIALOG button),
	// submitted or closed (docs/chat-platform.md §1.3).
	IsDialogEvent   bool   `json:"isDialogEvent"`
	DialogEventType string `json:"dialogEventType"`
	// ConfigCompleteRedirectURL is where a person's browser goes after
	// connecting their account (MESSAGE, ADDED_TO_SPACE, APP_COMMAND): a
	// capability, handed to the domain and never logged.
	ConfigCompleteRedirectURL string `json:"configCompleteRedirectUrl"`

	// Workspace add-on envelope.
	Chat              *addonChat  `json:"chat"`
	CommonEventObject *wireCommon `json:"commonEventObject"`
}

// addonChat is the add-on event's "chat" object: exactly one payload is set,
// and which one says what happened.
type addonChat struct {
	User              *wireUser     `json:"user"`
	Space             *wireSpace    `json:"space"`
	MessagePayload    *addonPayload `json:"messagePayload"`
	AppCommandPayload *addonPayload `json:"appCommandPayload"`
	AddedToSpace      *addonPayload `json:"addedToSpacePayload"`
	RemovedFromSpace  *addonPayload `json:"removedFromSpacePayload"`
	ButtonClicked     *addonPayload `json:"buttonClickedPayload"`
}

// addonPayload holds the fields the add-on payloads share; each payload
// carries a subset of them.
type addonPayload struct {
	Space              *wireSpace      `json:"space"`
	Message            *wireMessage    `json:"message"`
	AppCommandMetadata *wireAppCommand `json:"appCommandMetadata"`
	// ConfigCompleteRedirectURI is the add-on's spelling of the classic
	// configCompleteRedirectUrl (docs/chat-platform.md §2).
	ConfigCompleteRedirectURI string `json:"configCompleteRedirectUri"`
	// The dialog fields of appCommandPayload and buttonClickedPayload.
	IsDialogEvent   bool   `json:"isDialogEvent"`
	DialogEventType string `json:"dialogEventType"`
}

type wireUser struct {
	Name        string `json:"name"`
	DisplayName string `json:"displayName"`
	Email       string `json:"email"`
	Type        string `json:"type"` // HUMAN or BOT
}

type wireSpace struct {
	Name            string `json:"name"`
	DisplayName     string `json:"displayName"`
	SpaceType       string `json:"spaceType"`
	SingleUserBotDM bool   `json:"singleUserBotDm"`
}

type wireMessage struct {
	Name         string            `json:"name"`
	Text         string            `json:"text"`
	ArgumentText string            `json:"argumentText"`
	Annotations  []wireAnnotation  `json:"annotations"`
	SlashCommand *wireSlashCommand `json:"slashCommand"`
	Space        *wireSpace        `json:"space"`
}

type wireAnnotation struct {
	Type         string            `json:"type"` // USER_MENTION, SLASH_COMMAND, …
	StartIndex   flexInt           `json:"startIndex"`
	Length       flexInt           `json:"length"`
	UserMention  *wireUserMention  `json:"userMention"`
	SlashCommand *wireSlashCommand `json:"slashCommand"`
}

type wireUserMention struct {
	User *wireUser `json:"user"`
}

// wireSlashCommand is message.slashCommand and an annotation's slashCommand.
type wireSlashCommand struct {
	CommandID flexInt   `json:"commandId"` // a JSON string on the wire
	Bot       *wireUser `json:"bot"`       // annotations only
}

type wireAppCommand struct {
	AppCommandID flexInt `json:"appCommandId"` // a JSON number on the wire
}

// wireFormAction is a classic CARD_CLICKED's "action" (FormAction).
type wireFormAction struct {
	ActionMethodName string        `json:"actionMethodName"`
	Parameters       wireParamList `json:"parameters"`
}

// wireCommon is the classic "common" and the add-on "commonEventObject".
// The card-action parts are bounded as they are read (action.go).
type wireCommon struct {
	UserLocale      string         `json:"userLocale"`
	TimeZone        *wireTimeZone  `json:"timeZone"`        // clicks and dialog submits only
	InvokedFunction string         `json:"invokedFunction"` // classic only
	Parameters      wireParamMap   `json:"parameters"`
	FormInputs      wireFormInputs `json:"formInputs"`
}

// wireTimeZone is common.timeZone: the reader's IANA zone id (the offset
// is not needed: the zone database gives it for any instant).
type wireTimeZone struct {
	ID string `json:"id"`
}

// flexInt is an integer that Chat may send as a JSON number or a JSON
// string (commandId is int64-as-string, appCommandId a plain number;
// docs/chat-platform.md §1.7). Either is accepted in every place, and anything
// else — null, a fraction, an object — reads as 0 rather than failing the
// whole event.
type flexInt int64

func (n *flexInt) UnmarshalJSON(b []byte) error {
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	*n = flexInt(parseInt(b))
	return nil
}

// parseInt reads an optionally negative decimal integer; anything else,
// including overflow, is 0. (strconv would allocate its error.)
func parseInt(b []byte) int64 {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 { // 18 digits cannot overflow int64
		return 0
	}
	var v int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0
		}
		v = v*10 + int64(c-'0')
	}
	if neg {
		return -v
	}
	return v
}
