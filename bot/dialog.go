package bot

import (
	"context"
	"slices"
	"strings"
)

// The invite dialog. Chat opens a dialog only for a command the console
// configures with "Open a dialog" (REQUEST_DIALOG) or a click on a button
// whose interaction is OPEN_DIALOG (docs/chat-platform.md §11): /invite
// with nothing to invite offers such a button, and so does a result's
// "Invite more". Its submit is validated by ParseCommand, as a typed
// command is, and a problem keeps it open; its result is posted through
// the API, as an answer to a dialog cannot be a new message.

// The dialog's actions and fields, and the parameters that carry context
// through the client (cards/dialog.go names them too: a contract, and a
// card already posted keeps the names it had).
const (
	actionOpenInvite    = "openInvite"     // parameter space (optional)
	actionSubmitInvite  = "submitInvite"   // parameters space, plan (optional)
	actionCloseDialog   = "closeDialog"    // the dialog's own Cancel
	actionConfirm       = "confirmPreview" // parameter preview; in=dialog inside a dialog
	actionCancelPreview = "cancelPreview"  // parameter preview; in=dialog inside a dialog
	actionRetry         = "retryFailed"    // parameter batch

	paramSpace   = "space"
	paramPlan    = "plan"
	paramPreview = "preview"
	paramIn      = "in"
	inDialog     = "dialog"

	fieldPeople    = "people"    // the people picker: users/{id} values
	fieldAddresses = "addresses" // the text area
	fieldPlan      = "plan"      // an Onboard admin's plan drop-down
	fieldSpace     = "space"     // the space picker (spaces/…), or a typed space in the add-on envelope

	noPlan = "-" // the plan drop-down's "no plan": never a plan's name
)

// maxPlanChoices bounds the plan drop-down: a selection holds at most 100
// items, one of which is "no plan".
const maxPlanChoices = 99

// requestDialog answers a command that Chat's console opens a dialog for:
// /invite and /onboard with the dialog, filled in with what was typed;
// any other command with a dialog that says it has none.
func (s *Service) requestDialog(ctx context.Context, in Interaction) Reply {
	cmd := ParseCommand(in, s.cfg.Commands)
	if cmd.Name != CmdInvite && cmd.Name != CmdOnboard {
		return DialogReply{Audience: private(in.Actor), NoDialog: cmd.Name}
	}
	form := s.inviteForm(ctx, in, cmd.Space)
	people := cmd
	if cmd.Name == CmdOnboard {
		form.Plan, people = planName(cmd)
	}
	form.Addresses = prefill(people)
	return DialogReply{Audience: private(in.Actor), Form: &form}
}

// openDialog answers a click on a button that opens the dialog. The
// space it names is untrusted, and only read as a space's name: the
// submit checks everything again.
func (s *Service) openDialog(ctx context.Context, in Interaction) Reply {
	space, _ := parseSpaceRef(in.Action.Parameters[paramSpace])
	form := s.inviteForm(ctx, in, space)
	return DialogReply{Audience: private(in.Actor), Form: &form}
}

// inviteForm is the dialog's form for in's person: the plans if they are
// an Onboard admin, and a space to pick when none is named and the dialog
// opens where nobody can be added (a direct message).
func (s *Service) inviteForm(ctx context.Context, in Interaction, space string) InviteForm {
	form := InviteForm{Space: space, Pickers: !in.Addon,
		AskSpace: space == "" && in.Space.Type != SpaceNamed && in.Space.Type != SpaceGroupChat}
	if !s.isAdmin(in.Actor) {
		return form
	}
	plans, err := s.Plans.ListPlans(ctx)
	if err != nil {
		s.log.Warn("dialog: could not list plans", "error", err)
		return form
	}
	form.Plans = []string{}
	for _, p := range plans[:min(len(plans), maxPlanChoices)] {
		form.Plans = append(form.Plans, p.Name)
	}
	return form
}

// prefill is the text area's first text: cmd's people and unrecognised
// words, one a line, in the syntax ParseCommand reads back (a mention
// becomes its users/{id}).
func prefill(cmd Command) string {
	var lines []string
	for _, t := range cmd.People {
		switch {
		case t.Kind == TargetGroup && t.User == "":
			lines = append(lines, "group:"+t.Email)
		case t.Email != "" && t.Kind == TargetPerson:
			lines = append(lines, t.Email)
		default:
			lines = append(lines, t.User)
		}
	}
	for _, sk := range cmd.Skipped {
		if sk.Reason == ReasonUnrecognised {
			lines = append(lines, sk.Target.Display)
		}
	}
	return strings.Join(lines, "\n")
}

// dialogClick answers the dialog's own buttons and those that act from
// within it. Opening and closing cost nothing and are not counted against
// the person's command limit; a submit is.
func (s *Service) dialogClick(ctx context.Context, in Interaction) Reply {
	a := private(in.Actor)
	switch in.Action.Function {
	case actionOpenInvite:
		return s.openDialog(ctx, in)
	case actionCloseDialog:
		return DialogStatusReply{Audience: a, Cancelled: true}
	}
	if wait := s.limiter.take(in.Actor.Name); wait > 0 {
		return DialogStatusReply{Audience: a, Problem: &Refusal{Reason: ReasonRateLimit}}
	}
	switch in.Action.Function {
	case actionSubmitInvite:
		return s.submitInvite(ctx, in)
	case actionConfirm:
		return s.confirm(ctx, in)
	case actionCancelPreview:
		return s.cancelPreview(ctx, in)
	}
	return nil
}

