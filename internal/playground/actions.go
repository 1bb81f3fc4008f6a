package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf16"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
)

// dmSpace is the page's name for the person's direct message with Onboard.
const dmSpace = "dm"

// sendRequest is a message typed on the page.
type sendRequest struct {
	As    string         `json:"as"`    // a person: email, local part or first name
	Space string         `json:"space"` // a space id or display name, or "dm"
	Text  string         `json:"text"`
	Lang  string         `json:"lang"`
	TZ    *demo.TimeZone `json:"tz,omitempty"`
}

// clickRequest is a button clicked on the page: the button's action as
// the card gave it, and the values of the inputs around it.
type clickRequest struct {
	As          string              `json:"as"`
	Space       string              `json:"space"`
	Lang        string              `json:"lang"`
	TZ          *demo.TimeZone      `json:"tz,omitempty"`
	Entry       string              `json:"entry"`  // the message's element id; "" in a dialog
	Dialog      string              `json:"dialog"` // the dialog's id when the button is in one
	Function    string              `json:"function"`
	Parameters  []demo.Param        `json:"parameters"`
	Interaction string              `json:"interaction"` // OPEN_DIALOG
	Form        map[string][]string `json:"form"`
}

// Outcome kinds: what the page does after Onboard answers.
const (
	kindNone    = "none"    // nothing to show
	kindMessage = "message" // a new message (and a dialog it came from closed)
	kindUpdated = "updated" // the clicked message was replaced
	kindConfig  = "config"  // a private "Connect" prompt was shown
	kindDialog  = "dialog"  // open (or replace) the dialog
	kindClosed  = "closed"  // close the dialog, Message as a notice
	kindInvalid = "invalid" // keep the dialog open, Message as its error
	kindError   = "error"   // Onboard did not answer usefully: Message says why
)

// outcome tells the page what Onboard's answer did; the timeline itself
// arrives with the next state.
type outcome struct {
	Kind    string     `json:"kind"`
	Message string     `json:"message,omitempty"`
	Dialog  *dialogOut `json:"dialog,omitempty"`
}

type dialogOut struct {
	ID   string `json:"id"`
	HTML string `json:"html"`
}

// answerTo is what an answer applies to.
type answerTo struct {
	person  chatfake.User
	space   string // spaces/{id}
	arg     string // the page's space argument
	lang    string
	token   string // the pending send of a typed message
	clicked string // the clicked message's entry
	dialog  string // the dialog the click came from
}

func (p *Playground) handleSend(w http.ResponseWriter, r *http.Request) {
	var req sendRequest
	if !decode(w, r, &req) {
		return
	}
	req.Text = strings.TrimSpace(req.Text)
	if req.Text == "" {
		writeJSON(w, http.StatusBadRequest, outcome{Kind: kindError, Message: "type something first"})
		return
	}
	out, code := p.send(r.Context(), req, "", "http://"+r.Host)
	writeJSON(w, code, out)
}

// send delivers req to Onboard as Chat would. msgID is "" for a new
// message, or the id of the message Chat sends again after a
// configuration request (the person's message is then on the page
// already). Every typed message gets a configCompleteRedirectUrl of its
// own: the playground's /playground/complete, which sends it again.
func (p *Playground) send(ctx context.Context, req sendRequest, msgID, origin string) (outcome, int) {
	again := msgID != ""
	if !again {
		msgID = randomID(8)
	}
	lang := pickLanguage(req.Lang)
	token := randomID(16)
	ev, err := demo.BuildMessage(p.world, demo.Typed{Person: req.As, Space: req.Space, DM: req.Space == dmSpace,
		MessageID: msgID, Text: req.Text, Locale: lang, ConfigCompleteURL: origin + "/playground/complete?token=" + token})
	if err != nil {
		return refused(lang, err)
	}
	u, _ := demo.FindPerson(p.world, req.As)
	space := ev["space"].(map[string]any)["name"].(string)
	if !again {
		p.store.add(personEntry(ev, u, space, demo.IsCommand(req.Text)))
	}
	p.store.remember(token, &pendingSend{send: req, msgID: msgID})
	return p.deliver(ctx, ev, answerTo{person: u, space: space, arg: req.Space, lang: lang, token: token})
}

func (p *Playground) handleClick(w http.ResponseWriter, r *http.Request) {
	var req clickRequest
	if !decode(w, r, &req) {
		return
	}
	out, code := p.click(r.Context(), req)
	writeJSON(w, code, out)
}

// click delivers req to Onboard as the CARD_CLICKED Chat sends: from a
// message (echoed), a button that opens a dialog (REQUEST_DIALOG), or a
// dialog's button (SUBMIT_DIALOG, with the message it was opened from).
func (p *Playground) click(ctx context.Context, req clickRequest) (outcome, int) {
	lang := pickLanguage(req.Lang)
	u, err := demo.FindPerson(p.world, req.As)
	if err != nil {
		return refused(lang, err)
	}
	c := demo.Click{Person: req.As, Space: req.Space, DM: req.Space == dmSpace, Function: req.Function,
		Parameters: req.Parameters, Form: req.Form, Locale: lang, TimeZone: req.TZ}
	entryID := req.Entry
	switch {
	case req.Dialog != "":
		d, ok := p.store.dialog(req.Dialog)
		if !ok {
			return refusedBecause(lang, "dialogClosed")
		}
		// A dialog is its opener's, where they opened it.
		c.Dialog, entryID, c.Person, c.Space, c.DM = "SUBMIT_DIALOG", d.Entry, d.Person, d.Space, d.Space == dmSpace
	case req.Interaction == "OPEN_DIALOG":
		c.Dialog = "REQUEST_DIALOG"
	}
	var space string
	if entryID != "" {
		e, ok := p.store.entry(entryID)
		if !ok {
			return refusedBecause(lang, "messageGone")
		}
		c.Message, space = p.echo(e), e.Space
	}
	ev, err := demo.BuildClick(p.world, c)
	if err != nil {
		return refused(lang, err)
	}
	if space == "" {
		space = ev["space"].(map[string]any)["name"].(string)
	}
	return p.deliver(ctx, ev, answerTo{person: u, space: space, arg: req.Space, lang: lang,
		clicked: entryID, dialog: req.Dialog})
}

