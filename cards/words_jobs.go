package cards

import (
	"html"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Words about durable work: results over several spaces, the
// acknowledgement, progress, cancellations and /status. Like words.go,
// messages are card HTML; the functions that take user text escape it.
const (
	idResultsTitle        msgID = "results.title"
	idWorkingTitle        msgID = "working.title"
	idRunningTitle        msgID = "progress.running.title"
	idFinishedTitle       msgID = "progress.finished.title"
	idCancelledTitle      msgID = "progress.cancelled.title"
	idStatusTitle         msgID = "status.title"
	idStatusText          msgID = "status.text"
	idStatusNone          msgID = "status.none"
	idStatusHint          msgID = "status.hint"
	idStatusRecent        msgID = "status.recent"
	idStatusRunning       msgID = "status.running"
	idStatusCancelled     msgID = "status.cancelled"
	idStatusCancelledText msgID = "status.cancelledText"
	idStatusNothing       msgID = "status.nothingCancelled"
	idStatusNothingText   msgID = "status.nothingCancelledText"
	idSectionSkipped      msgID = "results.skippedSpaces"
	idResultsNobody       msgID = "results.nobody"
	idResultsMoreSkipped  msgID = "results.moreSkipped"
	idResultsMoreSpaces   msgID = "results.moreSpaces"
	idResultsMoreCounts   msgID = "results.moreSpacesCounts"
	idResultsAllSkipped   msgID = "results.allSkipped"
	idResultsSkipped      msgID = "results.skipped"
	idCancelledByAsker    msgID = "cancelled.byRequester"
	idCancelledAppRemoved msgID = "cancelled.appRemoved"
	idSkipSpace           msgID = "skip.space"
	idSkipPolicy          msgID = "skip.policy"
	idSkipNotMember       msgID = "skip.notMember"
	idSkipAppNotInSpace   msgID = "skip.appNotInSpace"
	idSkipSpaceType       msgID = "skip.spaceType"
	idSkipNotFound        msgID = "skip.notFound"
	idWorkingETA          msgID = "working.withETA"
	idWorkingNoETA        msgID = "working.withoutETA"
	idWorkingCancel       msgID = "working.cancel"
	idProgressDone        msgID = "progress.done"
	idProgressLeft        msgID = "progress.left"
	idProgressProblems    msgID = "progress.problems"
	idAboutLessThanMinute msgID = "about.lessThanAMinute"
	idAboutMinutes        msgID = "about.minutes"
	idAboutHours          msgID = "about.hours"
	idAboutHoursMinutes   msgID = "about.hoursAndMinutes"
	idJobCancelled        msgID = "job.cancelled"
	idJobDone             msgID = "job.done"
	idJobRunning          msgID = "job.running"
	idJobID               msgID = "job.id"
	idCountPeople         msgID = "count.people"
	idCountSpaces         msgID = "count.spaces"
	idMoreJobs            msgID = "more.jobs"
	idMoreSpaces          msgID = "more.spaces"
	idMorePlans           msgID = "more.plans"
	idDateTimeShort       msgID = "format.dateTimeShort"
	idDateTime            msgID = "format.dateTime"
)

// cancelledWhy says who or what cancelled someone's invitation (a
// Cancelled outcome's detail), or "" for a reason that is not a
// cancellation.
func (wd *words) cancelledWhy(r bot.Reason) string {
	switch r {
	case bot.ReasonByRequester:
		return wd.text(idCancelledByAsker)
	case bot.ReasonAppRemoved:
		return wd.text(idCancelledAppRemoved)
	}
	return ""
}

// skipWords says why a plan's space was left out: "Skipped <b>Finance</b>
// — you can't invite there (only owners and managers)". space is plain
// text.
func (wd *words) skipWords(space string, r bot.Reason) string {
	var why string
	switch r {
	case bot.ReasonPolicy:
		why = wd.text(idSkipPolicy)
	case bot.ReasonNotMember:
		why = wd.text(idSkipNotMember)
	case bot.ReasonAppNotInSpace:
		why = wd.text(idSkipAppNotInSpace)
	case bot.ReasonSpaceType:
		why = wd.text(idSkipSpaceType)
	case bot.ReasonNotFound:
		why = wd.text(idSkipNotFound)
	default:
		why = wd.reasonWhy(r)
	}
	if why == "" {
		why = wd.reasonWhy(bot.ReasonAPIError)
	}
	return wd.with(idSkipSpace, vars{"Space": html.EscapeString(space), "Why": why})
}

// moreSkipped counts skipped spaces that did not fit on the card.
func (wd *words) moreSkipped(n int) string { return wd.count(idResultsMoreSkipped, n, nil) }

// moreSpaces counts spaces whose results did not fit: "and 3 more spaces:
// 12 added · 1 not added".
func (wd *words) moreSpaces(n int, tally []int) string {
	if c := wd.counts(tally, false); c != "" {
		return wd.count(idResultsMoreCounts, n, vars{"Counts": c})
	}
	return wd.count(idResultsMoreSpaces, n, nil)
}

// spacesSubtitle says how many spaces a batch covers and who asked; a
// header subtitle, so plain text.
func (wd *words) spacesSubtitle(spaces, skipped int, actor string) string {
	var pieces []string
	switch {
	case spaces == 0:
		pieces = append(pieces, wd.count(idResultsAllSkipped, skipped, nil))
	case skipped > 0:
		pieces = append(pieces, wd.spacesCount(spaces), wd.count(idResultsSkipped, skipped, nil))
	default:
		pieces = append(pieces, wd.spacesCount(spaces))
	}
	if actor != "" {
		pieces = append(pieces, wd.with(idRequestedBy, vars{"Actor": actor}))
	}
	return wd.join(pieces...)
}

// workingWords acknowledges work that goes on after the reply.
func (wd *words) workingWords(people, spaces int, eta time.Duration) string {
	v := vars{"People": wd.count(idCountPeople, people, nil), "Spaces": wd.spacesCount(spaces)}
	if about := wd.aboutDuration(eta); about != "" {
		v["About"] = about
		return wd.with(idWorkingETA, v)
	}
	return wd.with(idWorkingNoETA, v)
}

// cancelWords says how to stop a job; id is plain text.
func (wd *words) cancelWords(id string) string {
	return wd.with(idWorkingCancel, vars{"ID": html.EscapeString(id)})
}

// progressLine is "12 of 480 done · about 2 min left"; eta is left out
// when zero or when finished.
func (wd *words) progressLine(done, total int, eta time.Duration, finished bool) string {
	line := wd.with(idProgressDone, vars{"Done": done, "Total": total})
	if about := wd.aboutDuration(eta); about != "" && !finished {
		return wd.join(line, wd.with(idProgressLeft, vars{"About": about}))
	}
	return line
}

// aboutDuration rounds a remaining time the way people say it: "less than
// a minute", "about 3 min", "about 25 min", "about 1 h 20 min", "about 12
// h"; "" for none.
func (wd *words) aboutDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < time.Minute:
		return wd.text(idAboutLessThanMinute)
	case d < 10*time.Minute:
		return wd.count(idAboutMinutes, int(d.Round(time.Minute)/time.Minute), nil)
	case d < time.Hour-150*time.Second:
		return wd.count(idAboutMinutes, int(d.Round(5*time.Minute)/time.Minute), nil)
	case d < 10*time.Hour-5*time.Minute:
		d = d.Round(10 * time.Minute)
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return wd.count(idAboutHours, h, nil)
		}
		return wd.with(idAboutHoursMinutes, vars{"Hours": h, "Minutes": m})
	}
	return wd.count(idAboutHours, int(d.Round(time.Hour)/time.Hour), nil)
}