// isDialogAction reports whether fn is one of the dialog's actions.
func isDialogAction(fn string) bool {
	return slices.Contains([]string{actionOpenInvite, actionCloseDialog, actionSubmitInvite}, fn)
}

// fromDialog reports whether a click came from inside a dialog: Chat says
// so (SUBMIT_DIALOG), or the button does (the add-on envelope may not).
func fromDialog(in Interaction) bool {
	return in.Dialog == DialogSubmit || in.Action != nil && in.Action.Parameters[paramIn] == inDialog
}

// submitInvite carries out the dialog's submit: its fields become the
// command a person would have typed, read by the same parser under the
// same rules; entries that are not people keep the dialog open, naming
// them, and nothing is done.
func (s *Service) submitInvite(ctx context.Context, in Interaction) Reply {
	cmd, invalid := s.dialogCommand(in)
	if len(invalid) > 0 {
		return DialogStatusReply{Audience: private(in.Actor), Problem: &Refusal{Reason: ReasonInvalidEntries}, Invalid: invalid}
	}
	var r Reply
	if cmd.Name == CmdOnboard {
		r = s.onboard(ctx, in, cmd)
	} else {
		r = s.invite(ctx, in, cmd)
	}
	return s.reportInDialog(ctx, in, r)
}

// dialogCommand reads the dialog's fields (untrusted, bounded by the edge)
// as the command they amount to: "/invite SPACE PEOPLE ADDRESSES", or
// "/onboard PLAN …" when a plan was chosen. invalid are the words that
// are neither people, addresses nor groups.
func (s *Service) dialogCommand(in Interaction) (cmd Command, invalid []string) {
	a := in.Action
	name, words := CmdInvite, []string{}
	if plan := firstOf(a.Form[fieldPlan], a.Parameters[paramPlan]); plan != "" && plan != noPlan {
		name, words = CmdOnboard, append(words, plan)
	}
	if space := firstOf(a.Form[fieldSpace], a.Parameters[paramSpace]); space != "" {
		ref, ok := parseSpaceRef(space)
		if !ok {
			invalid = append(invalid, space)
		}
		words = append(words, ref)
	}
	words = append(words, a.Form[fieldPeople]...)
	text := "/" + string(name) + " " + strings.Join(words, " ") + "\n" + strings.Join(a.Form[fieldAddresses], "\n")
	cmd = ParseCommand(Interaction{Actor: in.Actor, Space: in.Space, App: in.App, Text: text}, s.cfg.Commands)
	cmd.Name = name
	people := cmd
	if name == CmdOnboard {
		_, people = planName(cmd)
	}
	for _, sk := range people.Skipped {
		if sk.Reason == ReasonUnrecognised {
			invalid = append(invalid, sk.Target.Display)
		}
	}
	return cmd, invalid
}

// firstOf is the first non-blank of a field's values, else fallback,
// trimmed.
func firstOf(values []string, fallback string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return strings.TrimSpace(fallback)
}

// reportInDialog turns a request's reply into the dialog's answer: the
// preview in the dialog; a saved request closes it, and its result is
// posted in the space; anything else keeps it open saying why nothing
// was done.
func (s *Service) reportInDialog(ctx context.Context, in Interaction, r Reply) Reply {
	a := private(in.Actor)
	switch r := r.(type) {
	case PreviewReply:
		return DialogReply{Audience: a, Preview: &r.Preview}
	case BatchReply:
		s.post(ctx, r)
		return DialogStatusReply{Audience: a, Done: &r.Batch}
	case WorkingReply:
		return DialogStatusReply{Audience: a, Done: &r.Batch}
	case ConnectReply:
		// The sign-in link cannot be shown in a dialog's status: /connect
		// shows it.
		return DialogStatusReply{Audience: a, Problem: &Refusal{Reason: ReasonConnectFirst}}
	}
	rf := whyNothing(r)
	return DialogStatusReply{Audience: a, Problem: &rf}
}

// post posts a finished request's result card in the space it was asked
// in, through the API; a failure is logged: the work is saved regardless,
// and /status shows it.
func (s *Service) post(ctx context.Context, r BatchReply) {
	if s.Poster == nil || r.Batch.Origin.Name == "" {
		return
	}
	if err := s.Poster.Post(ctx, r.Batch.Origin.Name, r, "result-"+r.Batch.ID); err != nil {
		s.log.Error("could not post a result", "batch", r.Batch.ID, "space", r.Batch.Origin.Name, "error", err)
	}
}

// whyNothing is why a request's reply says nothing was done.
func whyNothing(r Reply) Refusal {
	switch r := r.(type) {
	case InviteReply:
		if r.Report.Refusal != nil {
			return *r.Report.Refusal
		}
	case RemoveReply:
		if r.Report.Refusal != nil {
			return *r.Report.Refusal
		}
	case PausedReply:
		return Refusal{Reason: r.Problem}
	case StatusReply:
		return Refusal{Reason: r.Problem}
	case PlanReply:
		return Refusal{Reason: r.Problem}
	case LimitedReply:
		return Refusal{Reason: ReasonRateLimit}
	case ConnectionReply:
		if r.Status.State == NotConfigured {
			return Refusal{Reason: ReasonNoOAuth}
		}
		return Refusal{Reason: r.Problem}
	}
	return Refusal{Reason: ReasonUnavailable}
}
