package bot

// Interaction is what Onboard needs from one Chat interaction event, in
// either envelope (classic or Workspace add-on). handlers/ builds it from
// the decoded event; nothing here knows the wire format.
type Interaction struct {
	Kind EventKind
	// ID identifies the triggering message (message.name); a redelivered
	// event carries the same ID. Empty when the event has no message.
	ID        string
	Actor     User  // the human who interacted (event.user, never message.sender)
	Space     Space // where it happened
	CommandID int64 // slash/quick command id; 0 when none
	// Text is message.text; mention indices refer to it.
	Text string
	// ArgumentText is message.argumentText: Text without the command and
	// app mentions (human mentions remain).
	ArgumentText string
	Mentions     []Mention
	// App is the app's own users/{id}, when the event reveals it.
	App string
	// Locale is common.userLocale (BCP 47), when Chat sends it; TimeZone
	// is common.timeZone's IANA id, which Chat sends with clicks and dialog
	// submits only. Both untrusted: bot checks them before use.
	Locale   string
	TimeZone string
	// CompleteURL is the event's configCompleteRedirectUrl (classic) or
	// configCompleteRedirectUri (add-on): where a person's browser goes
	// after connecting their account, so that Chat sends the message again.
	// A capability: never logged. "" for clicks, which Chat cannot resend.
	CompleteURL string

	// Action is the card action a CARD_CLICKED event invokes (the
	// button's function), with its parameters and the card's form inputs.
	// All of it is untrusted input: it travelled through the client, and
	// the clicker may be anyone who can see the card.
	Action *Action

	// Dialog is the dialog event this is (isDialogEvent with its
	// dialogEventType): a dialog asked for by a command or a button,
	// submitted, or closed; "" for an event outside any dialog.
	Dialog DialogEvent
	// Addon is true for an event in the Workspace add-on envelope, whose
	// dialogs cannot show Chat's people or space pickers
	// (docs/chat-platform.md §11).
	Addon bool

	// confirming is the preview whose Confirm runs this request again: it
	// is not previewed a second time, and the preview is settled as
	// confirmed only once every check has passed, just before the work is
	// saved (run). Only bot sets it.
	confirming string
}

// DialogEvent is a dialog's dialogEventType.
type DialogEvent string

const (
	DialogRequest DialogEvent = "REQUEST_DIALOG" // a command or a button asks for a dialog
	DialogSubmit  DialogEvent = "SUBMIT_DIALOG"  // a button in an open dialog
	DialogCancel  DialogEvent = "CANCEL_DIALOG"  // the dialog's close icon
)

// Action is a card click: which action, with which parameters and form
// values.
type Action struct {
	Function   string              // action.actionMethodName / common.invokedFunction
	Parameters map[string]string   // action.parameters / common.parameters
	Form       map[string][]string // common.formInputs: widget name → string values
}

// EventKind is the kind of interaction.
type EventKind string

const (
	EventMessage      EventKind = "MESSAGE"
	EventCommand      EventKind = "APP_COMMAND"
	EventAddedToSpace EventKind = "ADDED_TO_SPACE"
	EventRemoved      EventKind = "REMOVED_FROM_SPACE"
	EventCardClicked  EventKind = "CARD_CLICKED"
	EventOther        EventKind = "OTHER"
)

// User is a Chat user as an event shows them.
type User struct {
	Name        string // users/{id}
	DisplayName string
	Email       string // only the interacting user has one
	Bot         bool
}

// Mention is a USER_MENTION annotation. Start and Length index into
// Interaction.Text in units Chat does not document (see parse.go).
type Mention struct {
	User   User
	Start  int
	Length int
}

// SpaceType is a Chat space type.
type SpaceType string

const (
	SpaceNamed     SpaceType = "SPACE"
	SpaceGroupChat SpaceType = "GROUP_CHAT"
	SpaceDM        SpaceType = "DIRECT_MESSAGE"
)

// Space is a Chat space.
type Space struct {
	Name            string // spaces/{id}
	DisplayName     string
	Type            SpaceType
	SingleUserBotDM bool // a DM between one person and Onboard
	// ExternalAllowed (spaces.get's externalUserAllowed): people outside
	// the organisation may be members. Not in events: read with Space.
	ExternalAllowed bool
}
