package cards_test

import (
	"fmt"

	"github.com/onboard-chat/onboard/bot"
)

// dialogGoldenCases are the invite dialog, previews, and the cards a click
// replaces or adds: Retry failed, Invite more, an Undo's card.
func dialogGoldenCases() []goldenCase {
	single := batch("b-single", true, items(platform, mixedPeople()...))
	failed := batch("b-failed", true, items(platform, person(alice, bot.Joined, ""),
		person(bob, bot.NotAdded, bot.ReasonAPIError), person(carol, bot.NotAdded, bot.ReasonRateLimited),
		person(dave, bot.NotAdded, bot.ReasonExternal)))
	cases := []goldenCase{
		{name: "dialog-offer", reply: bot.InviteOfferReply{Audience: toSam}},
		{name: "dialog-form", reply: bot.DialogReply{Audience: toSam, Form: &bot.InviteForm{Pickers: true,
			Plans: []string{"engineering", "sales"}, Plan: "sales", Addresses: "carol@example.com\nusers/222222222222222222222"}}},
		{name: "dialog-form-dm", reply: bot.DialogReply{Audience: toSam, Form: &bot.InviteForm{Pickers: true, AskSpace: true}}},
		{name: "dialog-form-addon", reply: bot.DialogReply{Audience: toSam, Form: &bot.InviteForm{AskSpace: true,
			Plan: "engineering", Addresses: "group:eng@example.com\n" + hostile}}},
		{name: "dialog-form-invite-more", reply: bot.DialogReply{Audience: toSam, Form: &bot.InviteForm{Pickers: true,
			Space: platform.Name}}},
		{name: "dialog-no-form", reply: bot.DialogReply{Audience: toSam, NoDialog: bot.CmdHelp}},
		{name: "dialog-no-form-unknown", reply: bot.DialogReply{Audience: toSam, NoDialog: bot.CmdUnknown}},
		{name: "dialog-done", reply: bot.DialogStatusReply{Audience: toSam, Done: &single}},
		{name: "dialog-working", reply: bot.DialogStatusReply{Audience: toSam,
			Done: ptr(batch("b-run", false, pending(platform, 50, 3)))}},
		{name: "dialog-cancelled", reply: bot.DialogStatusReply{Audience: toSam, Cancelled: true}},
		{name: "dialog-invalid", reply: bot.DialogStatusReply{Audience: toSam, Invalid: invalidEntries(12),
			Problem: &bot.Refusal{Reason: bot.ReasonInvalidEntries}}},
		{name: "dialog-too-many", reply: bot.DialogStatusReply{Audience: toSam,
			Problem: &bot.Refusal{Reason: bot.ReasonTooMany, Limit: 20, Count: 27}}},
		{name: "dialog-connect-first", reply: bot.DialogStatusReply{Audience: toSam, Problem: &bot.Refusal{Reason: bot.ReasonConnectFirst}}},
		{name: "preview-small", reply: bot.PreviewReply{Audience: toSam, Preview: previewOf(items(platform, previewPeople()...))}},
		{name: "preview-in-dialog", reply: bot.DialogReply{Audience: toSam,
			Preview: ptrPreview(previewOf(items(platform, previewPeople()...)))}},
		{name: "preview-plan", reply: bot.PreviewReply{Audience: toSam, Preview: func() bot.PreviewReport {
			p := previewOf(append(items(platform, previewPeople()...), items(oncall, previewPeople()...)...))
			p.Command, p.Plan, p.SkippedSpaces = bot.CmdOnboard, "engineering", skippedSpaces[:1]
			return p
		}()}},
		{name: "preview-500", reply: bot.PreviewReply{Audience: toSam, Preview: previewOf(items(platform, previewCrowd(500, worst)...))}},
		{name: "preview-confirmed", reply: bot.UpdateReply{Audience: toSam, Of: bot.PreviewReply{Audience: toSam,
			Preview: bot.PreviewReport{ID: "p1", Command: bot.CmdInvite, Actor: sam, People: 50, State: bot.PreviewConfirmed}}}},
		{name: "preview-cancelled", reply: bot.UpdateReply{Audience: toSam, Of: bot.PreviewReply{Audience: toSam,
			Preview: bot.PreviewReport{ID: "p1", Command: bot.CmdInvite, Actor: sam, People: 50, State: bot.PreviewCancelled}}}},
		{name: "batch-retry-invite-more", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: failed,
			UndoBatch: failed.ID, RetryBatch: failed.ID, InviteMore: platform.Name}},
		{name: "batch-invite-more", reply: bot.BatchReply{Audience: bot.Audience{Actor: sam}, Batch: single,
			UndoBatch: single.ID, InviteMore: platform.Name}},
		{name: "undo-done", reply: bot.UpdateReply{Audience: bot.Audience{Actor: sam}, Of: bot.RemoveReply{
			Audience: bot.Audience{Actor: sam}, Undone: true,
			Report: bot.InviteReport{Space: platform, Actor: sam, People: removedPeople()}}}},
	}
	return cases
}

