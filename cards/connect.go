package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// The answers about a person's own Google account: the request to connect
// it, what it is connected as, and the line /help shows.

const (
	cardConnect    = "onboard-connect"
	cardConnection = "onboard-connection"

	idConnectTitle        msgID = "connect.title"
	idConnectWhy          msgID = "connect.why"
	idConnectWhyAdmin     msgID = "connect.why.admin"
	idConnectClickAgain   msgID = "connect.clickAgain"
	idConnectButton       msgID = "connect.button"
	idConnectText         msgID = "connect.text"
	idConnectionTitle     msgID = "connection.title"
	idConnectedAs         msgID = "connection.connectedAs"
	idConnectedCan        msgID = "connection.can"
	idConnectionHowToStop msgID = "connection.howToStop"
	idDisconnected        msgID = "connection.disconnected"
	idNotConnected        msgID = "connection.notConnected"
	idNotConfigured       msgID = "connection.notConfigured"
	idConnectHowTo        msgID = "connection.howTo"
	idCanAddPeople        msgID = "capability.addPeople"
	idCanAddOnboard       msgID = "capability.addOnboard"
	idCanFindGroups       msgID = "capability.findGroups"
	idCanAdmin            msgID = "capability.admin"
	idHelpConnection      msgID = "help.connection"
)

// connectMessage asks the person to connect: after a message, Chat's own
// private configuration request (text and cards in it would be ignored);
// after a click, which Chat cannot send again, a private card with the
// link and what to do once connected.
func connectMessage(wd *words, r bot.ConnectReply) Message {
	if !r.Click {
		return Message{ActionResponse: &ActionResponse{Type: actionRequestConfig, URL: r.URL}}
	}
	why := idConnectWhy
	if r.Admin {
		why = idConnectWhyAdmin
	}
	widgets := paragraphs(wd.text(why), wd.text(idConnectClickAgain))
	widgets = append(widgets, Widget{ButtonList: &ButtonList{Buttons: []Button{{Text: wd.text(idConnectButton),
		OnClick: &OnClick{OpenLink: &OpenLink{URL: r.URL}}}}}})
	card := &Card{Header: &CardHeader{Title: wd.text(idConnectTitle)}, Sections: []Section{{Widgets: widgets}}}
	text := wd.text(idConnectText)
	return Message{Text: text, FallbackText: text, CardsV2: []CardWithID{{CardID: cardConnect, Card: card}},
		PrivateMessageViewer: &User{Name: r.Actor.Name}}
}

// connectionCard is /connect's "connected as …" and /disconnect's answer.
func connectionCard(wd *words, r bot.ConnectionReply) (CardWithID, string) {
	var paras []string
	switch {
	case r.Problem == bot.ReasonNotAdmin: // /connect --admin by someone not an Onboard admin
		paras = []string{wd.text(idAdminAccessNotAdmin)}
	case r.Problem != "":
		paras, _ = wd.commandProblemWords(r.Problem)
	default:
		paras = wd.connectionParagraphs(r.Status)
	}
	title := wd.text(idConnectionTitle)
	card := &Card{Header: &CardHeader{Title: title}, Sections: []Section{{Widgets: paragraphs(paras...)}}}
	return CardWithID{CardID: cardConnection, Card: card}, title
}

// connectionParagraphs say what Onboard holds of the person's own
// authority, as card HTML.
func (wd *words) connectionParagraphs(s bot.ConnectionStatus) []string {
	switch s.State {
	case bot.Connected:
		out := []string{wd.with(idConnectedAs, vars{"Email": html.EscapeString(clip(s.Email, maxWordRunes))})}
		if can := wd.capabilities(s.Capabilities); can != "" {
			out = append(out, wd.with(idConnectedCan, vars{"List": can}))
		}
		return append(out, wd.text(idConnectionHowToStop))
	case bot.Disconnected:
		return []string{wd.text(idDisconnected)}
	case bot.NotConfigured:
		return []string{wd.text(idNotConfigured)}
	}
	return []string{wd.text(idNotConnected), wd.text(idConnectHowTo)}
}

// capabilities lists what a grant lets Onboard do, in the reader's words.
func (wd *words) capabilities(cs []bot.Capability) string {
	ids := map[bot.Capability]msgID{bot.CanAddPeople: idCanAddPeople, bot.CanAddOnboard: idCanAddOnboard,
		bot.CanFindGroups: idCanFindGroups, bot.CanAdmin: idCanAdmin}
	var pieces []string
	for _, c := range cs {
		if id, ok := ids[c]; ok {
			pieces = append(pieces, wd.text(id))
		}
	}
	return wd.join(pieces...)
}

// helpConnection is /help's section about the person's own account; nil
// when this deployment connects none.
func helpConnection(wd *words, s bot.ConnectionStatus) []Section {
	if s.State == bot.NotConfigured || s.State == "" {
		return nil
	}
	return []Section{{Header: wd.text(idHelpConnection), Widgets: paragraphs(wd.connectionParagraphs(s)...)}}
}
