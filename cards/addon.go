package cards

// AddonActionParameter carries a button's method in the Google Workspace
// add-on envelope, where an action's function must be the HTTPS URL the
// click is sent to (docs/chat-platform.md §2); handlers read it back as the
// click's function.
const AddonActionParameter = "action"

// ForAddon returns m with every button action rewritten for an add-on
// deployment: the function becomes url and the method moves into the
// AddonActionParameter parameter. m itself is not changed.
func ForAddon(m Message, url string) Message {
	if url == "" {
		return m
	}
	cardsV2 := make([]CardWithID, len(m.CardsV2))
	for i, c := range m.CardsV2 {
		cardsV2[i] = c
		if c.Card == nil {
			continue
		}
		card := *c.Card
		card.Sections = make([]Section, len(c.Card.Sections))
		for j, s := range c.Card.Sections {
			s.Widgets = addonWidgets(s.Widgets, url)
			card.Sections[j] = s
		}
		cardsV2[i].Card = &card
	}
	m.CardsV2 = cardsV2
	return m
}

func addonWidgets(ws []Widget, url string) []Widget {
	out := make([]Widget, len(ws))
	for i, w := range ws {
		if w.ButtonList != nil {
			bl := *w.ButtonList
			bl.Buttons = make([]Button, len(w.ButtonList.Buttons))
			for k, b := range w.ButtonList.Buttons {
				if b.OnClick != nil && b.OnClick.Action != nil {
					a := *b.OnClick.Action
					a.Parameters = append([]ActionParameter{{Key: AddonActionParameter, Value: a.Function}}, a.Parameters...)
					a.Function = url
					b.OnClick = &OnClick{Action: &a, OpenLink: b.OnClick.OpenLink}
				}
				bl.Buttons[k] = b
			}
			w.ButtonList = &bl
		}
		out[i] = w
	}
	return out
}

// AddonAction is an add-on's answer that is not a new message: Chat's
// configuration request becomes the add-on's basic authorization prompt
// (https://developers.google.com/workspace/add-ons/guides/connect-third-party-service#basic-auth-chat).
// ok is false when m is a plain message (wrap it in createMessageAction).
func AddonAction(m Message, locale string) (action any, ok bool) {
	if m.ActionResponse == nil || m.ActionResponse.Type != actionRequestConfig {
		return nil, false
	}
	return addonAction(newWords(locale), m), true
}

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
