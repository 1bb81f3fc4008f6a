package playground

import (
	"net/http"
	"strings"
	"testing"
)

// A button with interaction OPEN_DIALOG asks for a dialog; the dialog's
// submit is SUBMIT_DIALOG with its inputs; INVALID_ARGUMENT keeps it
// open with Onboard's words; OK closes it.
func TestDialog(t *testing.T) {
	h := newHarness(t)
	h.answers(func(map[string]any) any {
		return cardMsg("Invite", buttonWidget("Invite people…", "openInvite", map[string]any{"interaction": "OPEN_DIALOG"}))
	})
	h.send("sam", platform, "hello")
	entries := h.state("sam", platform).Entries
	origin := entries[1].ID
	h.answers(func(map[string]any) any {
		return map[string]any{"actionResponse": map[string]any{"type": "DIALOG", "dialogAction": map[string]any{
			"dialog": map[string]any{"body": map[string]any{"header": map[string]any{"title": "Invite people"},
				"sections": []any{map[string]any{"widgets": []any{map[string]any{"selectionInput": map[string]any{
					"name": "people", "label": "People", "type": "MULTI_SELECT",
					"platformDataSource": map[string]any{"commonDataSource": "USER"}}}}}},
				"fixedFooter": map[string]any{"primaryButton": map[string]any{"text": "Invite",
					"onClick": map[string]any{"action": map[string]any{"function": "submitInvite"}}}}}}}}}
	})
	out := h.click(clickRequest{As: "sam", Space: platform, Entry: origin, Function: "openInvite", Interaction: "OPEN_DIALOG"})
	if get(h.last(), "dialogEventType") != "REQUEST_DIALOG" || get(h.last(), "isDialogEvent") != true {
		t.Errorf("opening sent dialogEventType %v, isDialogEvent %v", get(h.last(), "dialogEventType"), get(h.last(), "isDialogEvent"))
	}
	if out.Kind != kindDialog || out.Dialog == nil || !strings.Contains(out.Dialog.HTML, `value="`+alice+`"`) {
		t.Fatalf("outcome %+v, want a dialog with a people picker", out)
	}
	dialogID := out.Dialog.ID
	status := func(code, text string) func(map[string]any) any {
		return func(map[string]any) any {
			return map[string]any{"actionResponse": map[string]any{"type": "DIALOG", "dialogAction": map[string]any{
				"actionStatus": map[string]any{"statusCode": code, "userFacingMessage": text}}}}
		}
	}
	h.answers(status("INVALID_ARGUMENT", "Pick at least two people"))
	out = h.click(clickRequest{As: "sam", Space: platform, Dialog: dialogID, Function: "submitInvite",
		Form: map[string][]string{"people": {alice}}})
	if out.Kind != kindInvalid || out.Message != "Pick at least two people" {
		t.Errorf("outcome %+v, want the dialog kept open with Onboard's words", out)
	}
	h.answers(status("OK", "2 people invited"))
	out = h.click(clickRequest{As: "sam", Space: platform, Dialog: dialogID, Function: "submitInvite",
		Form: map[string][]string{"people": {alice, bob}}})
	ev := h.last()
	if get(ev, "dialogEventType") != "SUBMIT_DIALOG" || get(ev, "isDialogEvent") != true || get(ev, "action.actionMethodName") != "submitInvite" {
		t.Errorf("submit sent %v %v %v", get(ev, "dialogEventType"), get(ev, "isDialogEvent"), get(ev, "action.actionMethodName"))
	}
	if got := get(ev, "common.formInputs.people.stringInputs.value").([]any); len(got) != 2 || got[0] != alice || got[1] != bob {
		t.Errorf("people = %v", got)
	}
	if name, _ := get(ev, "message.name").(string); name == "" {
		t.Error("the submit does not carry the message the dialog was opened from")
	}
	if out.Kind != kindClosed || out.Message != "2 people invited" {
		t.Errorf("outcome %+v, want closed with Onboard's words", out)
	}
	if code, _ := h.post("/playground/api/click", clickRequest{As: "sam", Space: platform, Dialog: dialogID, Function: "submitInvite"}); code != http.StatusBadRequest {
		t.Errorf("submitting a closed dialog: %d, want 400", code)
	}
}

// REQUEST_CONFIG shows the person a private prompt with a Connect link;
// landing on the message's configCompleteRedirectUrl clears it and sends
// the same message again, as Chat does; the link works once.
func TestRequestConfigThenCompletionSendsTheMessageAgain(t *testing.T) {
	h := newHarness(t)
	h.answers(func(map[string]any) any {
		return map[string]any{"actionResponse": map[string]any{"type": "REQUEST_CONFIG", "url": "https://accounts.example.com/consent?x=1"}}
	})
	if out := h.send("sam", platform, "/invite group:eng@example.com"); out.Kind != kindConfig {
		t.Fatalf("outcome %+v, want config", out)
	}
	first := h.last()
	sam := h.state("sam", platform).Entries
	if len(sam) != 2 || !strings.Contains(sam[1].HTML, `href="https://accounts.example.com/consent?x=1"`) ||
		!strings.Contains(plainText(sam[1].HTML), "Connect") {
		t.Fatalf("sam sees %+v, want a Connect prompt", sam)
	}
	if got := h.timeline("dave", platform); len(got) != 0 {
		t.Errorf("dave sees %q", got)
	}
	h.answers(func(map[string]any) any { return cardMsg("Invite results") })
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	completeURL := first["configCompleteRedirectUrl"].(string)
	resp, err := noRedirect.Get(completeURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/playground?") {
		t.Errorf("completion answered %d %q, want 303 back to the page", resp.StatusCode, resp.Header.Get("Location"))
	}
	again := h.last()
	if get(again, "message.name") != get(first, "message.name") || get(again, "message.text") != get(first, "message.text") {
		t.Errorf("sent again %v %v, want the same message", get(again, "message.name"), get(again, "message.text"))
	}
	got := h.timeline("sam", platform)
	if len(got) != 2 || strings.Contains(got[1], "Connect") || !strings.Contains(got[1], "Invite results") {
		t.Errorf("after completing, sam sees %q", got)
	}
	resp, err = noRedirect.Get(completeURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("the link used twice answered %d, want 400", resp.StatusCode)
	}
}
