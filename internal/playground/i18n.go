package playground

import (
	"fmt"
	"strings"
)

// languages the page speaks, in the order the switch shows them. The
// language chosen is also the common.userLocale of every event the page
// sends, as Chat sends the person's own.
var languages = []language{{Code: "en", Name: "English", HTMLLang: "en"}, {Code: "zh-TW", Name: "中文（台灣）", HTMLLang: "zh-Hant-TW"}}

type language struct{ Code, Name, HTMLLang string }

// pickLanguage is the language code asked for, or English.
func pickLanguage(code string) string {
	for _, l := range languages {
		if strings.EqualFold(code, l.Code) {
			return l.Code
		}
	}
	return "en"
}

// words are the page's own words: the Chat stand-in's, not Onboard's
// (those come from Onboard's replies). Every key exists in every language
// (TestEveryWordInEveryLanguage).
var words = map[string]map[string]string{
	"en": {
		"title":          "Onboard playground",
		"demoOnly":       "Demo only — a local stand-in for Google Chat, not connected to Google.",
		"youAre":         "You are",
		"language":       "Language",
		"spaces":         "Spaces",
		"dmOnboard":      "Direct message with Onboard",
		"groupChat":      "Group chat: %s",
		"directMessage":  "Direct message: %s",
		"notMember":      "not a member",
		"members":        "Members",
		"calls":          "Calls Onboard made",
		"noCalls":        "No calls yet.",
		"noMembers":      "Nobody yet.",
		"noMessages":     "No messages yet. Try /invite @Alice Ng or /help.",
		"placeholder":    "Message or command, e.g. /invite @Alice Ng carol@example.com",
		"send":           "Send",
		"onlyYou":        "Only visible to you",
		"app":            "App",
		"onboard":        "Onboard",
		"joined":         "Joined",
		"invited":        "Invited",
		"manager":        "Manager",
		"assistant":      "Assistant manager",
		"member":         "Member",
		"showMore":       "Show more",
		"close":          "Close",
		"configAsk":      "Onboard needs access to your Google account to do this.",
		"connect":        "Connect",
		"unsupported":    "unsupported widget: %s",
		"unsupportedBtn": "this button asks for %s, which the playground does not do",
		"mentionHint":    "People",
		"notResponding":  "Onboard is not responding: %s",
		"dialogFailed":   "Onboard could not do that.",
		"sending":        "Sending…",
		"linkUnknown":    "This link is unknown or was used already.",
	},
	"zh-TW": {
		"title":          "Onboard 體驗區",
		"demoOnly":       "僅供示範：在本機模擬 Google Chat，沒有連線到 Google。",
		"youAre":         "你的身分",
		"language":       "語言",
		"spaces":         "聊天室",
		"dmOnboard":      "與 Onboard 的即時訊息",
		"groupChat":      "群組對話：%s",
		"directMessage":  "即時訊息：%s",
		"notMember":      "不是成員",
		"members":        "成員",
		"calls":          "Onboard 發出的 API 呼叫",
		"noCalls":        "還沒有呼叫。",
		"noMembers":      "還沒有人。",
		"noMessages":     "還沒有訊息。試試 /invite @Alice Ng 或 /help。",
		"placeholder":    "輸入訊息或指令，例如 /invite @Alice Ng carol@example.com",
		"send":           "傳送",
		"onlyYou":        "只有你看得到",
		"app":            "應用程式",
		"onboard":        "Onboard",
		"joined":         "已加入",
		"invited":        "已邀請",
		"manager":        "管理員",
		"assistant":      "副管理員",
		"member":         "成員",
		"showMore":       "顯示更多",
		"close":          "關閉",
		"configAsk":      "Onboard 需要存取你的 Google 帳戶才能執行這項操作。",
		"connect":        "連結帳戶",
		"unsupported":    "不支援的小工具：%s",
		"unsupportedBtn": "這個按鈕要求 %s，體驗區不支援",
		"mentionHint":    "使用者",
		"notResponding":  "Onboard 沒有回應：%s",
		"dialogFailed":   "Onboard 無法完成這項操作。",
		"sending":        "傳送中…",
		"linkUnknown":    "這個連結不明或已經用過了。",
	},
}

// tr is key in lang, with args filled in; a missing word shows its key,
// which the test above keeps from happening.
func tr(lang, key string, args ...any) string {
	w, ok := words[lang][key]
	if !ok {
		w = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(w, args...)
	}
	return w
}
