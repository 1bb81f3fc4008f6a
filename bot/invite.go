package bot

import (
	"context"
	"slices"
)

// invite carries out /invite: choose the target space, check the invoker
// may invite there, then save the work durably and report every outcome.
func (s *Service) invite(ctx context.Context, in Interaction, cmd Command) Reply {
	// Detached from the request: if Chat gives up waiting, the lookups
	// still finish and the work is still saved.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()

	report := &InviteReport{Space: in.Space, Actor: in.Actor}
	refuse := func(r Refusal) Reply {
		report.Refusal = &r
		report.People = skippedResults(cmd)
		s.log.Info("invite refused", "space", report.Space.Name, "actor", in.Actor.Name, "reason", string(r.Reason))
		return Reply{Kind: ReplyInvite, Private: true, Actor: in.Actor, Invite: report}
	}
	space, refusal, failed := s.targetSpace(ctx, in, cmd)
	report.Space = space
	switch {
	case refusal != nil:
		return refuse(*refusal)
	case len(cmd.People) == 0:
		return refuse(Refusal{Reason: ReasonNoPeople})
	case len(cmd.People) > s.cfg.MaxPeople:
		return refuse(Refusal{Reason: ReasonTooMany, Limit: s.cfg.MaxPeople, Count: len(cmd.People)})
	}
	if failed == "" {
		var r *Refusal
		if r, failed = s.authorise(ctx, in.Actor, space); r != nil {
			return refuse(*r)
		}
	}
	b := Batch{Key: requestKey(in), Actor: in.Actor, Origin: in.Space}
	for _, t := range cmd.People {
		it := Item{Space: space, Target: t, Result: PersonResult{Target: t, Outcome: Pending}}
		switch {
		case failed != "":
			// The space or the API failed before anyone could be
			// attempted: every person gets that reason, recorded.
			it.Result.Outcome, it.Result.Reason = NotAdded, failed
		case s.external(in.Actor, t):
			it.Result.Outcome, it.Result.Reason = NotAdded, ReasonExternal
		}
		b.Items = append(b.Items, it)
	}
	for _, r := range skippedResults(cmd) {
		b.Items = append(b.Items, Item{Space: space, Target: r.Target, Result: r})
	}
	return s.run(ctx, in, b, nil)
}

// run saves the batch (idempotently: a redelivered request finds its
// batch), waits a little for it, and answers with the result or an
// acknowledgement.
func (s *Service) run(ctx context.Context, in Interaction, b Batch, skipped []SpaceSkip) Reply {
	saved, err := s.Jobs.Submit(ctx, b)
	if err != nil {
		s.log.Error("could not save onboarding work", "actor", in.Actor.Name, "error", err)
		return Reply{Kind: ReplyStatus, Private: true, Actor: in.Actor, Problem: ReasonUnavailable}
	}
	now, err := s.Jobs.Wait(ctx, saved.ID, s.cfg.SyncWait)
	if err != nil {
		s.log.Error("could not read onboarding work", "batch", saved.ID, "error", err)
		now = saved
	}
	if now.Done {
		return Reply{Kind: ReplyBatch, Actor: in.Actor, Batch: &now, SkippedSpaces: skipped}
	}
	return Reply{Kind: ReplyWorking, Private: true, Actor: in.Actor, Batch: &now, SkippedSpaces: skipped}
}

// targetSpace picks the space to invite into: one named in the command, or
// the space the command was typed in. A DM is never a target. A non-empty
// Reason means the space could not be looked up (every person gets it).
func (s *Service) targetSpace(ctx context.Context, in Interaction, cmd Command) (Space, *Refusal, Reason) {
	if cmd.Space == "" || cmd.Space == in.Space.Name {
		if in.Space.Type == SpaceNamed || in.Space.Type == SpaceGroupChat {
			return in.Space, nil, ""
		}
		return in.Space, &Refusal{Reason: ReasonNoSpace}, ""
	}
	sp, err := s.Members.Space(ctx, cmd.Space)
	if err != nil {
		return Space{Name: cmd.Space}, nil, reasonFor(KindOf(err))
	}
	if sp.Type != SpaceNamed && sp.Type != SpaceGroupChat {
		return sp, &Refusal{Reason: ReasonSpaceType}, ""
	}
	return sp, nil, ""
}

// authorise looks up the invoker's role in the target space. Onboard adds
// people with its own authority, so without this check any member could
// pull anyone into a managers-only space.
func (s *Service) authorise(ctx context.Context, actor User, space Space) (*Refusal, Reason) {
	if actor.Name == "" {
		return &Refusal{Reason: ReasonNotMember}, ""
	}
	m, err := s.Members.Member(ctx, space.Name, actor.Name)
	switch k := KindOf(err); {
	case err == nil:
	case k == KindNotFound:
		return &Refusal{Reason: ReasonNotMember}, ""
	default:
		return nil, reasonFor(k)
	}
	if m.State != StateJoined {
		return &Refusal{Reason: ReasonNotMember}, ""
	}
	if !s.cfg.Policy.MayInvite(space.Type, m.Role) {
		return &Refusal{Reason: ReasonPolicy, Role: m.Role, Policy: s.cfg.Policy}, ""
	}
	return nil, ""
}

// external reports whether a typed address is outside the organisation:
// such people are reported without an API call (app authentication cannot
// add them). Mentioned people carry no address; Chat's answer decides.
func (s *Service) external(actor User, t Target) bool {
	domains := s.cfg.OrgDomains
	if len(domains) == 0 {
		if d := EmailDomain(actor.Email); d != "" {
			domains = []string{d}
		}
	}
	return t.Email != "" && len(domains) > 0 && !slices.Contains(domains, EmailDomain(t.Email))
}

func skippedResults(cmd Command) []PersonResult {
	var out []PersonResult
	for _, sk := range cmd.Skipped {
		out = append(out, PersonResult{Target: sk.Target, Outcome: Skipped, Reason: sk.Reason})
	}
	return out
}

// reasonFor maps an error kind to the reason a person was not added.
func reasonFor(k Kind) Reason {
	switch k {
	case KindExternal:
		return ReasonExternal
	case KindNotFound, KindInvalid:
		return ReasonNotFound
	case KindAppNotInSpace:
		return ReasonAppNotInSpace
	case KindNotApproved:
		return ReasonNotApproved
	case KindRateLimited:
		return ReasonRateLimited
	default:
		return ReasonAPIError
	}
}
