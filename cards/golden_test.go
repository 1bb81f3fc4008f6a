package cards_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	chat "google.golang.org/api/chat/v1"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden.json from the current cards")

// goldenCase is one message the app can produce.
// Most are a reply; a case with batch set is the progress message of that
// batch, eta left (Progress).
type goldenCase struct {
	name  string
	reply bot.Reply
	batch *bot.Batch
	eta   time.Duration
}

// message is the case's message, rendered by render and progress (Reply
// and Progress, or the same telling which messages they look up).
func (tc goldenCase) message(render func(bot.Reply) cards.Message,
	progress func(bot.Batch, time.Duration) cards.Message) cards.Message {
	if tc.batch != nil {
		return progress(*tc.batch, tc.eta)
	}
	return render(tc.reply)
}

// goldenCases lists every card Onboard can send: each outcome with each of
// its reasons, each refusal, help, welcome, and the large cases.
func goldenCases() []goldenCase {
	cases := []goldenCase{
		{name: "none"},
		{name: "invite-mixed", reply: inviteReply(mixedPeople()...)},
		{name: "invite-own-authority", reply: inviteReply(ownAuthorityPeople()...)},
		{name: "connect-request", reply: bot.ConnectReply{Audience: bot.Audience{Actor: sam, Private: true},
			URL: "https://accounts.google.com/o/oauth2/v2/auth?client_id=x&state=y"}},
		{name: "connect-after-click", reply: bot.ConnectReply{Audience: bot.Audience{Actor: sam, Private: true},
			URL: "https://accounts.google.com/o/oauth2/v2/auth?client_id=x&state=y", Click: true}},
		{name: "connection-connected", reply: bot.ConnectionReply{Audience: bot.Audience{Actor: sam, Private: true},
			Status: bot.ConnectionStatus{State: bot.Connected, Email: "sam@example.com",
				Capabilities: []bot.Capability{bot.CanAddPeople, bot.CanAddOnboard, bot.CanFindGroups}}}},
		{name: "help-admin-connected", reply: bot.HelpReply{Audience: bot.Audience{Actor: sam}, Admin: true,
			Connection: bot.ConnectionStatus{State: bot.NotConnected}}},
		{name: "invite-no-space-name", reply: bot.InviteReply{Report: bot.InviteReport{
			Space: bot.Space{Name: "spaces/AAAAx", Type: bot.SpaceGroupChat}, Actor: sam,
			People: []bot.PersonResult{person(alice, bot.Joined, "")}}}},
		{name: "invite-truncated", reply: bot.InviteReply{Audience: bot.Audience{Actor: sam}, Report: bot.InviteReport{
			Space: bot.Space{Name: platform.Name, DisplayName: worstName}, People: crowd(500, worst),
			Actor: bot.User{Name: sam.Name, DisplayName: worstName}}}},
		{name: "help", reply: bot.HelpReply{Audience: bot.Audience{Actor: sam}}},
		{name: "help-unknown-command", reply: bot.HelpReply{Audience: bot.Audience{Actor: sam}, UnknownCommand: "/onbaord"}},
		{name: "welcome", reply: bot.WelcomeReply{Audience: bot.Audience{Actor: sam}}},
		{name: "welcome-invite", reply: func() bot.Reply {
			r := inviteReply(mixedPeople()...)
			r.Welcome = true
			return r
		}()},
		{name: "refusal-policy-members", reply: refusalReply(platform, bot.Refusal{Reason: bot.ReasonPolicy,
			Role: bot.RoleMember, Policy: bot.PolicyMembers})},
		{name: "refusal-only-you", reply: func() bot.Reply {
			r := refusalReply(platform, bot.Refusal{Reason: bot.ReasonInvoker})
			r.Report.People = []bot.PersonResult{person(bot.Target{User: sam.Name, Display: sam.DisplayName, Mentioned: true},
				bot.Skipped, bot.ReasonInvoker)}
			return r
		}()},
	}
	for _, o := range bot.Outcomes {
		for _, r := range reasonsFor[o] {
			name := "outcome-" + string(o)
			if r != "" {
				name += "-" + string(r)
			}
			cases = append(cases, goldenCase{name: name, reply: inviteReply(person(carol, o, r))})
		}
	}
	for _, r := range refusalReasons {
		space := platform
		if r == bot.ReasonNoSpace || r == bot.ReasonSpaceType {
			space = samDM
		}
		rf := bot.Refusal{Reason: r, Role: bot.RoleMember, Policy: bot.PolicyManagers, Limit: 20, Count: 27}
		cases = append(cases, goldenCase{name: "refusal-" + string(r), reply: refusalReply(space, rf)})
	}
	cases = append(append(append(cases, jobGoldenCases()...), guardGoldenCases()...), dialogGoldenCases()...)
	return append(cases, zhTWCases(cases)...)
}