// previewOf is a pending preview of its, asked by Sam in Platform Team.
func previewOf(its []bot.Item) bot.PreviewReport {
	people := map[string]bool{}
	for _, it := range its {
		if it.Result.Outcome != bot.Skipped {
			people[it.Target.User] = true
		}
	}
	return bot.PreviewReport{ID: "p-7f3c", Command: bot.CmdInvite, Actor: sam, Origin: platform, Items: its,
		People: len(people), Expires: created.Add(10 * 60e9), State: bot.PreviewPending}
}

func ptrPreview(p bot.PreviewReport) *bot.PreviewReport { return &p }

// previewPeople is each kind of row a preview has.
func previewPeople() []bot.PersonResult {
	return []bot.PersonResult{
		person(alice, bot.Pending, ""),
		person(bob, bot.Already, ""),
		person(carol, bot.Pending, ""),
		person(dave, bot.NotAdded, bot.ReasonExternal),
		person(bot.Target{User: "users/eve@example.com", Display: "eve@example.com", Email: "eve@example.com"}, bot.Refused, bot.ReasonDomain),
		person(bot.Target{User: sam.Name, Display: sam.DisplayName}, bot.Skipped, bot.ReasonInvoker),
	}
}

// previewCrowd is n people named by name(i): most will be added, some are
// in already, a few cannot be added.
func previewCrowd(n int, name func(int) string) []bot.PersonResult {
	out := make([]bot.PersonResult, n)
	for i := range out {
		p := bot.PersonResult{Outcome: bot.Pending}
		switch {
		case i%10 == 3:
			p.Outcome = bot.Already
		case i%25 == 7:
			p.Outcome, p.Reason = bot.NotAdded, bot.ReasonExternal
		}
		p.Target = bot.Target{User: fmt.Sprintf("users/%d", 900000+i), Display: name(i)}
		out[i] = p
	}
	return out
}

// invalidEntries are n words a dialog cannot read as people.
func invalidEntries(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("tomorrow%d", i)
	}
	out[0] = hostile
	return out
}

// dialogFixtures reach the words the goldens do not: every reason a
// dialog can stay open for, and each preview setting.
func dialogFixtures(reasons []bot.Reason) map[string]bot.Reply {
	out := map[string]bot.Reply{}
	for _, r := range reasons {
		out["dialog problem/"+string(r)] = bot.DialogStatusReply{Audience: toSam, Problem: &bot.Refusal{Reason: r, Limit: 20, Count: 27}}
	}
	never, fifty := 0, 50
	out["settings, preview never"] = settingsReply(&bot.SpaceSettings{Space: platform.Name, PreviewOver: &never}, false, "")
	out["settings, preview over 50"] = settingsReply(&bot.SpaceSettings{Space: platform.Name, PreviewOver: &fifty}, false, "")
	return out
}
