package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// Words of /remove and Undo. The outcomes are bot's one list; removal
// results read them as removals ("Not removed", not "Not added").

// wording says whether a card reports people added or people removed.
type wording int

const (
	adding wording = iota
	removing
)

const (
	titleRemove     = "Removal results"
	exampleRemove   = "/remove @alice bob@example.com"
	exampleRemoveDM = "/remove spaces/AAAA… @alice bob@example.com"
	undoNote        = "The person who asked can undo for 24 hours."
	buttonUndo      = "Undo"
	buttonUndoAlt   = "Removes again the people this request added; only the person who asked can undo, for 24 hours"
)

// outcomeLabelAs is outcomeLabel in wording w.
func outcomeLabelAs(w wording, o bot.Outcome) string {
	if w == removing {
		switch o {
		case bot.NotAdded:
			return "Not removed"
		case bot.Already:
			return "Not in the space"
		}
	}
	return outcomeLabel(o)
}

// countNounAs is countNoun in wording w: "1 not removed".
func countNounAs(w wording, o bot.Outcome) string {
	if w == removing {
		switch o {
		case bot.NotAdded:
			return "not removed"
		case bot.Already:
			return "not in the space"
		}
	}
	return countNoun(o)
}

// outcomeDetailAs is outcomeDetail in wording w.
func outcomeDetailAs(w wording, o bot.Outcome, r bot.Reason) string {
	if w != removing {
		return outcomeDetail(o, r)
	}
	switch {
	case o == bot.Already:
		return ""
	case o == bot.NotAdded && r == bot.ReasonNotFound:
		return "they are not a member of this space"
	case o == bot.NotAdded && r == bot.ReasonExternal:
		return "app authentication cannot remove people outside the organisation. Ask a space manager to remove them in Chat"
	case o == bot.NotAdded && r == bot.ReasonRateLimited:
		return "Google Chat's limit on membership changes was reached. Try again in a minute"
	case o == bot.Skipped && r == bot.ReasonApp:
		return "Onboard and other apps can't be removed with /remove"
	case o == bot.Skipped && r == bot.ReasonInvoker:
		return "that's you — leave the space in Chat instead"
	case o == bot.Refused && r == bot.ReasonPolicy:
		return "your role can't remove people from this space"
	}
	return outcomeDetail(o, r)
}

// removeRefusalWords explains a refused /remove (or Undo) as card HTML
// paragraphs, and a short plain reason; space is plain text.
func removeRefusalWords(rf bot.Refusal, space string) (paras []string, short string) {
	where := thisSpace
	if space != "" {
		where = "<b>" + html.EscapeString(space) + "</b>"
	}
	switch rf.Reason {
	case bot.ReasonPolicy:
		first := "Only space owners and managers can remove people from " + where + " with Onboard."
		if rf.Policy == bot.PolicyMembers {
			first = "Your role can't remove people from " + where + " with Onboard."
		}
		return []string{first + " Your role there is <b>" + roleName(rf.Role) + "</b>.",
				"Ask a space manager to remove them, or to run <b>/remove</b> for you."},
			"your role can't remove people from this space"
	case bot.ReasonNotMember:
		return []string{"You are not a member of " + where + ", so Onboard won't remove people there for you."},
			reasonWhy(rf.Reason)
	case bot.ReasonNoPeople:
		return []string{"There is nobody to remove. Name people by @mention or email address:",
			"<b>" + exampleRemove + "</b><br>In a direct message with Onboard: <b>" + exampleRemoveDM + "</b>"}, reasonWhy(rf.Reason)
	case bot.ReasonNoSpace:
		return []string{"In a direct message, name the space: <b>" + exampleRemoveDM + "</b>"}, reasonWhy(rf.Reason)
	case bot.ReasonSpaceType:
		return []string{"People can't be removed from a direct message."}, "people can't be removed from a direct message"
	case bot.ReasonNoJob:
		return []string{"Onboard has no record of that request, so nothing was undone.",
			"Remove people with <b>" + exampleRemove + "</b>."}, "Onboard has no record of that request"
	}
	return refusalWords(rf, space)
}

// outcomePhraseAs is outcomePhrase in wording w.
func outcomePhraseAs(w wording, o bot.Outcome, r bot.Reason) string {
	if d := outcomeDetailAs(w, o, r); d != "" {
		return outcomeLabelAs(w, o) + " — " + d
	}
	return outcomeLabelAs(w, o)
}

// commandDenied is why a command was refused to someone whose role or
// admin status does not allow it (in the audit log).
const commandDenied = "their role doesn't allow it here"

// outcomeOrder is the order counts name outcomes in: bot's, but removal
// results lead with the people removed.
func outcomeOrder(w wording) []bot.Outcome {
	if w != removing {
		return bot.Outcomes
	}
	order := make([]bot.Outcome, 0, len(bot.Outcomes))
	order = append(order, bot.Removed)
	for _, o := range bot.Outcomes {
		if o != bot.Removed {
			order = append(order, o)
		}
	}
	return order
}
