package cards

import "unicode/utf8"

// Chat's limits on a card message (docs/chat-platform.md §3.2). Chat rejects a
// larger message, and silently drops the section that crosses the widget
// limit and every section after it.
const (
	maxMessageBytes = 32000
	maxCardWidgets  = 100
)

// reserveBytes is what a message may spend on everything except the rows
// of people: headers, summary, tail, buttons, the welcome card, text.
// TestWorstCaseFitsLimits proves the worst case stays within it.
const reserveBytes = 9000

// Longest user text a card shows. Chat caps display names and space names
// at 128 characters; typed words and addresses have no cap, so cards clip
// them to keep one row from eating the message.
const (
	maxNameRunes = 128
	maxWordRunes = 256
)

// clip shortens s to at most n runes, marking the cut with "…".
func clip(s string, n int) string {
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return s[:i] + "…"
}

// jsonLen is an upper bound on the bytes encoding/json.Marshal spends on
// the string s, quotes included. Marshal escapes <, > and & as \u003c…
// (six bytes), and card HTML escaping makes one typed " into &#34; — ten
// bytes on the wire — so user text can cost ten times its length.
func jsonLen(s string) int {
	n := 2
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '<' || c == '>' || c == '&' || c < 0x20:
				n += 6
			case c == '"' || c == '\\':
				n += 2
			default:
				n++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1, r == '\u2028', r == '\u2029':
			n += 6
		default:
			n += size
		}
		i += size
	}
	return n
}
