package demo

import (
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// Click is a person clicking a card's button in Chat: on a message, or in
// a dialog.
type Click struct {
	Person string // an email, its local part or a first name
	Space  string // as Typed.Space
	DM     bool
	// Message is the message the card is on as Chat echoes it (name,
	// sender, cardsV2, …); nil in a dialog a command opened.
	Message    map[string]any
	Function   string  // the button's onClick.action.function
	Parameters []Param // its parameters, in the card's order
	// Form holds the values of the card's (or dialog's) inputs by widget
	// name, as common.formInputs carries them.
	Form map[string][]string
	// Dialog is the event's dialogEventType: "" for a plain click,
	// REQUEST_DIALOG for a button whose interaction is OPEN_DIALOG,
	// SUBMIT_DIALOG for a button in a dialog.
	Dialog   string
	Locale   string    // common.userLocale; "" is "en"
	TimeZone *TimeZone // common.timeZone; nil sends none
}

// Param is one of an action's parameters.
type Param struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// TimeZone is common.timeZone: an IANA id and its offset from UTC in
// milliseconds.
type TimeZone struct {
	ID     string `json:"id"`
	Offset int64  `json:"offset"`
}

// BuildClick makes the classic CARD_CLICKED event Chat sends for c: the
// function both as action.actionMethodName and common.invokedFunction,
// the parameters both as action.parameters (a list) and common.parameters
// (a map), the inputs in common.formInputs, and isDialogEvent with
// dialogEventType for dialogs (docs/chat-platform.md §1.3, §1.4, §11).
func BuildClick(w *chatfake.World, c Click) (map[string]any, error) {
	u, err := FindPerson(w, c.Person)
	if err != nil {
		return nil, err
	}
	space, err := FindSpace(w, c.Space, c.DM, u)
	if err != nil {
		return nil, err
	}
	params := c.Parameters
	if params == nil {
		params = []Param{}
	}
	byKey := map[string]string{}
	for _, p := range params {
		byKey[p.Key] = p.Value
	}
	form := map[string]any{}
	for name, values := range c.Form {
		form[name] = map[string]any{"stringInputs": map[string]any{"value": values}}
	}
	cm := common(c.Locale)
	cm["invokedFunction"] = c.Function
	cm["parameters"] = byKey
	cm["formInputs"] = form
	if c.TimeZone != nil {
		cm["timeZone"] = c.TimeZone
	}
	ev := map[string]any{"type": "CARD_CLICKED", "eventTime": time.Now().UTC().Format(time.RFC3339Nano),
		"user": chatUser(u), "space": space, "common": cm,
		"action": map[string]any{"actionMethodName": c.Function, "parameters": params}}
	if c.Message != nil {
		ev["message"] = c.Message
	}
	if c.Dialog != "" {
		ev["isDialogEvent"] = true
		ev["dialogEventType"] = c.Dialog
	}
	return ev, nil
}
