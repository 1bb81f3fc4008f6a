package cards

import (
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

// Reply turns a domain reply into the Chat message to return synchronously
// (classic envelope). A reply with nothing to say becomes Message{}, which
// encodes to {}.
//
// Help and refusals are always private to the person who asked; so is
// anything bot marks Private. The welcome card comes first when the reply
// carries one and shares the message's visibility.
func Reply(r bot.Reply) Message {
	var m Message
	var texts []string
	if r.Welcome || r.Kind == bot.ReplyWelcome {
		m.CardsV2 = append(m.CardsV2, welcomeCard())
		texts = append(texts, textWelcome)
	}
	private := r.Private
	switch {
	case r.Kind == bot.ReplyHelp:
		m.CardsV2 = append(m.CardsV2, helpCard(r.UnknownCommand))
		texts = append(texts, textHelp)
		private = true
	case r.Kind == bot.ReplyInvite && r.Invite != nil && r.Invite.Refusal != nil:
		card, text := refusalCard(r.Invite)
		m.CardsV2 = append(m.CardsV2, card)
		texts = append(texts, text)
		private = true
	case r.Kind == bot.ReplyInvite && r.Invite != nil:
		card, text := inviteCard(r.Invite)
		m.CardsV2 = append(m.CardsV2, card)
		texts = append(texts, text)
	}
	if len(m.CardsV2) == 0 {
		return Message{}
	}
	m.Text = strings.Join(texts, "\n")
	m.FallbackText = m.Text
	if viewer := viewerOf(r); private && viewer != "" {
		m.PrivateMessageViewer = &User{Name: viewer}
	}
	return m
}

// viewerOf is the users/{id} who asked.
func viewerOf(r bot.Reply) string {
	if r.Actor.Name != "" {
		return r.Actor.Name
	}
	if r.Invite != nil {
		return r.Invite.Actor.Name
	}
	return ""
}

// refusalCard explains why an /invite was not carried out at all.
func refusalCard(rep *bot.InviteReport) (CardWithID, string) {
	paras, short := refusalWords(*rep.Refusal, clip(rep.Space.DisplayName, maxNameRunes))
	header := &CardHeader{Title: titleRefused}
	if rep.Space.DisplayName != "" {
		header.Subtitle = inviteSubtitle(clip(rep.Space.DisplayName, maxNameRunes), "")
	}
	card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(paras...)}}}
	return CardWithID{CardID: cardRefusal, Card: card}, textRefused + short
}

// helpCard explains Onboard, starting with the unknown command when one
// was typed.
func helpCard(unknown string) CardWithID {
	about, commands, policy := helpParagraphs()
	first := paragraphs(about)
	if unknown != "" {
		first = paragraphs(unknownCommand(unknown), about)
	}
	cmds := make([]Widget, 0, len(commands)+2)
	for _, c := range commands {
		cmds = append(cmds, Widget{DecoratedText: &DecoratedText{
			Text: "<b>" + c[0] + "</b>", BottomLabel: c[1], WrapText: true,
		}})
	}
	cmds = append(cmds, Widget{Divider: &Divider{}})
	cmds = append(cmds, paragraphs(policy)...)
	card := &Card{
		Header:   &CardHeader{Title: titleHelp, Subtitle: subtitleHelp},
		Sections: []Section{{Widgets: first}, {Widgets: cmds}},
	}
	return CardWithID{CardID: cardHelp, Card: card}
}

// welcomeCard greets a space Onboard was just added to, and says that a
// Workspace admin must approve it once.
func welcomeCard() CardWithID {
	widgets := append(paragraphs(welcomeParagraphs()...), adminButton())
	card := &Card{
		Header:   &CardHeader{Title: titleWelcome, Subtitle: subtitleWelcome},
		Sections: []Section{{Widgets: widgets}},
	}
	return CardWithID{CardID: cardWelcome, Card: card}
}

// paragraphs makes one textParagraph widget per (card HTML) text.
func paragraphs(texts ...string) []Widget {
	w := make([]Widget, len(texts))
	for i, t := range texts {
		w[i].TextParagraph = &TextParagraph{Text: t}
	}
	return w
}
