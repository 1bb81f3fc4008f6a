package playground

import (
	"encoding/json"
)

// apply does with Onboard's synchronous answer what Chat does with it
// (docs/chat-platform.md §3.3; actionResponse in
// https://developers.google.com/workspace/chat/api/reference/rest/v1/spaces.messages#actionresponse).
func (p *Playground) apply(raw []byte, to answerTo) outcome {
	var m message
	if err := json.Unmarshal(raw, &m); err != nil {
		return outcome{Kind: kindError, Message: "Onboard's answer is not a Chat message"}
	}
	kind := ""
	if m.ActionResponse != nil {
		kind = m.ActionResponse.Type
	}
	switch kind {
	case "", "NEW_MESSAGE":
		return p.newMessage(&m, raw, to)
	case "UPDATE_MESSAGE":
		if to.clicked != "" && p.store.replace(to.clicked, &m, raw) {
			p.closeDialog(to)
			return outcome{Kind: kindUpdated}
		}
		return p.newMessage(&m, raw, to)
	case "REQUEST_CONFIG":
		// Chat shows the person a private prompt; text and cards are
		// ignored (docs/chat-platform.md §10).
		id := p.store.add(&entry{Space: to.space, Viewer: "users/" + to.person.ID, ConfigURL: m.ActionResponse.URL})
		p.store.setPrompt(to.token, id)
		return outcome{Kind: kindConfig}
	case "DIALOG":
		return p.applyDialog(m.ActionResponse.DialogAction, to)
	}
	return outcome{Kind: kindError, Message: "the playground does not do actionResponse " + kind}
}

// newMessage posts Onboard's message in the space; an answer to a dialog
// closes it.
func (p *Playground) newMessage(m *message, raw json.RawMessage, to answerTo) outcome {
	closed := p.closeDialog(to)
	if m.empty() {
		if closed {
			return outcome{Kind: kindClosed}
		}
		return outcome{Kind: kindNone}
	}
	e := &entry{Space: to.space, Name: to.space + "/messages/pg-" + randomID(6), Msg: m, Raw: raw}
	if m.PrivateMessageViewer != nil {
		e.Viewer = m.PrivateMessageViewer.Name
	}
	p.store.add(e)
	if closed {
		return outcome{Kind: kindClosed}
	}
	return outcome{Kind: kindMessage}
}

func (p *Playground) closeDialog(to answerTo) bool {
	if to.dialog == "" {
		return false
	}
	p.store.closeDialog(to.dialog)
	return true
}

// applyDialog opens or updates a dialog with its body, or closes it on
// actionStatus OK; any other status keeps it open with
// userFacingMessage as its error (docs/chat-platform.md §11).
func (p *Playground) applyDialog(da *dialogAction, to answerTo) outcome {
	switch {
	case da != nil && da.Dialog != nil && da.Dialog.Body != nil:
		id := to.dialog
		if id == "" {
			id = "d" + randomID(8)
			p.store.remember(id, &dialog{ID: id, Person: to.person.Email, Space: to.arg, Entry: to.clicked})
		}
		html, err := bind(to.lang, p.world, to.space, "users/"+to.person.ID).dialog(id, da.Dialog.Body)
		if err != nil {
			return outcome{Kind: kindError, Message: "could not draw the dialog"}
		}
		return outcome{Kind: kindDialog, Dialog: &dialogOut{ID: id, HTML: html}}
	case da != nil && da.ActionStatus != nil:
		st := da.ActionStatus
		if st.StatusCode == "" || st.StatusCode == "OK" {
			p.closeDialog(to)
			return outcome{Kind: kindClosed, Message: st.UserFacingMessage}
		}
		msg := st.UserFacingMessage
		if msg == "" {
			msg = tr(to.lang, "dialogFailed")
		}
		return outcome{Kind: kindInvalid, Message: msg}
	}
	return outcome{Kind: kindError, Message: "a DIALOG answer with neither a dialog nor an actionStatus"}
}
