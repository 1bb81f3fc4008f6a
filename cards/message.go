package cards

// The types below mirror google.golang.org/api/chat/v1 field for field
// (Message, User, CardWithId, GoogleAppsCardV1*), keeping only what Onboard
// sends. JSON names must match chat/v1 exactly; golden_test.go decodes every
// golden message into chat.Message with unknown fields disallowed.

// Message is a Chat message returned synchronously (chat.Message). The zero
// Message encodes to {}, which acknowledges an event without replying.
type Message struct {
	Text         string `json:"text,omitempty"`
	FallbackText string `json:"fallbackText,omitempty"`
	// PrivateMessageViewer makes the message visible only to that user
	// (and Onboard).
	PrivateMessageViewer *User        `json:"privateMessageViewer,omitempty"`
	CardsV2              []CardWithID `json:"cardsV2,omitempty"`
	// ActionResponse asks Chat for something other than a new message:
	// a configuration request (REQUEST_CONFIG), an update of the card
	// clicked, a dialog.
	ActionResponse *ActionResponse `json:"actionResponse,omitempty"`
}

// ActionResponse is chat.ActionResponse.
type ActionResponse struct {
	Type         string        `json:"type,omitempty"` // REQUEST_CONFIG, UPDATE_MESSAGE, DIALOG, NEW_MESSAGE
	URL          string        `json:"url,omitempty"`  // REQUEST_CONFIG: where the person configures
	DialogAction *DialogAction `json:"dialogAction,omitempty"`
}

// The ActionResponse types Onboard sends.
const (
	actionRequestConfig = "REQUEST_CONFIG"
	actionUpdateMessage = "UPDATE_MESSAGE" // replaces the card clicked (a click on Onboard's own message)
	actionDialog        = "DIALOG"
)

// DialogAction is chat.DialogAction: a dialog to show, or the status
// that closes it (OK) or keeps it open (any other code, with a message).
type DialogAction struct {
	Dialog       *Dialog       `json:"dialog,omitempty"`
	ActionStatus *ActionStatus `json:"actionStatus,omitempty"`
}

// Dialog is chat.Dialog.
type Dialog struct {
	Body *Card `json:"body,omitempty"`
}

// ActionStatus is chat.ActionStatus; StatusCode is a google.rpc code name.
type ActionStatus struct {
	StatusCode        string `json:"statusCode,omitempty"`
	UserFacingMessage string `json:"userFacingMessage,omitempty"`
}

// The status codes Onboard closes a dialog with or keeps it open with
// (docs/chat-platform.md §3.3).
const (
	statusOK              = "OK"
	statusInvalidArgument = "INVALID_ARGUMENT"
)

// User names a Chat user (chat.User).
type User struct {
	Name string `json:"name,omitempty"` // users/{id}
}

// CardWithID is one card of a message (chat.CardWithId).
type CardWithID struct {
	CardID string `json:"cardId,omitempty"`
	Card   *Card  `json:"card,omitempty"`
}

// Card is chat.GoogleAppsCardV1Card. At most 100 widgets across all
// sections: Chat drops the section that crosses the limit and all after it.
type Card struct {
	Header   *CardHeader `json:"header,omitempty"`
	Sections []Section   `json:"sections,omitempty"`
	// FixedFooter holds a dialog's buttons (dialogs only).
	FixedFooter *CardFixedFooter `json:"fixedFooter,omitempty"`
}

// CardFixedFooter is chat.GoogleAppsCardV1CardFixedFooter.
type CardFixedFooter struct {
	PrimaryButton   *Button `json:"primaryButton,omitempty"`
	SecondaryButton *Button `json:"secondaryButton,omitempty"`
}

// CardHeader is chat.GoogleAppsCardV1CardHeader; Title is required.
type CardHeader struct {
	Title    string `json:"title,omitempty"`
	Subtitle string `json:"subtitle,omitempty"`
}

// Section is chat.GoogleAppsCardV1Section.
type Section struct {
	Header                    string   `json:"header,omitempty"`
	Collapsible               bool     `json:"collapsible,omitempty"`
	UncollapsibleWidgetsCount int64    `json:"uncollapsibleWidgetsCount,omitempty"`
	Widgets                   []Widget `json:"widgets,omitempty"`
}

// Widget is chat.GoogleAppsCardV1Widget: exactly one field is set.
type Widget struct {
	TextParagraph  *TextParagraph  `json:"textParagraph,omitempty"`
	DecoratedText  *DecoratedText  `json:"decoratedText,omitempty"`
	ButtonList     *ButtonList     `json:"buttonList,omitempty"`
	TextInput      *TextInput      `json:"textInput,omitempty"`
	SelectionInput *SelectionInput `json:"selectionInput,omitempty"`
	Divider        *Divider        `json:"divider,omitempty"`
}

// TextParagraph is chat.GoogleAppsCardV1TextParagraph; Text is card HTML.
type TextParagraph struct {
	Text string `json:"text,omitempty"`
}

// DecoratedText is chat.GoogleAppsCardV1DecoratedText. Text is card HTML
// and required; TopLabel truncates, BottomLabel wraps.
type DecoratedText struct {
	TopLabel    string `json:"topLabel,omitempty"`
	Text        string `json:"text,omitempty"`
	BottomLabel string `json:"bottomLabel,omitempty"`
	StartIcon   *Icon  `json:"startIcon,omitempty"`
	WrapText    bool   `json:"wrapText,omitempty"`
}

