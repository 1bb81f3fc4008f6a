package cards

import "github.com/onboard-chat/onboard/bot"

// Words about plans and about requests that were not done (Reply.Problem).
// Like words.go, strings are card HTML and never carry user text
// unescaped.

// problemWhy says in a few words why a /plan, /onboard or /status request
// was not done, or "" for a reason that is not such a problem.
func problemWhy(r bot.Reason) string {
	switch r {
	case bot.ReasonNotAdmin:
		return "only Onboard admins (ONBOARD_ADMINS) manage plans"
	case bot.ReasonNoPlan:
		return "there is no plan of that name"
	case bot.ReasonPlanExists:
		return "a plan of that name exists already"
	case bot.ReasonBadPlanInput:
		return "the /plan command was not understood"
	case bot.ReasonNoJob:
		return "you have no onboarding job with that id"
	case bot.ReasonUnavailable:
		return "Onboard's database did not answer, so nothing was done"
	}
	return ""
}
