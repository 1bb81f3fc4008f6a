package cards

import (
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

// Reply turns a domain reply into the Chat message to return synchronously
// (classic envelope). A nil reply — nothing to say — becomes Message{},
// which encodes to {}.
//
// Help, refusals, acknowledgements of work in progress, /status, /plan,
// /settings, /audit, /spaces, /pause and /resume answers and the command
// limit are always private to the person who asked; so is anything bot
// marks Private. Invite and batch results are public unless bot marks them
// Private; removal results are public only when someone was removed (the
// space sees who removed whom). The welcome card comes first when the reply carries one and
// shares the message's visibility.
func Reply(r bot.Reply) Message {
	if r == nil {
		return Message{}
	}
	a := bot.AudienceOf(r)
	var m Message
	var texts []string
	if _, welcome := r.(bot.WelcomeReply); a.Welcome || welcome {
		m.CardsV2 = append(m.CardsV2, welcomeCard())
		texts = append(texts, textWelcome)
	}
	private := a.Private
	if card, text, always, ok := replyCard(r); ok {
		m.CardsV2 = append(m.CardsV2, card)
		texts = append(texts, text)
		private = private || always
	}
	if len(m.CardsV2) == 0 {
		return Message{}
	}
	m.Text = strings.Join(texts, "\n")
	m.FallbackText = m.Text
	if viewer := actorOf(r).Name; private && viewer != "" {
		m.PrivateMessageViewer = &User{Name: viewer}
	}
	return m
}

// replyCard is the card a reply asks for, its plain summary, and whether
// only the person who asked may see it whatever bot says; ok is false when
// the reply asks for none.
func replyCard(r bot.Reply) (card CardWithID, text string, private, ok bool) {
	switch r := r.(type) {
	case bot.HelpReply:
		return helpCard(r.UnknownCommand, r.Policy), textHelp, true, true
	case bot.InviteReply:
		if r.Report.Refusal != nil {
			card, text = refusalCard(&r.Report)
			return card, text, true, true
		}
		card, text = inviteCard(&r.Report)
		return card, text, false, true
	case bot.BatchReply:
		card, text = batchCard(&r.Batch, r.SkippedSpaces, actorOf(r), r.UndoBatch)
		return card, text, false, true
	case bot.WorkingReply:
		card, text = workingCard(&r.Batch, r.SkippedSpaces, r.ETA)
		return card, text, true, true
	case bot.StatusReply:
		card, text = statusCard(r)
		return card, text, true, true
	case bot.PlanReply:
		card, text = planCard(r)
		return card, text, true, true
	case bot.RemoveReply:
		card, text = removeCard(&r.Report)
		// The space sees who removed whom; a refusal, or nobody removed,
		// is the asker's business.
		return card, text, r.Report.Refusal != nil || r.Report.Count(bot.Removed) == 0, true
	}
	return guardCard(r)
}

// guardCard is replyCard for the guardrails' replies.
func guardCard(r bot.Reply) (card CardWithID, text string, private, ok bool) {
	switch r := r.(type) {
	case bot.SettingsReply:
		card, text = settingsCard(r)
	case bot.AuditReply:
		card, text = auditCard(r)
	case bot.SpacesReply:
		card, text = spacesCard(r)
	case bot.PausedReply:
		card, text = pausedCard(r)
	case bot.LimitedReply:
		card, text = limitedCard(r)
	default:
		return CardWithID{}, "", false, false
	}
	return card, text, true, true
}

// actorOf is the person who asked: the reply's actor, else the report's or
// the batch's.
func actorOf(r bot.Reply) bot.User {
	actor := bot.AudienceOf(r).Actor
	if actor.Name != "" {
		return actor
	}
	var other bot.User
	switch r := r.(type) {
	case bot.InviteReply:
		other = r.Report.Actor
	case bot.RemoveReply:
		other = r.Report.Actor
	case bot.BatchReply:
		other = r.Batch.Actor
	case bot.WorkingReply:
		other = r.Batch.Actor
	}
	if other.Name != "" {
		return other
	}
	return actor
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
func helpCard(unknown string, policy bot.InvitePolicy) CardWithID {
	about, commands, who := helpParagraphs(policy)
	first := paragraphs(about)
	if unknown != "" {
		first = paragraphs(unknownCommand(unknown), about)
	}
	cmds := append(commandRows(commands), Widget{Divider: &Divider{}})
	cmds = append(cmds, paragraphs(who)...)
	card := &Card{
		Header:   &CardHeader{Title: titleHelp, Subtitle: subtitleHelp},
		Sections: []Section{{Widgets: first}, {Widgets: cmds}, {Header: sectionAdmins, Widgets: commandRows(adminCommands)}},
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