// jobState is a batch's state on /status.
func (wd *words) jobState(b *bot.Batch) string {
	switch {
	case b.Cancelled:
		return wd.text(idJobCancelled)
	case b.Done:
		return wd.text(idJobDone)
	}
	return wd.text(idJobRunning)
}

// jobLine is one /status row: "27 Nov 21:55 UTC · Platform Team · 12 of 480
// done (3 not added)". where is plain text.
func (wd *words) jobLine(created time.Time, where string, done, total, notAdded, cancelled int) string {
	progress := wd.with(idProgressDone, vars{"Done": done, "Total": total})
	var problems []string
	if notAdded > 0 {
		problems = append(problems, wd.count(idCountNotAdded, notAdded, nil))
	}
	if cancelled > 0 {
		problems = append(problems, wd.count(idCountCancelled, cancelled, nil))
	}
	if len(problems) > 0 {
		progress = wd.with(idProgressProblems, vars{"Progress": progress, "Problems": wd.join(problems...)})
	}
	if created.IsZero() {
		return wd.join(html.EscapeString(where), progress)
	}
	return wd.join(wd.when(idDateTimeShort, created), html.EscapeString(where), progress)
}

// jobID shows a job's id, which /status cancel takes; id is plain text.
func (wd *words) jobID(id string) string { return wd.with(idJobID, vars{"ID": html.EscapeString(id)}) }

// spacesCount is "3 spaces", for a job over several spaces.
func (wd *words) spacesCount(n int) string { return wd.count(idCountSpaces, n, nil) }

// statusSubtitle is "4 recent · 1 running".
func (wd *words) statusSubtitle(recent, running int) string {
	return wd.join(wd.count(idStatusRecent, recent, nil), wd.count(idStatusRunning, running, nil))
}

// cancelResult says what "/status cancel ID" did: a paragraph for the card
// and the notification text.
func (wd *words) cancelResult(c *bot.CancelResult) (para, text string) {
	id := html.EscapeString(clip(c.Batch, maxWordRunes))
	if c.AlreadyDone {
		return wd.with(idStatusNothing, vars{"ID": id}), wd.text(idStatusNothingText)
	}
	return wd.count(idStatusCancelled, c.Stopped, vars{"ID": id}), wd.text(idStatusCancelledText)
}
