package e2e

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/demo"
)

// typed is the classic event of person typing text in space with
// common.userLocale set to locale, as Chat sends it for a person whose
// Chat is in that language.
func typed(t *testing.T, o *onboard, person, space, locale, text string) []byte {
	t.Helper()
	ev, err := demo.BuildMessage(o.world, demo.Typed{Person: person, Space: space, Text: text, Locale: locale})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readable is everything a person reads on a reply: its text, and each
// card's titles, labels, texts and button texts, one per line.
func readable(t *testing.T, body []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("reply is not JSON: %v: %s", err, body)
	}
	var lines []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			keys := slices.Sorted(maps.Keys(v)) // the same reading every run
			for _, k := range keys {
				x := v[k]
				switch s, ok := x.(string); {
				case ok && (k == "text" || k == "title" || k == "subtitle" || k == "topLabel" || k == "bottomLabel" || k == "label"):
					lines = append(lines, s)
				default:
					walk(x)
				}
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return strings.Join(lines, "\n")
}

// ask posts what person types in space with locale and returns the reply
// as read.
func (o *onboard) ask(t *testing.T, person, locale, text string) reply {
	t.Helper()
	status, body := o.post(o.urlToken(), typed(t, o, person, "AAAAonbrd01", locale, text))
	if status != 200 {
		t.Fatalf("%s as %s (%s): status %d: %s", text, person, locale, status, body)
	}
	return readReply(t, body, false)
}

// wantCard checks a reply's first card title, who sees it, and words its
// reader must and must not read.
func wantCard(t *testing.T, what string, r reply, private bool, title string, has, hasNot []string) {
	t.Helper()
	text := readable(t, r.Raw)
	if r.Private != private || len(r.Titles) == 0 || r.Titles[0] != title {
		t.Errorf("%s: private=%v titles %q, want private=%v %q\n%s", what, r.Private, r.Titles, private, title, text)
	}
	for _, w := range has {
		if !strings.Contains(text, w) {
			t.Errorf("%s: does not read %q:\n%s", what, w, text)
		}
	}
	for _, w := range hasNot {
		if strings.Contains(text, w) {
			t.Errorf("%s: reads %q:\n%s", what, w, text)
		}
	}
}

// A person whose Chat is in Traditional Chinese reads Onboard in it, one
// whose Chat is in English reads English in the same space; a space set
// to zh-TW gets its public results in zh-TW whoever asks, while each
// asker's private replies stay in their own language.
func TestRepliesInTheReadersLanguage(t *testing.T) {
	o := start(t, "url")

	// dave is a plain member of Platform Team, where only managers invite.
	wantCard(t, "zh-TW /help", o.ask(t, "dave", "zh-TW", "/help"), true, "Onboard 說明",
		[]string{"將使用者新增至 Chat 聊天室", "/invite"}, []string{"Onboard help", "Adds people", "Chat spaces"})
	wantCard(t, "zh-TW refusal", o.ask(t, "dave", "zh-TW", "/invite @carol"), true, "未執行任何操作",
		[]string{"聊天室管理員"}, []string{"Nothing was done", "manager"})
	wantCard(t, "en /help", o.ask(t, "dave", "en", "/help"), true, "Onboard help",
		[]string{"Adds people to Chat spaces"}, []string{"說明", "聊天室"})
	wantCard(t, "en refusal", o.ask(t, "dave", "en", "/invite @carol"), true, "Nothing was done",
		[]string{"manager"}, []string{"未執行任何操作"})
	if n := o.creates(); n != 0 {
		t.Fatalf("refusals made %d members.create calls", n)
	}

	// sam, a space manager whose Chat is in English, sets the space's
	// language; then his result card, which everyone there reads, is in
	// zh-TW, and what only he reads stays English.
	r := o.ask(t, "sam", "en", "/settings locale=zh-TW")
	wantCard(t, "en asker's /settings", r, true, "Onboard settings", []string{"Saved.", "Onboard settings saved"}, []string{"設定"})
	if got := r.Rows["中文（台灣）"]; got != "Language of results — Set for this space" {
		t.Errorf("the settings card's language row reads %q", got)
	}
	wantCard(t, "public result in a zh-TW space", o.ask(t, "sam", "en", "/invite @carol"), false, "邀請結果",
		[]string{"Carol Diaz"}, []string{"Invite results", "Added"})
	if st := o.state(platform, "users/444444444444444444444"); st != "JOINED" {
		t.Errorf("carol is %q, want JOINED", st)
	}
	wantCard(t, "en asker's /help in a zh-TW space", o.ask(t, "sam", "en", "/help"), true, "Onboard help",
		[]string{"Adds people to Chat spaces"}, []string{"說明", "聊天室"})
	wantCard(t, "en refusal in a zh-TW space", o.ask(t, "dave", "en", "/invite @alice"), true, "Nothing was done",
		nil, []string{"未執行任何操作"})
}

// In the add-on envelope the person's language is
// commonEventObject.userLocale: a zh-TW person's /help reads in zh-TW there
// too.
func TestAddonRepliesInTheReadersLanguage(t *testing.T) {
	o := start(t, "url", "CHAT_ADDON_SERVICE_ACCOUNT=service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com")
	tok, err := o.fake.MintAddonToken(o.world.EndpointURL)
	if err != nil {
		t.Fatal(err)
	}
	status, body := o.post(tok, addonEvent(t, typed(t, o, "dave", "AAAAonbrd01", "zh-TW", "/help")))
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	wantCard(t, "add-on zh-TW /help", readReply(t, body, true), true, "Onboard 說明",
		[]string{"將使用者新增至 Chat 聊天室"}, []string{"Onboard help"})
}
