package cards

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

// Card ids of durable work.
const (
	cardResults  = "onboard-results"
	cardWorking  = "onboard-working"
	cardProgress = "onboard-progress"
	cardStatus   = "onboard-status"
	cardPlan     = "plan"
)

// Limits of a card over several spaces. Space names in section headers are
// clipped harder than elsewhere: twelve 128-character names of the
// costliest characters would take half the message.
const (
	maxSpaceHeaderRunes = 64
	maxSkipRows         = 20
	uncollapsedPerSpace = 5
	sectionOverhead     = 90 // a section's keys, braces, collapse fields and comma
)

// spaceGroup is the people of a batch in one space.
type spaceGroup struct {
	space  bot.Space
	people []bot.PersonResult
}

// groupBySpace splits a batch's items by space, in order of first
// appearance. One person named twice in a space ("@Alice
// alice@example.com"), whom Chat named alike, is reported once.
func groupBySpace(items []bot.Item) []spaceGroup {
	var groups []spaceGroup
	index := map[string]int{}
	var seen map[[2]string]int // space, users/{id} → index in its group
	for _, it := range items {
		i, ok := index[it.Space.Name]
		if !ok {
			i = len(groups)
			index[it.Space.Name] = i
			groups = append(groups, spaceGroup{space: it.Space})
		}
		p := it.Result
		if p.Target == (bot.Target{}) {
			p.Target = it.Target
		}
		if p.User != "" {
			if seen == nil {
				seen = map[[2]string]int{}
			}
			k := [2]string{it.Space.Name, p.User}
			if j, dup := seen[k]; dup {
				groups[i].people[j] = samePerson(groups[i].people[j], p)
				continue
			}
			seen[k] = len(groups[i].people)
		}
		groups[i].people = append(groups[i].people, p)
	}
	return groups
}

// samePerson is the one row of a person named twice: the outcome that
// says most (added before "already there", which the second naming found
// because of the first), under the name a mention gave them.
func samePerson(a, b bot.PersonResult) bot.PersonResult {
	out := a
	if outcomeRank(b.Outcome) < outcomeRank(a.Outcome) {
		out.Outcome, out.Reason, out.As = b.Outcome, b.Reason, b.As
	}
	if !a.Target.Mentioned && b.Target.Mentioned {
		out.Target = b.Target
	}
	return out
}

// outcomeRank orders outcomes by what they tell: a change first, then
// what stands, then problems.
func outcomeRank(o bot.Outcome) int {
	for i, known := range []bot.Outcome{bot.Joined, bot.Invited, bot.Removed, bot.Already, bot.Pending} {
		if o == known {
			return i
		}
	}
	return 10
}

// batchCard reports finished durable work and the plain summary. Work in
// one space looks exactly like an /invite's results; work over several
// spaces (a plan) has a section per space and lists the spaces left out.
// The counts are followed by buttons (Undo, Retry failed, Invite more:
// resultButtons), when there are some.
func batchCard(wd *words, b *bot.Batch, skipped []bot.SpaceSkip, actor bot.User, buttons []Widget) (CardWithID, string) {
	groups := groupBySpace(b.Items)
	extra := append(buttons, openSpaceButtons(wd, b.Items)...)
	if len(skipped) == 0 && len(groups) <= 1 {
		rep := &bot.InviteReport{Space: b.Origin, Actor: actor}
		if len(groups) == 1 {
			rep.Space, rep.People = groups[0].space, groups[0].people
		}
		return inviteCard(wd, rep, extra...)
	}
	sections, summary := spacesBody(wd, groups, skipped, "", extra...)
	title := wd.text(idResultsTitle)
	card := &Card{
		Header:   &CardHeader{Title: title, Subtitle: wd.spacesSubtitle(len(groups), len(skipped), actorName(actor))},
		Sections: sections,
	}
	return CardWithID{CardID: cardResults, Card: card}, wd.titled(title, summary)
}

// spacesBody is the body of a card over several spaces: the overall
// counts (after lead, when set) and the extra widgets, a section per
// space, the skipped spaces.
func spacesBody(wd *words, groups []spaceGroup, skipped []bot.SpaceSkip, lead string, extra ...Widget) ([]Section, string) {
	return spacesBodyAs(wd, adding, groups, skipped, lead, extra...)
}

// spacesBodyAs is spacesBody in wording w.
func spacesBodyAs(wd *words, w wording, groups []spaceGroup, skipped []bot.SpaceSkip, lead string, extra ...Widget) ([]Section, string) {
	var all []bot.PersonResult
	for _, g := range groups {
		all = append(all, g.people...)
	}
	tally, notApproved := tallyPeople(all)
	summary := wd.countsAs(w, tally, false)
	if summary == "" {
		summary = wd.text(idResultsNobody)
	}
	top := Section{Widgets: append(summaryWidgets(wd, lead, summary, notApproved), extra...)}
	room := fit{bytes: maxMessageBytes - reserveBytes, widgets: maxCardWidgets - len(top.Widgets)}
	return append([]Section{top}, spaceSections(wd, w, groups, skipped, &room)...), summary
}

