package cards

// AddonActionParameter carries a button's method in the Google Workspace
// add-on envelope, where an action's function must be the HTTPS URL the
// click is sent to (docs/chat-platform.md §2); handlers read it back as the
// click's function.
const AddonActionParameter = "action"

// ForAddon returns m with every button action rewritten for an add-on
// deployment — on its cards and on a dialog it shows: the function
// becomes url and the method moves into the AddonActionParameter
// parameter; and no action keeps interaction OPEN_DIALOG, which makes an
// add-on strip the whole card (chat/v1's GoogleAppsCardV1Action): there
// the click is answered with the add-on's own navigation to the dialog
// (AddonAction). m itself is not changed.
func ForAddon(m Message, url string) Message {
	cardsV2 := make([]CardWithID, len(m.CardsV2))
	for i, c := range m.CardsV2 {
		cardsV2[i] = c
		cardsV2[i].Card = addonCard(c.Card, url)
	}
	if m.CardsV2 != nil {
		m.CardsV2 = cardsV2
	}
	if ar := m.ActionResponse; ar != nil && ar.DialogAction != nil && ar.DialogAction.Dialog != nil {
		da := *ar.DialogAction
		da.Dialog = &Dialog{Body: addonCard(da.Dialog.Body, url)}
		a := *ar
		a.DialogAction = &da
		m.ActionResponse = &a
	}
	return m
}

// addonCard is c with its buttons rewritten (ForAddon); nil stays nil.
func addonCard(c *Card, url string) *Card {
	if c == nil {
		return nil
	}
	card := *c
	card.Sections = make([]Section, len(c.Sections))
	for j, s := range c.Sections {
		s.Widgets = addonWidgets(s.Widgets, url)
		card.Sections[j] = s
	}
	if f := c.FixedFooter; f != nil {
		card.FixedFooter = &CardFixedFooter{PrimaryButton: addonButton(f.PrimaryButton, url),
			SecondaryButton: addonButton(f.SecondaryButton, url)}
	}
	return &card
}

func addonWidgets(ws []Widget, url string) []Widget {
	out := make([]Widget, len(ws))
	for i, w := range ws {
		if w.ButtonList != nil {
			bl := *w.ButtonList
			bl.Buttons = make([]Button, len(w.ButtonList.Buttons))
			for k := range w.ButtonList.Buttons {
				bl.Buttons[k] = *addonButton(&w.ButtonList.Buttons[k], url)
			}
			w.ButtonList = &bl
		}
		out[i] = w
	}
	return out
}

// addonButton is b with its action rewritten; nil stays nil.
func addonButton(b *Button, url string) *Button {
	if b == nil {
		return nil
	}
	out := *b
	if b.OnClick != nil && b.OnClick.Action != nil {
		a := *b.OnClick.Action
		a.Interaction = ""
		if url != "" {
			a.Parameters = append([]ActionParameter{{Key: AddonActionParameter, Value: a.Function}}, a.Parameters...)
			a.Function = url
		}
		out.OnClick = &OnClick{Action: &a, OpenLink: b.OnClick.OpenLink}
	}
	return &out
}

// AddonAction is an add-on's answer that is not a new message
// (docs/chat-platform.md §2, response mapping): Chat's configuration
// request becomes the add-on's basic authorization prompt
// (https://developers.google.com/workspace/add-ons/guides/connect-third-party-service#basic-auth-chat);
// an update of the card clicked, an updateMessageAction; a dialog, the
// add-on's card navigation — pushCard to open it, updateCard to replace
// what an open dialog shows (inDialog: the answer is to a click inside
// it); a dialog's status, endNavigation CLOSE_DIALOG with a notification
// when it closes, the notification alone when it stays open. ok is false
// when m is a plain message (wrap it in createMessageAction).
//
// Assumption: Google's add-on pages show a notification with
// CLOSE_DIALOG; that a notification without a navigation keeps the dialog
// open with it, as INVALID_ARGUMENT does in a classic app, is not
// documented.
func AddonAction(m Message, locale string, inDialog bool) (action any, ok bool) {
	ar := m.ActionResponse
	switch {
	case ar == nil:
		return nil, false
	case ar.Type == actionRequestConfig:
		return addonAction(newWords(locale, ""), m), true
	case ar.Type == actionUpdateMessage:
		m.ActionResponse = nil
		return addonUpdate{HostAppDataAction: addonHostAction{ChatDataAction: addonChatAction{
			UpdateMessageAction: &addonMessage{Message: m}}}}, true
	case ar.Type == actionDialog && ar.DialogAction != nil:
		return addonDialog(ar.DialogAction, inDialog), true
	}
	return nil, false
}

// addonDialog is a dialog's answer as add-on card navigation.
func addonDialog(da *DialogAction, inDialog bool) addonRender {
	if da.Dialog != nil && da.Dialog.Body != nil {
		nav := addonNavigation{PushCard: da.Dialog.Body}
		if inDialog {
			nav = addonNavigation{UpdateCard: da.Dialog.Body}
		}
		return addonRender{Action: addonRenderAction{Navigations: []addonNavigation{nav}}}
	}
	r := addonRender{}
	if st := da.ActionStatus; st != nil {
		if st.UserFacingMessage != "" {
			r.Action.Notification = &addonNotification{Text: st.UserFacingMessage}
		}
		if st.StatusCode == "" || st.StatusCode == statusOK {
			r.Action.Navigations = []addonNavigation{{EndNavigation: "CLOSE_DIALOG"}}
		}
	}
	return r
}

// The add-on's render actions (camelCase, like cards).
type (
	addonRender struct {
		Action addonRenderAction `json:"action"`
	}
	addonRenderAction struct {
		Navigations  []addonNavigation  `json:"navigations,omitempty"`
		Notification *addonNotification `json:"notification,omitempty"`
	}
	addonNavigation struct {
		PushCard      *Card  `json:"pushCard,omitempty"`
		UpdateCard    *Card  `json:"updateCard,omitempty"`
		EndNavigation string `json:"endNavigation,omitempty"`
	}
	addonNotification struct {
		Text string `json:"text"`
	}
	addonUpdate struct {
		HostAppDataAction addonHostAction `json:"hostAppDataAction"`
	}
	addonHostAction struct {
		ChatDataAction addonChatAction `json:"chatDataAction"`
	}
	addonChatAction struct {
		UpdateMessageAction *addonMessage `json:"updateMessageAction,omitempty"`
	}
	addonMessage struct {
		Message Message `json:"message"`
	}
)

func addonAction(wd *words, m Message) any {
	return addonAuthPrompt{Prompt: basicAuthorizationPrompt{URL: m.ActionResponse.URL, Resource: wd.text(idConnectResource)}}
}

// addonAuthPrompt is {"basic_authorization_prompt": {…}}: the add-on JSON
// spells these fields in snake case.
type addonAuthPrompt struct {
	Prompt basicAuthorizationPrompt `json:"basic_authorization_prompt"`
}

type basicAuthorizationPrompt struct {
	URL      string `json:"authorization_url"`
	Resource string `json:"resource"` // shown as "… needs approval to access your <resource>"
}

// idConnectResource names what the prompt asks access to.
const idConnectResource msgID = "connect.resource"
