package cards

import (
	"html"
	"strconv"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// Words about durable work: results over several spaces, the
// acknowledgement, progress, cancellations and /status. Like words.go,
// strings are card HTML; the functions that take user text escape it.

const (
	titleResults   = "Onboarding results"
	titleWorking   = "Onboarding started"
	titleRunning   = "Onboarding in progress"
	titleFinished  = "Onboarding finished"
	titleCancelled = "Onboarding cancelled"
	titleStatus    = "Your onboarding jobs"
	sectionSkipped = "Skipped spaces"
	textNoJobs     = "You have no recent onboarding jobs."
	textNobody     = "nobody was added: every space was skipped"
	textStatus     = "Your onboarding jobs"
	statusHint     = "Type <b>" + exampleCancel + "</b> to stop one of your running jobs; the people already added stay."
)

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

// skipWords says why a plan's space was left out: "Skipped <b>Finance</b>
// — you can't invite there (only owners and managers)". space is plain
// text.
func skipWords(space string, r bot.Reason) string {
	why := reasonWhy(r)
	switch r {
	case bot.ReasonPolicy:
		why = "you can't invite there (only owners and managers)"
	case bot.ReasonNotMember:
		why = "you are not a member"
	case bot.ReasonAppNotInSpace:
		why = "Onboard is not a member"
	case bot.ReasonSpaceType:
		why = "people can't be added to a direct message"
	case bot.ReasonNotFound:
		why = "Google Chat has no such space"
	}
	if why == "" {
		why = reasonWhy(bot.ReasonAPIError)
	}
	return "Skipped <b>" + html.EscapeString(space) + "</b> — " + why
}

// moreSkipped counts skipped spaces that did not fit on the card.
func moreSkipped(n int) string {
	return "and " + strconv.Itoa(n) + " more " + plural(n, "space", "spaces") + " skipped"
}

// moreSpaces counts spaces whose results did not fit: "and 3 more spaces:
// 12 added · 1 not added".
func moreSpaces(n int, tally []int) string {
	s := "and " + strconv.Itoa(n) + " more " + plural(n, "space", "spaces")
	if c := counts(tally, false); c != "" {
		s += ": " + c
	}
	return s
}

// spacesSubtitle says how many spaces a batch covers and who asked; a
// header subtitle, so plain text.
func spacesSubtitle(spaces, skipped int, actor string) string {
	s := strconv.Itoa(spaces) + " " + plural(spaces, "space", "spaces")
	switch {
	case spaces == 0:
		s = strconv.Itoa(skipped) + " " + plural(skipped, "space", "spaces") + " skipped"
	case skipped > 0:
		s += listSep + strconv.Itoa(skipped) + " skipped"
	}
	if actor != "" {
		s += listSep + "requested by " + actor
	}
	return s
}

// workingWords acknowledges work that goes on after the reply.
func workingWords(people, spaces int, eta time.Duration) string {
	s := "Adding " + strconv.Itoa(people) + " " + plural(people, "person", "people") + " to " +
		strconv.Itoa(spaces) + " " + plural(spaces, "space", "spaces") + "."
	if about := aboutDuration(eta); about != "" {
		s += " It should take " + about + "."
	}
	return s + " Onboard will post progress in this space and update it until done."
}

// cancelWords says how to stop a job; id is plain text.
func cancelWords(id string) string {
	return "To stop it: <b>/status cancel " + html.EscapeString(id) + "</b>"
}

// progressLine is "12 of 480 done · about 2 min left"; eta is left out
// when zero or when finished.
func progressLine(done, total int, eta time.Duration, finished bool) string {
	s := strconv.Itoa(done) + " of " + strconv.Itoa(total) + " done"
	if about := aboutDuration(eta); about != "" && !finished {
		s += listSep + about + " left"
	}
	return s
}

// aboutDuration rounds a remaining time the way people say it: "less than
// a minute", "about 3 min", "about 25 min", "about 1 h 20 min", "about 12
// h"; "" for none.
func aboutDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < time.Minute:
		return "less than a minute"
	case d < 10*time.Minute:
		return "about " + strconv.Itoa(int(d.Round(time.Minute)/time.Minute)) + " min"
	case d < time.Hour-150*time.Second:
		return "about " + strconv.Itoa(int(d.Round(5*time.Minute)/time.Minute)) + " min"
	case d < 10*time.Hour-5*time.Minute:
		d = d.Round(10 * time.Minute)
		h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
		if m == 0 {
			return "about " + strconv.Itoa(h) + " h"
		}
		return "about " + strconv.Itoa(h) + " h " + strconv.Itoa(m) + " min"
	}
	return "about " + strconv.Itoa(int(d.Round(time.Hour)/time.Hour)) + " h"
}

// jobState is a batch's state on /status.
func jobState(b *bot.Batch) string {
	switch {
	case b.Cancelled:
		return "Cancelled"
	case b.Done:
		return "Done"
	}
	return "Running"
}

// jobLine is one /status row: "27 Nov 21:55 UTC · Platform Team · 12 of 480
// done (3 not added)". where is plain text.
func jobLine(created time.Time, where string, done, total, notAdded, cancelled int) string {
	s := html.EscapeString(where) + listSep + strconv.Itoa(done) + " of " + strconv.Itoa(total) + " done"
	if !created.IsZero() {
		s = created.UTC().Format("2 Jan 15:04 MST") + listSep + s
	}
	switch {
	case notAdded > 0 && cancelled > 0:
		s += " (" + strconv.Itoa(notAdded) + " not added" + listSep + strconv.Itoa(cancelled) + " cancelled)"
	case notAdded > 0:
		s += " (" + strconv.Itoa(notAdded) + " not added)"
	case cancelled > 0:
		s += " (" + strconv.Itoa(cancelled) + " cancelled)"
	}
	return s
}

// jobID shows a job's id, which /status cancel takes; id is plain text.
func jobID(id string) string { return "Id " + html.EscapeString(id) }

// spacesCount is "3 spaces", for a job over several spaces.
func spacesCount(n int) string { return countOf(n, "space", "spaces") }

// countOf is "1 plan", "3 plans".
func countOf(n int, one, many string) string { return strconv.Itoa(n) + " " + plural(n, one, many) }

// moreRows counts rows that did not fit on a card: "and 3 more jobs".
func moreRows(n int, one, many string) string {
	return "and " + strconv.Itoa(n) + " more " + plural(n, one, many)
}

// statusSubtitle is "4 recent · 1 running".
func statusSubtitle(recent, running int) string {
	return strconv.Itoa(recent) + " recent" + listSep + strconv.Itoa(running) + " running"
}

// plural picks the singular for exactly one.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