// Icon is chat.GoogleAppsCardV1Icon: one of KnownIcon or MaterialIcon.
type Icon struct {
	AltText      string        `json:"altText,omitempty"`
	KnownIcon    string        `json:"knownIcon,omitempty"`
	MaterialIcon *MaterialIcon `json:"materialIcon,omitempty"`
}

// MaterialIcon is chat.GoogleAppsCardV1MaterialIcon (a Google Material
// Symbols name such as "check_circle").
type MaterialIcon struct {
	Name string `json:"name,omitempty"`
}

// ButtonList is chat.GoogleAppsCardV1ButtonList.
type ButtonList struct {
	Buttons []Button `json:"buttons,omitempty"`
}

// Button is chat.GoogleAppsCardV1Button.
type Button struct {
	Text    string   `json:"text,omitempty"`
	AltText string   `json:"altText,omitempty"`
	OnClick *OnClick `json:"onClick,omitempty"`
}

// OnClick is chat.GoogleAppsCardV1OnClick: open a link, or send Onboard a
// CARD_CLICKED event naming Action.Function.
type OnClick struct {
	Action   *Action   `json:"action,omitempty"`
	OpenLink *OpenLink `json:"openLink,omitempty"`
}

// Action is chat.GoogleAppsCardV1Action. Chat sends Function as the
// event's action.actionMethodName (and common.invokedFunction), the
// parameters with it, and the card's form inputs in common.formInputs.
type Action struct {
	Function   string            `json:"function,omitempty"`
	Parameters []ActionParameter `json:"parameters,omitempty"`
	// Interaction OPEN_DIALOG makes Chat send the click as a dialog
	// request (REQUEST_DIALOG), answered with the dialog.
	Interaction string `json:"interaction,omitempty"`
}

// interactionOpenDialog is the Action.Interaction that opens a dialog.
const interactionOpenDialog = "OPEN_DIALOG"

// ActionParameter is chat.GoogleAppsCardV1ActionParameter.
type ActionParameter struct {
	Key   string `json:"key,omitempty"`
	Value string `json:"value,omitempty"`
}

// OpenLink is chat.GoogleAppsCardV1OpenLink.
type OpenLink struct {
	URL string `json:"url,omitempty"`
}

// TextInput is chat.GoogleAppsCardV1TextInput: a form field whose value
// arrives in common.formInputs[Name]. Value is the text it starts with.
type TextInput struct {
	Name     string `json:"name,omitempty"`
	Label    string `json:"label,omitempty"`
	HintText string `json:"hintText,omitempty"`
	Value    string `json:"value,omitempty"`
	Type     string `json:"type,omitempty"` // SINGLE_LINE (default) or MULTIPLE_LINE
}

// SelectionInput is chat.GoogleAppsCardV1SelectionInput: a form field
// whose chosen items' values arrive in common.formInputs[Name]. At most
// 100 items.
type SelectionInput struct {
	Name  string          `json:"name,omitempty"`
	Label string          `json:"label,omitempty"`
	Type  string          `json:"type,omitempty"` // DROPDOWN, RADIO_BUTTON, CHECK_BOX, SWITCH, MULTI_SELECT
	Items []SelectionItem `json:"items,omitempty"`
	// MultiSelectMaxSelectedItems bounds a MULTI_SELECT (Chat's default
	// is 3).
	MultiSelectMaxSelectedItems int64 `json:"multiSelectMaxSelectedItems,omitempty"`
	// PlatformDataSource fills a MULTI_SELECT from Google Workspace: the
	// organisation's people, or Chat's spaces (Chat apps only, not
	// add-ons).
	PlatformDataSource *PlatformDataSource `json:"platformDataSource,omitempty"`
}

// PlatformDataSource is chat.GoogleAppsCardV1PlatformDataSource.
type PlatformDataSource struct {
	CommonDataSource  string             `json:"commonDataSource,omitempty"` // USER: the people picker
	HostAppDataSource *HostAppDataSource `json:"hostAppDataSource,omitempty"`
}

// HostAppDataSource is chat.HostAppDataSourceMarkup.
type HostAppDataSource struct {
	ChatDataSource *ChatDataSource `json:"chatDataSource,omitempty"`
}

// ChatDataSource is chat.ChatClientDataSourceMarkup.
type ChatDataSource struct {
	SpaceDataSource *SpaceDataSource `json:"spaceDataSource,omitempty"`
}

// SpaceDataSource is chat.SpaceDataSource: the space picker.
type SpaceDataSource struct {
	DefaultToCurrentSpace bool `json:"defaultToCurrentSpace,omitempty"`
}

// SelectionItem is chat.GoogleAppsCardV1SelectionItem.
type SelectionItem struct {
	Text       string `json:"text,omitempty"`
	Value      string `json:"value,omitempty"`
	Selected   bool   `json:"selected,omitempty"`
	BottomText string `json:"bottomText,omitempty"`
}

// Divider is chat.GoogleAppsCardV1Divider; it has no fields and encodes
// as {}.
type Divider struct{}