// refusedBecause is a request the page should not have sent, or no longer can:
// the message key of why, in lang.
func refusedBecause(lang, key string, named ...any) (outcome, int) {
	return outcome{Kind: kindError, Message: tr(lang, key, named...)}, http.StatusBadRequest
}

// refused is a message or click that names a person or space the demo's
// world does not have (a mistyped @mention), said in lang.
func refused(lang string, err error) (outcome, int) {
	var person *demo.UnknownPersonError
	var space *demo.UnknownSpaceError
	switch {
	case errors.As(err, &person):
		return refusedBecause(lang, "unknownPerson", "Who", person.Who,
			"Known", strings.Join(person.Known, tr(lang, "list.separator")))
	case errors.As(err, &space):
		return refusedBecause(lang, "unknownSpace", "Space", space.Arg)
	}
	return refusedBecause(lang, "cannotSend")
}

// complete is where the person's browser lands after a configuration
// request (the configCompleteRedirectUrl): as Chat does, it clears the
// prompt and sends the original message again, then shows the page.
// Each link works once.
func (p *Playground) complete(w http.ResponseWriter, r *http.Request) {
	ps, ok := p.store.claim(r.URL.Query().Get("token"))
	if !ok {
		http.Error(w, tr(pickLanguage(r.URL.Query().Get("lang")), "linkUnknown"), http.StatusBadRequest)
		return
	}
	if ps.prompt != "" {
		p.store.remove(ps.prompt)
	}
	p.send(r.Context(), ps.send, ps.msgID, "http://"+r.Host)
	back := url.Values{"as": {ps.send.As}, "space": {ps.send.Space}, "lang": {pickLanguage(ps.send.Lang)}}
	http.Redirect(w, r, "/playground?"+back.Encode(), http.StatusSeeOther)
}

// deliver posts ev to Onboard, signed as Chat signs it, and applies the
// answer.
func (p *Playground) deliver(ctx context.Context, ev map[string]any, to answerTo) (outcome, int) {
	reply, err := p.onboard.Send(ctx, ev)
	if err != nil {
		var se *demo.StatusError
		msg := tr(to.lang, "notResponding")
		if errors.As(err, &se) {
			msg = tr(to.lang, "refusedEvent", "Status", fmt.Sprintf("%d %s", se.Code, http.StatusText(se.Code)))
			p.log.WarnContext(ctx, "playground: Onboard refused an event", "status", se.Code) // not its body
		} else {
			p.log.WarnContext(ctx, "playground: Onboard did not answer", "error", err)
		}
		return outcome{Kind: kindError, Message: msg}, http.StatusBadGateway
	}
	return p.apply(reply, to), http.StatusOK
}

// personEntry is what a person typed, as the timeline shows it: Chat's
// text (mentions as @Display Name) with the mentions marked. A slash
// command is visible only to the person who typed it and Onboard
// (https://developers.google.com/workspace/chat/commands).
func personEntry(ev map[string]any, u chatfake.User, space string, command bool) *entry {
	msg := ev["message"].(map[string]any)
	e := &entry{Space: space, Name: msg["name"].(string), Author: u, Text: msg["text"].(string)}
	if command {
		e.Viewer = "users/" + u.ID
	}
	anns, _ := msg["annotations"].([]any)
	for _, a := range anns {
		m, _ := a.(map[string]any)
		if m["type"] != "USER_MENTION" {
			continue
		}
		start, _ := m["startIndex"].(int)
		length, _ := m["length"].(int)
		e.Mentions = append(e.Mentions, runeSpan(e.Text, start, length))
	}
	return e
}

// runeSpan turns a UTF-16 start and length (Chat's indices) into rune
// offsets in text.
func runeSpan(text string, start, length int) span {
	out := span{Start: -1}
	units := 0
	for i, r := range []rune(text) {
		if units == start {
			out.Start = i
		}
		if units == start+length {
			out.End = i
			return out
		}
		units += len(utf16.Encode([]rune{r}))
	}
	if units == start+length {
		out.End = len([]rune(text))
	}
	return out
}

// echo is the message a card is on, as Chat echoes it in CARD_CLICKED:
// Onboard's message with its name, sender (the app) and space.
func (p *Playground) echo(e entry) map[string]any {
	m := map[string]any{}
	_ = json.Unmarshal(e.Raw, &m)
	m["name"] = e.Name
	m["sender"] = map[string]any{"name": "users/" + p.world.App.ID, "displayName": p.world.App.DisplayName, "type": "BOT"}
	m["space"] = map[string]any{"name": e.Space}
	m["createTime"] = e.At.UTC().Format("2006-01-02T15:04:05.000000Z")
	return m
}
