package cards

import (
	"html"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Words about plans, and about /plan, /onboard and /status requests that
// were not done (a reply's Problem). Like words.go, messages are card
// HTML; the functions that take user text (plan names, space names,
// welcome texts) escape it.
const (
	idPlansTitle       msgID = "plans.title"
	idPlansText        msgID = "plans.text"
	idPlansNone        msgID = "plans.none"
	idPlansHintShow    msgID = "plans.hintShow"
	idCountPlans       msgID = "count.plans"
	idPlanTitle        msgID = "plan.title"
	idPlanCreated      msgID = "plan.created"
	idPlanAdded        msgID = "plan.added"
	idPlanRemoved      msgID = "plan.removed"
	idPlanHintEmpty    msgID = "plan.hintEmpty"
	idPlanHintApply    msgID = "plan.hintApply"
	idPlanAppNotIn     msgID = "plan.warning.appNotInSpace"
	idPlanSpace        msgID = "plan.space"
	idPlanSpaceWelcome msgID = "plan.spaceWithWelcome"
	idLastChanged      msgID = "changed.at"
	idAltSpace         msgID = "alt.space"
	idAltPlan          msgID = "alt.plan"
	idCouldNot         msgID = "problem.couldNot"

	idExamplePlanCreate  msgID = "example.planCreate"
	idExamplePlanAdd     msgID = "example.planAdd"
	idExamplePlanRemove  msgID = "example.planRemove"
	idExamplePlanShow    msgID = "example.planShow"
	idExamplePlanListAll msgID = "example.planListAll"
	idPlanSyntaxCreate   msgID = "plan.syntax.create"
	idPlanSyntaxAdd      msgID = "plan.syntax.add"
	idPlanSyntaxRemove   msgID = "plan.syntax.remove"
	idPlanSyntaxShow     msgID = "plan.syntax.show"
	idPlanSyntaxList     msgID = "plan.syntax.list"
	idPlanSyntaxOnboard  msgID = "plan.syntax.onboard"

	idWhyNotAdmin       msgID = "problem.notAdmin.why"
	idWhyNoPlan         msgID = "problem.noPlan.why"
	idWhyPlanExists     msgID = "problem.planExists.why"
	idWhyBadPlanInput   msgID = "problem.badPlanInput.why"
	idWhyNoJob          msgID = "problem.noJob.why"
	idWhyUnavailable    msgID = "problem.unavailable.why"
	idProblemThatName   msgID = "problem.thatName"
	idProblemNotAdmin   msgID = "problem.notAdmin"
	idProblemNotAdminAs msgID = "problem.notAdmin.ask"
	idProblemNoPlan     msgID = "problem.noPlan"
	idProblemNoPlanList msgID = "problem.noPlan.list"
	idProblemExists     msgID = "problem.planExists"
	idProblemExistsNext msgID = "problem.planExists.next"
	idProblemBadInput   msgID = "problem.badPlanInput"
	idProblemNoJob      msgID = "problem.noJob"
	idProblemNoJobNext  msgID = "problem.noJob.next"
	idProblemUnavail    msgID = "problem.unavailable"
	idProblemUnavailNx  msgID = "problem.unavailable.next"
	idProblemUnknown    msgID = "problem.unknown"
	idProblemUnknownNx  msgID = "problem.unknown.next"
)

// planCount is "1 plan", "3 plans".
func (wd *words) planCount(n int) string { return wd.count(idCountPlans, n, nil) }

// planSyntax is every /plan command and what it does, and how a plan is
// applied.
func (wd *words) planSyntax() [][2]string {
	return wd.pairs(
		idExamplePlanCreate, idPlanSyntaxCreate,
		idExamplePlanAdd, idPlanSyntaxAdd,
		idExamplePlanRemove, idPlanSyntaxRemove,
		idExamplePlanShow, idPlanSyntaxShow,
		idExamplePlanListAll, idPlanSyntaxList,
		idExampleOnboard, idPlanSyntaxOnboard)
}

// planTitle is the card title after a /plan action, and the plain text.
func (wd *words) planTitle(a bot.PlanAction) string {
	switch a {
	case bot.PlanCreated:
		return wd.text(idPlanCreated)
	case bot.PlanAdded:
		return wd.text(idPlanAdded)
	case bot.PlanRemoved:
		return wd.text(idPlanRemoved)
	case bot.PlanListed:
		return wd.text(idPlansTitle)
	}
	return wd.text(idPlanTitle)
}

// planName shows a plan's name (plain text) on a card.
func planName(name string) string { return bold(html.EscapeString(name)) }

// planSubtitle is "engineering · 3 spaces": a header subtitle, plain text
// and not escaped (Chat formats no header).
func (wd *words) planSubtitle(name string, spaces int) string {
	return wd.join(name, wd.spacesCount(spaces))
}

// planHint is the paragraph under a plan: how to fill it, or how to apply
// it; name is plain text.
func (wd *words) planHint(name string, spaces int) string {
	v := vars{"Name": html.EscapeString(name)}
	if spaces == 0 {
		return wd.with(idPlanHintEmpty, v)
	}
	return wd.with(idPlanHintApply, v)
}

// planChanged says when a plan last changed.
func (wd *words) planChanged(t time.Time) string {
	return wd.with(idLastChanged, vars{"When": wd.when(idDateTime, t)})
}

// planSpace shows a space of a plan and its welcome text; both are plain.
func (wd *words) planSpace(space, welcome string) string {
	v := vars{"Space": html.EscapeString(space)}
	if welcome == "" {
		return wd.with(idPlanSpace, v)
	}
	v["Welcome"] = html.EscapeString(welcome)
	return wd.with(idPlanSpaceWelcome, v)
}

// problemWhyID is why a request was not done (/plan, /onboard, /status),
// in a few words; "" for a reason that is not such a problem.
func problemWhyID(r bot.Reason) msgID {
	switch r {
	case bot.ReasonNotAdmin:
		return idWhyNotAdmin
	case bot.ReasonNoPlan:
		return idWhyNoPlan
	case bot.ReasonPlanExists:
		return idWhyPlanExists
	case bot.ReasonBadPlanInput:
		return idWhyBadPlanInput
	case bot.ReasonNoJob:
		return idWhyNoJob
	case bot.ReasonUnavailable:
		return idWhyUnavailable
	}
	return ""
}

// problemWhy says in a few words why a request was not done (/plan,
// /onboard, /status, or a guardrail's), or "" for a reason that is not
// such a problem.
func (wd *words) problemWhy(r bot.Reason) string {
	if id := problemWhyID(r); id != "" {
		return wd.text(id)
	}
	why, _ := wd.guardWords(r)
	return why
}

// problemWords explains a request that was not done, as card HTML
// paragraphs; name is the plan concerned (plain text, "" for none).
// syntax is the commands to list after them (nil for none); known is
// false when the reason has no words of its own and the paragraphs only
// say that the command could not be carried out.
func (wd *words) problemWords(r bot.Reason, name string) (paras []string, syntax [][2]string, known bool) {
	plan := wd.text(idProblemThatName)
	if name != "" {
		plan = planName(name)
	}
	switch r {
	case bot.ReasonNotAdmin:
		return []string{wd.text(idProblemNotAdmin), wd.text(idProblemNotAdminAs)}, nil, true
	case bot.ReasonNoPlan:
		return []string{wd.with(idProblemNoPlan, vars{"Plan": plan}), wd.text(idProblemNoPlanList)}, nil, true
	case bot.ReasonPlanExists:
		return []string{wd.with(idProblemExists, vars{"Plan": plan}), wd.text(idProblemExistsNext)}, nil, true
	case bot.ReasonBadPlanInput:
		return []string{wd.text(idProblemBadInput)}, wd.planSyntax(), true
	case bot.ReasonNoJob:
		return []string{wd.text(idProblemNoJob), wd.with(idProblemNoJobNext, vars{"Command": wd.text(idExampleStatus)})}, nil, true
	case bot.ReasonUnavailable:
		return []string{wd.text(idProblemUnavail), wd.text(idProblemUnavailNx)}, nil, true
	}
	if paras, syntax := wd.guardParagraphs(r); paras != nil {
		return paras, syntax, true
	}
	return wd.couldNotParagraphs(), nil, false
}

// couldNotParagraphs say a command could not be carried out, and how to
// find out how to use it.
func (wd *words) couldNotParagraphs() []string {
	return []string{wd.text(idProblemUnknown), wd.with(idProblemUnknownNx, vars{"Command": wd.text(idExampleHelp)})}
}
