package cards

import (
	"html"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Words about plans, and about /plan, /onboard and /status requests that
// were not done (a reply's Problem). Like words.go, strings are card HTML; the
// functions that take user text (plan names, space names, welcome texts)
// escape it.

const (
	titlePlans      = "Plans"
	textPlans       = "Onboard plans"
	textNoPlans     = "There are no plans yet. Onboard admins create one with <b>/plan create NAME</b>."
	hintPlanShow    = "<b>/plan show PLAN</b> lists a plan's spaces and welcome texts."
	noWelcome       = "No welcome text"
	examplePlanSpec = "/plan add NAME spaces/AAAA… [welcome text]"
	altSpace        = "Space"
	altPlan         = "Plan"
	textCouldNot    = "the command could not be carried out"
)

// planCount is "1 plan", "3 plans".
func planCount(n int) string { return countOf(n, "plan", "plans") }

// planSyntax is every /plan command and what it does, and how a plan is
// applied.
var planSyntax = [][2]string{
	{"/plan create NAME", "Create an empty plan. Names are lower-case letters, digits, - and _."},
	{examplePlanSpec, "Add a space (or its Chat URL) to the plan; the optional welcome text is posted there when someone is added."},
	{"/plan remove NAME spaces/AAAA…", "Remove a space from the plan."},
	{"/plan show NAME", "Show the plan's spaces and welcome texts."},
	{"/plan list", "List every plan."},
	{exampleOnboard, "Add people to every space of the plan."},
}

// planTitle is the card title after a /plan action, and the plain text.
func planTitle(a bot.PlanAction) string {
	switch a {
	case bot.PlanCreated:
		return "Plan created"
	case bot.PlanAdded:
		return "Space added to the plan"
	case bot.PlanRemoved:
		return "Space removed from the plan"
	case bot.PlanListed:
		return titlePlans
	}
	return "Plan"
}

// planName shows a plan's name (plain text) on a card.
func planName(name string) string { return "<b>" + html.EscapeString(name) + "</b>" }

// planSubtitle is "engineering · 3 spaces": a header subtitle, plain text
// and not escaped (Chat formats no header).
func planSubtitle(name string, spaces int) string {
	return name + listSep + spacesCount(spaces)
}

// planHint is the paragraph under a plan: how to fill it, or how to apply
// it; name is plain text.
func planHint(name string, spaces int) string {
	n := html.EscapeString(name)
	if spaces == 0 {
		return "No spaces yet. Add one: <b>/plan add " + n + " spaces/AAAA… [welcome text]</b>"
	}
	return "Apply it: <b>/onboard @alice bob@example.com " + n + "</b>"
}

// planChanged says when a plan last changed.
func planChanged(t time.Time) string {
	return "Last changed " + t.UTC().Format("2 Jan 2006 15:04 MST")
}

// planSpace shows a space of a plan and its welcome text; both are plain.
func planSpace(space, welcome string) string {
	s := "<b>" + html.EscapeString(space) + "</b><br>"
	if welcome == "" {
		return s + noWelcome
	}
	return s + "Welcome: “" + html.EscapeString(welcome) + "”"
}

// problemWhy says in a few words why a request was not done (/plan,
// /onboard, /status, or a guardrail's), or "" for a reason that is not
// such a problem.
func problemWhy(r bot.Reason) string {
	switch r {
	case bot.ReasonNotAdmin:
		return "only Onboard admins (ONBOARD_ADMINS) may do that"
	case bot.ReasonNoPlan:
		return "there is no plan of that name"
	case bot.ReasonPlanExists:
		return "a plan of that name exists already"
	case bot.ReasonBadPlanInput:
		return "the /plan command was not understood"
	case bot.ReasonNoJob:
		return "you have no onboarding job with that id"
	case bot.ReasonUnavailable:
		return "Onboard's database did not answer"
	}
	why, _ := guardWords(r)
	return why
}

// problemWords explains a request that was not done, as card HTML
// paragraphs; name is the plan concerned (plain text, "" for none).
// syntax is the commands to list after them (nil for none).
func problemWords(r bot.Reason, name string) (paras []string, syntax [][2]string) {
	plan := "that name"
	if name != "" {
		plan = planName(name)
	}
	switch r {
	case bot.ReasonNotAdmin:
		return []string{"Only Onboard admins (ONBOARD_ADMINS) manage plans.",
			"Anyone may look at them: <b>/plan list</b>, <b>/plan show NAME</b>. Ask an Onboard admin to make the change."}, nil
	case bot.ReasonNoPlan:
		return []string{"There is no plan called " + plan + ".", "<b>/plan list</b> shows the plans there are."}, nil
	case bot.ReasonPlanExists:
		return []string{"A plan called " + plan + " exists already.",
			"Look at it with <b>/plan show NAME</b>, change it with <b>/plan add</b> and <b>/plan remove</b>, or choose another name."}, nil
	case bot.ReasonBadPlanInput:
		return []string{"Onboard did not understand that command. Plans are managed and applied like this:"}, planSyntax
	case bot.ReasonNoJob:
		return []string{"You have no onboarding job with that id, so nothing was cancelled. You can cancel only your own jobs.",
			"Type <b>" + exampleStatus + "</b> to see your recent jobs and their ids."}, nil
	case bot.ReasonUnavailable:
		return []string{"Onboard's database did not answer, so nothing was done.",
			"Try again in a minute; if it keeps happening, tell your Onboard administrator."}, nil
	}
	if paras, syntax := guardParagraphs(r); paras != nil {
		return paras, syntax
	}
	return []string{"Onboard could not carry out this command.", "Type <b>" + exampleHelp + "</b> to see how to use it."}, nil
}
