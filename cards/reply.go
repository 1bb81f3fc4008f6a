package cards

import (
	"strings"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"

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
	return reply(newWords(bot.AudienceOf(r).Locale, bot.AudienceOf(r).TimeZone), r)
}

// reply is Reply in wd's words.
func reply(wd *words, r bot.Reply) Message {
	switch r := r.(type) {
	case bot.ConnectReply:
		return connectMessage(wd, r)
	case bot.DialogReply:
		return dialogMessage(wd, r)
	case bot.DialogStatusReply:
		return dialogStatus(wd, r)
	case bot.UpdateReply:
		return updateMessage(wd, r)
	}
	a := bot.AudienceOf(r)
	var m Message
	var texts []string
	if _, welcome := r.(bot.WelcomeReply); a.Welcome || welcome {
		m.CardsV2 = append(m.CardsV2, welcomeCard(wd))
		texts = append(texts, wd.text(idWelcomeText))
	}
	private := a.Private
	if card, text, always, ok := replyCard(wd, r); ok {
		m.CardsV2 = append(m.CardsV2, card)
		texts = append(texts, text)
		private = private || always
	}
	if len(m.CardsV2) == 0 {
		return Message{}
	}
	m.Text = strings.Join(texts, "\n") // one summary a line
	m.FallbackText = m.Text
	if viewer := actorOf(r).Name; private && viewer != "" {
		m.PrivateMessageViewer = &User{Name: viewer}
	}
	return m
}

// replyCard is the card a reply asks for, its plain summary, and whether
// only the person who asked may see it whatever bot says; ok is false when
// the reply asks for none.
func replyCard(wd *words, r bot.Reply) (card CardWithID, text string, private, ok bool) {
	switch r := r.(type) {
	case bot.HelpReply:
		card, text = helpCard(wd, r)
		return card, text, true, true
	case bot.ConnectionReply:
		card, text = connectionCard(wd, r)
		return card, text, true, true
	case bot.InviteReply:
		if r.Report.Refusal != nil {
			card, text = refusalCard(wd, &r.Report)
			return card, text, true, true
		}
		card, text = inviteCard(wd, &r.Report)
		return card, text, false, true
	case bot.BatchReply:
		wd.inChat = r.InChat
		card, text = batchCard(wd, &r.Batch, r.SkippedSpaces, actorOf(r), resultButtons(wd, r))
		return card, text, false, true
	case bot.WorkingReply:
		card, text = workingCard(wd, &r.Batch, r.SkippedSpaces, r.ETA)
		return card, text, true, true
	case bot.StatusReply:
		card, text = statusCard(wd, r)
		return card, text, true, true
	case bot.PlanReply:
		card, text = planCard(wd, r)
		return card, text, true, true
	case bot.RemoveReply:
		card, text = removeCard(wd, &r.Report, r.Undone)
		// The space sees who removed whom; a refusal, or nobody removed,
		// is the asker's business.
		return card, text, r.Report.Refusal != nil || r.Report.Count(bot.Removed) == 0, true
	}
	return flowCard(wd, r)
}

// flowCard is replyCard for the invite dialog's offer and previews, both
// private; then the guardrails' replies.
func flowCard(wd *words, r bot.Reply) (card CardWithID, text string, private, ok bool) {
	switch r := r.(type) {
	case bot.InviteOfferReply:
		card, text = offerCard(wd, r)
		return card, text, true, true
	case bot.PreviewReply:
		card, text = previewCard(wd, &r.Preview, false)
		return card, text, true, true
	}
	return guardCard(wd, r)
}

// updateMessage replaces the card clicked (UPDATE_MESSAGE) with the card
// of r.Of. It names no viewer: an update keeps the message's own.
func updateMessage(wd *words, r bot.UpdateReply) Message {
	m := reply(wd, r.Of)
	m.PrivateMessageViewer = nil
	m.ActionResponse = &ActionResponse{Type: actionUpdateMessage}
	return m
}

