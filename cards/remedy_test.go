package cards_test

import (
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// rowDetails are the bottom labels of the rows of m's cards naming who.
func rowDetails(m cards.Message, who string) []string {
	var out []string
	for _, c := range m.CardsV2 {
		for _, s := range c.Card.Sections {
			for _, w := range s.Widgets {
				if d := w.DecoratedText; d != nil && d.Text == who {
					out = append(out, d.BottomLabel)
				}
			}
		}
	}
	return out
}

// TestOutsiderRemedyFitsTheAsker: the row of someone outside the
// organisation tells a space manager (or anyone in a group chat) to add
// them in Chat themselves, tells a plain member to ask a space manager,
// and says who may when the asker's role is not known — in English and in
// Traditional Chinese, on the result and on the preview.
func TestOutsiderRemedyFitsTheAsker(t *testing.T) {
	outsider := person(dave, bot.NotAdded, bot.ReasonExternal)
	tests := []struct {
		locale string
		inChat bot.InChat
		want   string
	}{
		{"en", bot.InChatAdds, "You can add them yourself in Chat, with Add people"},
		{"en", bot.InChatAsks, "Ask a space manager to add them in Chat, with Add people"},
		{"en", bot.InChatUnknown, "Whoever may add people to this space can add them in Chat, with Add people"},
		{"zh-TW", bot.InChatAdds, "你可以自行在 Chat 中透過「新增使用者」新增他們"},
		{"zh-TW", bot.InChatAsks, "請聊天室管理員在 Chat 中透過「新增使用者」新增他們"},
		{"zh-TW", bot.InChatUnknown, "有權將使用者新增至這個聊天室的人，可以在 Chat 中透過「新增使用者」新增他們"},
	}
	for _, tt := range tests {
		t.Run(tt.locale+"/"+string(tt.inChat), func(t *testing.T) {
			a := bot.Audience{Actor: sam, Locale: tt.locale}
			result := bot.BatchReply{Audience: a, InChat: tt.inChat, Batch: bot.Batch{ID: "b-1", Actor: sam, Origin: platform,
				Done: true, Items: []bot.Item{{Space: platform, Target: dave, Result: outsider}}}}
			a.Private = true
			preview := bot.PreviewReply{Audience: a, Preview: bot.PreviewReport{ID: "p-1", Command: bot.CmdInvite, Actor: sam,
				Origin: platform, People: 1, State: bot.PreviewPending, InChat: tt.inChat,
				Items: []bot.Item{{Space: platform, Target: dave, Result: outsider}}}}
			for name, r := range map[string]bot.Reply{"result": result, "preview": preview} {
				rows := rowDetails(cards.Reply(r), dave.Display)
				if len(rows) != 1 || !strings.Contains(rows[0], tt.want) {
					t.Errorf("%s: row %q, want it to say %q", name, rows, tt.want)
				}
			}
		})
	}
}
