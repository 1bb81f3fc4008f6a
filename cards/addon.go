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
