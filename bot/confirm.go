package bot

import "context"

// confirm carries out a preview's Confirm: only the person who asked, and
// only within the preview's lifetime; the request then runs again from
// what was saved, as them now — their rights, the kill switch, the
// allow-list, the space's settings and their grant are all checked anew —
// keyed by the preview, so a second click runs nothing twice.
//
// The preview is settled as confirmed only when those checks pass, just
// before the work is saved (run). A Confirm they refuse answers privately
// why and leaves the preview as it was, open: once the cause is fixed the
// same Confirm runs it, and Cancel still cancels it.
func (s *Service) confirm(ctx context.Context, in Interaction) Reply {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()
	p, why := s.previewFor(ctx, in)
	switch {
	case why != "":
	case s.cfg.Now().Sub(p.CreatedAt) > s.previewLifetime():
		why = ReasonPreviewExpired
	case p.State == PreviewCancelled:
		why = ReasonPreviewCancelled
	}
	if why != "" {
		s.denied(ctx, in, "confirm", in.Space.Name, why)
		return s.clickRefused(in, Refusal{Reason: why})
	}
	again := in
	again.ID, again.Space, again.confirming, again.Dialog, again.Action = "preview-"+p.ID, p.Origin, p.ID, "", nil
	var r Reply
	if p.Command.Name == CmdOnboard {
		r = s.onboard(ctx, again, p.Command)
	} else {
		r = s.invite(ctx, again, p.Command)
	}
	if fromDialog(in) {
		return s.reportInDialog(ctx, in, r)
	}
	switch r := r.(type) {
	case BatchReply:
		if r.Batch.ID == "" {
			return r // nothing was saved (a plan none of whose spaces it may act in): the preview stays open
		}
		s.post(ctx, r)
	case WorkingReply:
	default:
		return r // a refusal or a sign-in, privately: the preview stays open
	}
	return s.settledPreview(in, p, PreviewConfirmed)
}

// settleConfirmed settles the preview a Confirm re-runs as confirmed, once
// everything was checked again and just before its work is saved; nil
// when the work may go ahead — also for a second click, which finds it
// confirmed and saves nothing twice (the work is keyed by the preview).
// A Cancel that came first wins.
func (s *Service) settleConfirmed(ctx context.Context, in Interaction) Reply {
	if in.confirming == "" {
		return nil
	}
	why := Reason("")
	switch st, err := s.Previews.SettlePreview(ctx, in.confirming, PreviewConfirmed); {
	case err != nil:
		why = ReasonUnavailable
	case st == PreviewCancelled:
		why = ReasonPreviewCancelled
	}
	if why == "" {
		return nil
	}
	s.denied(ctx, in, "confirm", in.Space.Name, why)
	return s.clickRefused(in, Refusal{Reason: why})
}

// cancelPreview carries out a preview's Cancel: nothing was saved, and
// the preview can no longer be confirmed.
func (s *Service) cancelPreview(ctx context.Context, in Interaction) Reply {
	p, why := s.previewFor(ctx, in)
	if why == "" {
		switch st, err := s.Previews.SettlePreview(ctx, p.ID, PreviewCancelled); {
		case err != nil:
			why = ReasonUnavailable
		case st == PreviewConfirmed:
			why = ReasonPreviewConfirmed
		}
	}
	if why != "" {
		s.denied(ctx, in, "cancel", in.Space.Name, why)
		return s.clickRefused(in, Refusal{Reason: why})
	}
	if fromDialog(in) {
		return DialogStatusReply{Audience: private(in.Actor), Cancelled: true}
	}
	return s.settledPreview(in, p, PreviewCancelled)
}

// previewFor is the preview a click names, if it is the clicker's own.
// One that is gone (it expired and was cleared, or was erased) counts as
// expired.
func (s *Service) previewFor(ctx context.Context, in Interaction) (Preview, Reason) {
	if s.Previews == nil {
		return Preview{}, ReasonPreviewExpired
	}
	p, err := s.Previews.Preview(ctx, in.Action.Parameters[paramPreview])
	switch {
	case KindOf(err) == KindNotFound:
		return Preview{}, ReasonPreviewExpired
	case err != nil:
		return Preview{}, ReasonUnavailable
	case p.Actor.Name == "" || p.Actor.Name != in.Actor.Name:
		return Preview{}, ReasonNotYours
	}
	return p, ""
}

// settledPreview replaces the preview card clicked with what became of
// it.
func (s *Service) settledPreview(in Interaction, p Preview, st PreviewState) Reply {
	a := private(in.Actor)
	rep := PreviewReport{ID: p.ID, Command: p.Command.Name, Actor: p.Actor, Origin: p.Origin,
		People: len(p.Command.People), State: st}
	if p.Command.Name == CmdOnboard {
		plan, people := planName(p.Command)
		rep.Plan, rep.People = plan, len(people.People)
	}
	return UpdateReply{Audience: a, Of: PreviewReply{Audience: a, Preview: rep}}
}

// clickRefused answers a click that changed nothing: in its dialog, kept
// open with why; elsewhere privately, never changing the card clicked.
func (s *Service) clickRefused(in Interaction, rf Refusal) Reply {
	if fromDialog(in) {
		return DialogStatusReply{Audience: private(in.Actor), Problem: &rf}
	}
	return InviteReply{Audience: private(in.Actor), Report: InviteReport{Space: in.Space, Actor: in.Actor, Refusal: &rf}}
}
