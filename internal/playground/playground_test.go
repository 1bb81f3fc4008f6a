package playground

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/internal/chatapi"
	"github.com/onboard-chat/onboard/internal/demo"
)

const (
	platform = "AAAAonbrd01"
	sam      = "users/111111111111111111111"
	alice    = "users/222222222222222222222"
	bob      = "users/333333333333333333333"
)

// What a person types becomes the event Chat sends — signed so that
// Onboard's own verifier accepts it, the mention a USER_MENTION, the
// command a slash command, the page's language the userLocale — with a
// configCompleteRedirectUrl of the playground's own.
func TestTypedMessageIsChatsEvent(t *testing.T) {
	h := newHarness(t)
	code, _ := h.post("/playground/api/send", sendRequest{As: "sam", Space: platform,
		Text: "/invite @Alice Ng carol@example.com", Lang: "zh-TW"})
	if code != http.StatusOK {
		t.Fatalf("send: %d", code)
	}
	ev := h.last()
	for path, want := range map[string]any{
		"type": "MESSAGE", "user.name": sam, "space.name": "spaces/" + platform, "common.userLocale": "zh-TW",
		"message.text": "/invite @Alice Ng carol@example.com", "message.argumentText": " @Alice Ng carol@example.com",
		"appCommandMetadata.appCommandId": float64(1), "message.slashCommand.commandId": "1",
	} {
		if got := get(ev, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	var mention map[string]any
	for _, a := range get(ev, "message.annotations").([]any) {
		if get(a, "type") == "USER_MENTION" {
			mention = a.(map[string]any)
		}
	}
	if get(mention, "userMention.user.name") != alice || get(mention, "startIndex") != float64(8) || get(mention, "length") != float64(9) {
		t.Errorf("mention annotation %v, want Alice at 8 for 9", mention)
	}
	if u, _ := ev["configCompleteRedirectUrl"].(string); !strings.HasPrefix(u, h.url+"/playground/complete?token=") {
		t.Errorf("configCompleteRedirectUrl %q, want the playground's own", u)
	}
	// A slash command is seen by the person who typed it only.
	if got := h.timeline("sam", platform); len(got) != 1 || !strings.Contains(got[0], "Only visible to you") {
		t.Errorf("sam sees %q", got)
	}
	if got := h.timeline("dave", platform); len(got) != 0 {
		t.Errorf("dave sees %q, want nothing", got)
	}
}

// An unknown @name or person is the page's to explain, and reaches
// Onboard not at all.
func TestUnknownMentionIsRefusedOnThePage(t *testing.T) {
	h := newHarness(t)
	code, out := h.post("/playground/api/send", sendRequest{As: "sam", Space: platform, Text: "/invite @nobody"})
	if code != http.StatusBadRequest || out.Kind != kindError || !strings.Contains(out.Message, "nobody") {
		t.Errorf("got %d %+v, want 400 naming nobody", code, out)
	}
	if n := h.eventCount(); n != 0 {
		t.Errorf("Onboard received %d events", n)
	}
}

// An event the playground signs with another key is what Onboard refuses,
// and the page says Onboard did not answer.
func TestOnboardRefusingTheTokenIsShown(t *testing.T) {
	h := newHarness(t)
	h.p.onboard.Audience = "https://elsewhere.example.com/"
	code, out := h.post("/playground/api/send", sendRequest{As: "sam", Space: platform, Text: "/help"})
	if code != http.StatusBadGateway || out.Kind != kindError || !strings.Contains(out.Message, "Unauthorized") {
		t.Errorf("got %d %+v, want 502 saying Unauthorized", code, out)
	}
}

// A private answer is shown, marked, to its viewer alone.
func TestPrivateMessageOnlyForItsViewer(t *testing.T) {
	h := newHarness(t)
	h.answers(func(map[string]any) any {
		m := cardMsg("Help", map[string]any{"textParagraph": map[string]any{"text": "how to"}})
		m["privateMessageViewer"] = map[string]any{"name": sam}
		return m
	})
	h.send("sam", platform, "hello")
	got := h.timeline("sam", platform)
	if len(got) != 2 || !strings.Contains(got[1], "Only visible to you") || !strings.Contains(got[1], "how to") {
		t.Errorf("sam sees %q", got)
	}
	if got := h.timeline("dave", platform); len(got) != 1 || strings.Contains(got[0], "how to") {
		t.Errorf("dave sees %q, want only sam's message", got)
	}
}

// A click is CARD_CLICKED as Chat sends it: the function as
// actionMethodName and invokedFunction, the parameters as a list and a
// map, the card's inputs in formInputs, the clicked message echoed.
func TestClickIsChatsCardClicked(t *testing.T) {
	h := newHarness(t)
	h.answers(func(map[string]any) any {
		return cardMsg("Results", map[string]any{"textInput": map[string]any{"name": "note", "label": "Note"}},
			buttonWidget("Undo", "undo", map[string]any{"parameters": []any{map[string]any{"key": "batch", "value": "b1"}}}))
	})
	h.send("sam", platform, "/invite @alice")
	entries := h.state("sam", platform).Entries
	msgEntry := entries[len(entries)-1].ID
	h.answers(func(map[string]any) any { return map[string]any{} })
	h.click(clickRequest{As: "sam", Space: platform, Entry: msgEntry, Function: "undo",
		Parameters: []demo.Param{{Key: "batch", Value: "b1"}}, Form: map[string][]string{"note": {"typed"}}})
	ev := h.last()
	for path, want := range map[string]any{
		"type": "CARD_CLICKED", "user.name": sam, "action.actionMethodName": "undo",
		"common.invokedFunction": "undo", "common.parameters.batch": "b1", "message.sender.type": "BOT",
		"common.userLocale": "en", "space.name": "spaces/" + platform,
	} {
		if got := get(ev, path); got != want {
			t.Errorf("%s = %v, want %v", path, got, want)
		}
	}
	if got := get(ev, "action.parameters").([]any); len(got) != 1 || get(got[0], "key") != "batch" || get(got[0], "value") != "b1" {
		t.Errorf("action.parameters = %v", got)
	}
	if got := get(ev, "common.formInputs.note.stringInputs.value").([]any); len(got) != 1 || got[0] != "typed" {
		t.Errorf("formInputs.note = %v", got)
	}
	if name, _ := get(ev, "message.name").(string); !strings.HasPrefix(name, "spaces/"+platform+"/messages/") {
		t.Errorf("message.name = %q", name)
	}
	if get(ev, "message.cardsV2") == nil {
		t.Error("the clicked card is not echoed")
	}
	if ev["isDialogEvent"] != nil {
		t.Error("a plain click says it is a dialog event")
	}
}

// UPDATE_MESSAGE replaces the card that was clicked, in place.
func TestUpdateMessageReplacesTheClickedCard(t *testing.T) {
	h := newHarness(t)
	h.answers(func(map[string]any) any { return cardMsg("Before", buttonWidget("Go", "go", nil)) })
	h.send("sam", platform, "hello")
	before := h.state("sam", platform).Entries
	clicked := before[1]
	h.answers(func(map[string]any) any {
		m := cardMsg("After")
		m["actionResponse"] = map[string]any{"type": "UPDATE_MESSAGE"}
		return m
	})
	if out := h.click(clickRequest{As: "sam", Space: platform, Entry: clicked.ID, Function: "go"}); out.Kind != kindUpdated {
		t.Fatalf("outcome %+v, want updated", out)
	}
	after := h.state("sam", platform).Entries
	if len(after) != 2 || after[1].ID != clicked.ID || after[1].Rev != clicked.Rev+1 {
		t.Fatalf("entries %+v, want the clicked one replaced", after)
	}
	if txt := plainText(after[1].HTML); !strings.Contains(txt, "After") || strings.Contains(txt, "Before") {
		t.Errorf("replaced card reads %q", txt)
	}
}

// Messages Onboard posts through the Chat API appear, and change when it
// edits them, and the page's event stream says so as it happens.
func TestMessagesPostedThroughTheAPIAreLive(t *testing.T) {
	h := newHarness(t)
	api := h.onboardAPI()
	events := h.stream()
	<-events // the current version
	ctx := context.Background()
	progress := func(text string) map[string]any {
		return cardMsg("Onboarding", map[string]any{"textParagraph": map[string]any{"text": text}})
	}
	name, err := api.CreateMessage(ctx, "spaces/"+platform, progress("12 of 40 done"), "")
	if err != nil {
		t.Fatal(err)
	}
	waitEvent(t, events)
	got := h.state("dave", platform).Entries
	if len(got) != 1 || !strings.Contains(plainText(got[0].HTML), "12 of 40 done") {
		t.Fatalf("after the post, dave sees %+v", got)
	}
	if err := api.PatchMessage(ctx, name, progress("40 of 40 done"), "cardsV2"); err != nil {
		t.Fatal(err)
	}
	waitEvent(t, events)
	after := h.state("dave", platform).Entries
	if len(after) != 1 || after[0].ID != got[0].ID || !strings.Contains(plainText(after[0].HTML), "40 of 40 done") {
		t.Errorf("after the edit, dave sees %+v", after)
	}
}

// onboardAPI is a Chat API client with Onboard's credentials: it does what
// Onboard does through the API.
func (h *harness) onboardAPI() *chatapi.Client {
	key := filepath.Join(h.t.TempDir(), "sa.json")
	if err := h.fake.WriteServiceAccountKey(key); err != nil {
		h.t.Fatal(err)
	}
	api, err := chatapi.New(context.Background(), chatapi.Options{Endpoint: h.fake.URL + "/", CredentialsFile: key})
	if err != nil {
		h.t.Fatal(err)
	}
	return api
}

// stream reads the page's event stream, one value per event.
func (h *harness) stream() <-chan string {
	ctx, cancel := context.WithCancel(context.Background())
	h.t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.url+"/playground/api/stream", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	out := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		s := bufio.NewScanner(resp.Body)
		for s.Scan() {
			if v, ok := strings.CutPrefix(s.Text(), "data: "); ok {
				out <- v
			}
		}
	}()
	return out
}

func waitEvent(t *testing.T, events <-chan string) {
	t.Helper()
	select {
	case <-events:
	case <-time.After(10 * time.Second):
		t.Fatal("no event on the stream within 10 s")
	}
}

// The side panel lists the space's members with their state and role,
// and Onboard's calls, from chatfake.
func TestSidePanel(t *testing.T) {
	h := newHarness(t)
	members := plainText(h.state("sam", platform).Members)
	for _, want := range []string{"Onboard App", "Sam Rivera sam@example.com Joined Manager", "Dave Kim dave@example.com Joined Member"} {
		if !strings.Contains(members, want) {
			t.Errorf("members %q lack %q", members, want)
		}
	}
	if strings.Contains(members, "Bob") {
		t.Errorf("members %q include Bob before he is invited", members)
	}
	api := h.onboardAPI()
	if _, err := api.AddMember(context.Background(), "spaces/"+platform, "users/bob@example.com"); err != nil {
		t.Fatal(err)
	}
	st := h.state("sam", platform)
	if members := plainText(st.Members); !strings.Contains(members, "Bob Ortiz bob@example.com Invited Member") {
		t.Errorf("after the invitation, members read %q", members)
	}
	if calls := plainText(st.Calls); !strings.HasPrefix(calls, "members.create 200 Platform Team") {
		t.Errorf("calls read %q, want the invitation first", calls)
	}
}

// The playground answers this computer only, refuses posts from other
// origins and anything but JSON, and keeps its page to itself.
func TestGuard(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, method, remote, host, origin, ctype string
		want                                      int
	}{
		{"loopback", "GET", "127.0.0.1:5000", "127.0.0.1:8080", "", "", http.StatusOK},
		{"localhost", "GET", "[::1]:5000", "localhost:8080", "", "", http.StatusOK},
		{"another computer", "GET", "10.0.0.7:5000", "127.0.0.1:8080", "", "", http.StatusForbidden},
		{"a rebinding name", "GET", "127.0.0.1:5000", "evil.example:8080", "", "", http.StatusForbidden},
		{"a post from another origin", "POST", "127.0.0.1:5000", "127.0.0.1:8080", "http://evil.example", "application/json", http.StatusForbidden},
		{"a form post", "POST", "127.0.0.1:5000", "127.0.0.1:8080", "", "application/x-www-form-urlencoded", http.StatusUnsupportedMediaType},
		{"a post from the page", "POST", "127.0.0.1:5000", "127.0.0.1:8080", "http://127.0.0.1:8080", "application/json", http.StatusBadRequest},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "/playground"
			if tc.method == "POST" {
				path = "/playground/api/send"
			}
			req := httptest.NewRequest(tc.method, path, strings.NewReader(`{"as":"sam","text":""}`))
			req.RemoteAddr, req.Host = tc.remote, tc.host
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			rec := httptest.NewRecorder()
			h.p.Mount(http.NotFoundHandler()).ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Errorf("%s %s: %d, want %d", tc.method, path, rec.Code, tc.want)
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
				t.Errorf("Content-Security-Policy %q", csp)
			}
		})
	}
	// Everything else is Onboard's.
	rec := httptest.NewRecorder()
	h.p.Mount(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/playgroundx", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("/playgroundx: %d, want Onboard's 404", rec.Code)
	}
	// The templates beside the script are not served.
	for path, want := range map[string]int{"/playground/assets/app.js": 200, "/playground/assets/app.css": 200, "/playground/assets/page.html": 404} {
		resp, err := http.Get(h.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
		}
	}
}

// Reading the page's state changes nothing, so a page that refreshes
// when told of a change is not told again by its own refresh.
func TestReadingTheStateChangesNothing(t *testing.T) {
	h := newHarness(t)
	h.answers(func(map[string]any) any { return cardMsg("Hello") })
	h.send("sam", platform, "hello")
	if _, err := h.onboardAPI().CreateMessage(context.Background(), "spaces/"+platform, cardMsg("Posted"), ""); err != nil {
		t.Fatal(err)
	}
	first := h.state("sam", platform).Version
	if again := h.state("sam", platform).Version; again != first {
		t.Errorf("version %d after reading, %d before", again, first)
	}
}