// fit is what is left of a card's limits.
type fit struct{ bytes, widgets int }

// take spends n bytes and w widgets if both are left.
func (f *fit) take(n, w int) bool {
	if n > f.bytes || w > f.widgets {
		return false
	}
	f.bytes, f.widgets = f.bytes-n, f.widgets-w
	return true
}

// size is the bytes json.Marshal spends on v, and a comma.
func size(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return maxMessageBytes // cannot happen for card types; never fits
	}
	return len(b) + 1
}

// spaceSections lays out several spaces within room: the skipped spaces
// and each space's header and counts first, so none is lost; then the
// rows, all in report order when they fit, else the people not added
// first; a space's counts cover the people left out. Spaces that do not
// fit at all are counted together at the end.
func spaceSections(wd *words, w wording, groups []spaceGroup, skipped []bot.SpaceSkip, room *fit) []Section {
	skipSection := skippedSection(wd, skipped, room)
	shown, rest := spaceHeads(wd, w, groups, room)
	sections := make([]Section, 0, len(shown)+2)
	chooseRows(wd, w, shown, room)
	for i := range shown {
		sections = append(sections, shown[i].section(wd))
	}
	if rest != "" {
		sections = append(sections, Section{Widgets: paragraphs(rest)})
	}
	if skipSection != nil {
		sections = append(sections, *skipSection)
	}
	return sections
}

// skippedSection lists the spaces left out and why: at most maxSkipRows
// and a quarter of room, the rest counted.
func skippedSection(wd *words, skipped []bot.SpaceSkip, room *fit) *Section {
	if len(skipped) == 0 {
		return nil
	}
	header := wd.text(idSectionSkipped)
	room.take(sectionOverhead+jsonLen(header)+size(paragraph(wd.moreSkipped(len(skipped)))), 1)
	own := fit{bytes: room.bytes / 4, widgets: min(maxSkipRows, room.widgets/4)}
	s := &Section{Header: header}
	for _, sk := range skipped {
		w := Widget{DecoratedText: &DecoratedText{
			Text:      wd.skipWords(clip(wd.spaceLabel(sk.Space), maxSpaceHeaderRunes), sk.Reason),
			StartIcon: &Icon{AltText: wd.outcomeLabel(bot.Skipped), MaterialIcon: &MaterialIcon{Name: outcomeIcon(bot.Skipped)}},
			WrapText:  true,
		}}
		n := size(w)
		if !own.take(n, 1) {
			break
		}
		room.take(n, 1)
		s.Widgets = append(s.Widgets, w)
	}
	if left := len(skipped) - len(s.Widgets); left > 0 {
		s.Widgets = append(s.Widgets, paragraphs(wd.moreSkipped(left))...)
	}
	return s
}

// spaceLabel is what to call a space: its name, else its resource name.
func (wd *words) spaceLabel(s bot.Space) string {
	if s.DisplayName != "" {
		return s.DisplayName
	}
	if s.Name != "" {
		return s.Name
	}
	return wd.text(idThisSpace)
}

// openSpaceButtons link to each space Onboard itself was just added to:
// it posts its welcome there, and the asker is usually elsewhere (a direct
// message with Onboard).
func openSpaceButtons(wd *words, items []bot.Item) []Widget {
	var buttons []Button
	for _, it := range items {
		if it.Target.Kind != bot.TargetApp || it.Result.Outcome != bot.Joined {
			continue
		}
		id, ok := strings.CutPrefix(it.Space.Name, "spaces/")
		if !ok || id == "" || len(buttons) == maxButtons {
			continue
		}
		kind := "room/" // Chat's web address of a space or group chat; a direct message's is dm/
		if it.Space.Type == bot.SpaceDM {
			kind = "dm/"
		}
		buttons = append(buttons, Button{Text: clip(wd.with(idOpenSpace, vars{"Space": wd.spaceLabel(it.Space)}), maxNameRunes),
			OnClick: &OnClick{OpenLink: &OpenLink{URL: "https://chat.google.com/" + kind + url.PathEscape(id)}}})
	}
	if len(buttons) == 0 {
		return nil
	}
	return []Widget{{ButtonList: &ButtonList{Buttons: buttons}}}
}

// idOpenSpace is the button to a space Onboard was added to.
const idOpenSpace msgID = "results.openSpace"

// maxButtons bounds a button list: a card shows a handful, not a wall.
const maxButtons = 6