// zhTWPinned are the goldens also pinned in Traditional Chinese, for
// readers in Taiwan (Asia/Taipei): the results, refusals, dialogs,
// previews, help, progress and settings.
var zhTWPinned = []string{"invite-", "refusal-", "dialog-", "preview-", "help", "progress-", "settings-", "batch-undo",
	"working"}

// zhTWCases are the cases named by zhTWPinned, read in zh-TW in
// Asia/Taipei: testdata/zh-TW.<name>.golden.json.
func zhTWCases(cases []goldenCase) []goldenCase {
	var out []goldenCase
	for _, tc := range cases {
		if !slices.ContainsFunc(zhTWPinned, func(p string) bool { return strings.HasPrefix(tc.name, p) }) {
			continue
		}
		zh := goldenCase{name: "zh-TW." + tc.name, eta: tc.eta}
		if tc.batch != nil {
			b := *tc.batch
			b.Locale, b.TimeZone = "zh-TW", "Asia/Taipei"
			zh.batch = &b
		} else {
			zh.reply = readIn(tc.reply, "zh-TW", "Asia/Taipei")
		}
		out = append(out, zh)
	}
	return out
}

// readIn is r for readers of locale in zone. Every reply embeds its
// bot.Audience, which only bot may change: a test reaches it by
// reflection.
func readIn(r bot.Reply, locale, zone string) bot.Reply {
	v := reflect.New(reflect.TypeOf(r)).Elem()
	v.Set(reflect.ValueOf(r))
	a := v.FieldByName("Audience")
	a.FieldByName("Locale").SetString(locale)
	a.FieldByName("TimeZone").SetString(zone)
	return v.Interface().(bot.Reply)
}

// TestGolden pins every message to testdata/<name>.golden.json and proves
// each golden says exactly what chat/v1 says: it decodes strictly into
// chat.Message and re-encodes, through the generated MarshalJSON, to the
// same JSON.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases() {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.message(cards.Reply, func(b bot.Batch, eta time.Duration) cards.Message { return cards.Progress(b, eta) })
			got := encode(t, m)
			path := filepath.Join("testdata", tc.name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cards -update)", err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s changed (-golden +got); if intended, run go test ./cards -update:\n%s", path, diff)
			}
			assertChatV1Agrees(t, want)
		})
	}
}

// TestNoStaleGoldens fails when a golden file no longer has a case.
func TestNoStaleGoldens(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	var got, want []string
	for _, f := range files {
		got = append(got, strings.TrimSuffix(filepath.Base(f), ".golden.json"))
	}
	for _, tc := range goldenCases() {
		want = append(want, tc.name)
	}
	sort.Strings(got)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("golden files (-cases +files):\n%s", diff)
	}
}

// encode renders m as a readable golden: indented, HTML left unescaped.
func encode(t *testing.T, m cards.Message) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// assertChatV1Agrees decodes golden into chat.Message, refusing unknown
// fields, and checks the official type encodes it back unchanged.
func assertChatV1Agrees(t *testing.T, golden []byte) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(golden))
	dec.DisallowUnknownFields()
	var msg chat.Message
	if err := dec.Decode(&msg); err != nil {
		t.Fatalf("golden does not decode strictly into chat.Message: %v", err)
	}
	official, err := json.Marshal(&msg)
	if err != nil {
		t.Fatalf("chat.Message.MarshalJSON: %v", err)
	}
	var got, want any
	if err := json.Unmarshal(official, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(golden, &want); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("chat/v1 re-encodes the golden differently (-golden +chat/v1):\n%s", diff)
	}
}

// TestMarshalWritesWhatEncodingJSONWrites: cards.Marshal, which replies
// go out through, writes the same JSON values encoding/json writes, for
// every golden message and its add-on form.
func TestMarshalWritesWhatEncodingJSONWrites(t *testing.T) {
	for _, tc := range goldenCases() {
		m := tc.message(cards.Reply, cards.Progress)
		for name, v := range map[string]any{"classic": m, "add-on": cards.ForAddon(m, "https://onboard.example.com/")} {
			got, err := cards.Marshal(v)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.name, name, err)
			}
			want, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("%s %s: %v", tc.name, name, err)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(w, g); diff != "" {
				t.Errorf("%s %s: encoded differently from encoding/json (-encoding/json +Marshal):\n%s", tc.name, name, diff)
			}
		}
	}
}