// guardCard is replyCard for the guardrails' replies.
func guardCard(wd *words, r bot.Reply) (card CardWithID, text string, private, ok bool) {
	switch r := r.(type) {
	case bot.SettingsReply:
		card, text = settingsCard(wd, r)
	case bot.AuditReply:
		card, text = auditCard(wd, r)
	case bot.SpacesReply:
		card, text = spacesCard(wd, r)
	case bot.PausedReply:
		card, text = pausedCard(wd, r)
	case bot.LimitedReply:
		card, text = limitedCard(wd, r)
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
func refusalCard(wd *words, rep *bot.InviteReport) (CardWithID, string) {
	paras, short := wd.refusalWords(*rep.Refusal, clip(rep.Space.DisplayName, maxNameRunes))
	header := &CardHeader{Title: wd.text(idRefusedTitle)}
	if rep.Space.DisplayName != "" {
		header.Subtitle = wd.inviteSubtitle(clip(rep.Space.DisplayName, maxNameRunes), "")
	}
	card := &Card{Header: header, Sections: []Section{{Widgets: paragraphs(paras...)}}}
	return CardWithID{CardID: cardRefusal, Card: card}, wd.refused(short)
}

// refused is a message's plain text when nothing was done, and why.
func (wd *words) refused(why string) string { return wd.with(idRefusedText, vars{"Why": why}) }

// titled is a message's plain text: a card's title and its summary.
func (wd *words) titled(title, summary string) string {
	return wd.with(idTitledSummary, vars{"Title": title, "Summary": summary})
}

// helpCard explains Onboard, starting with the unknown command when one
// was typed.
// The admin commands show only to Onboard admins, and the person's own
// Google account only where accounts can be connected.
func helpCard(wd *words, r bot.HelpReply) (CardWithID, string) {
	key, shared := helpKeyOf(wd, r)
	if shared {
		if h, ok := helpCards.Load(key); ok {
			h := h.(sharedHelp)
			return h.card, h.text
		}
	}
	h := sharedHelp{buildHelpCard(wd, r), wd.with(idHelpText, vars{"Example": wd.text(idExampleInvite)})}
	if shared {
		keepJSON(h.card.Card)
		helpCards.Store(key, h)
	}
	return h.card, h.text
}

// sharedHelp is a help card and its summary text.
type sharedHelp struct {
	card CardWithID
	text string
}

// helpCards remembers the help cards that say nothing of the person who
// asked: /help is the command typed most, and its card is the largest
// part of answering it. Cards are never changed once built (ForAddon
// copies what it rewrites), so one may be in many messages.
var helpCards sync.Map // helpKey → sharedHelp

// helpKey is what a help card that names nobody depends on; there are a
// few dozen at most.
type helpKey struct {
	loc          *i18n.Localizer
	policy       bot.InvitePolicy
	admin        bool
	state        bot.ConnectionState
	capabilities string
}

// helpKeyOf is r's key, and whether its card may be shared: not when it
// repeats what was typed or names the person's account, nor while a test
// listens to every lookup.
func helpKeyOf(wd *words, r bot.HelpReply) (helpKey, bool) {
	if r.UnknownCommand != "" || r.Connection.Email != "" || wd.heard != nil {
		return helpKey{}, false
	}
	var caps strings.Builder
	for _, c := range r.Connection.Capabilities {
		caps.WriteString(string(c))
		caps.WriteByte(',')
	}
	return helpKey{loc: wd.loc, policy: r.Policy, admin: r.Admin, state: r.Connection.State, capabilities: caps.String()}, true
}

// buildHelpCard is helpCard, built.
func buildHelpCard(wd *words, r bot.HelpReply) CardWithID {
	about, commands, who := wd.helpParagraphs(r.Policy)
	first := paragraphs(about)
	if r.UnknownCommand != "" {
		first = paragraphs(wd.unknownCommand(r.UnknownCommand), about)
	}
	cmds := append(commandRows(commands), Widget{Divider: &Divider{}})
	cmds = append(cmds, paragraphs(who)...)
	sections := append([]Section{{Widgets: first}, {Widgets: cmds}}, helpConnection(wd, r.Connection)...)
	if r.Admin {
		sections = append(sections, Section{Header: wd.text(idHelpAdmins), Widgets: commandRows(wd.adminCommands())})
	}
	card := &Card{Header: &CardHeader{Title: wd.text(idHelpTitle), Subtitle: wd.text(idHelpSubtitle)}, Sections: sections}
	return CardWithID{CardID: cardHelp, Card: card}
}

// welcomeCard greets a space Onboard was just added to, and says that a
// Workspace admin must approve it once.
func welcomeCard(wd *words) CardWithID {
	widgets := append(paragraphs(wd.welcomeParagraphs()...), adminButton(wd))
	card := &Card{
		Header:   &CardHeader{Title: wd.text(idWelcomeTitle), Subtitle: wd.text(idWelcomeSubtitle)},
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
