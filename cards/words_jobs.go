package cards

import "github.com/onboard-chat/onboard/bot"

// Words about durable work: cancellations, progress, acknowledgements and
// /status. Like words.go, strings are card HTML and never carry user text
// unescaped.

// cancelledWhy says who or what cancelled someone's invitation (a
// Cancelled outcome's detail), or "" for a reason that is not a
// cancellation.
func cancelledWhy(r bot.Reason) string {
	switch r {
	case bot.ReasonByRequester:
		return "by the person who asked"
	case bot.ReasonAppRemoved:
		return "Onboard was removed from the space"
	}
	return ""
}
