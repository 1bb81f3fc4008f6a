package bot

import (
	"context"
	"fmt"
	"time"
)

// invite carries out /invite: choose the target space, check the invoker
// may invite there, then save the work durably and report every outcome.
func (s *Service) invite(ctx context.Context, in Interaction, cmd Command) Reply {
	// Detached from the request: if Chat gives up waiting, the lookups
	// still finish and the work is still saved.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()

	switch {
	case len(cmd.People)+len(cmd.Skipped) == 0 && !cmd.Admin && in.Action == nil:
		// Typed with nothing to invite: offer the dialog, which a message
		// cannot open by itself (only a button can).
		return InviteOfferReply{Audience: private(in.Actor), Space: cmd.Space}
	case cmd.Admin:
		return s.inviteWithAdminAccess(ctx, in, cmd)
	case addsOnboard(cmd):
		return s.inviteOnboard(ctx, in, cmd)
	}
	pf, refused := s.preflight(ctx, in, cmd, "invite", inviteRefusal, func(r spaceRules) InvitePolicy { return r.invite })
	if refused != nil {
		return refused
	}
	facts := &spaceFacts{space: pf.space}
	b := Batch{Key: requestKey(in), Actor: in.Actor, Origin: in.Space}
	for _, t := range cmd.People {
		it := Item{Space: pf.space, Target: t, Result: PersonResult{Target: t, Outcome: Pending}}
		if pf.failed != "" {
			// The space or the API failed before anyone could be
			// attempted: every person gets that reason, recorded.
			it.Result.Outcome, it.Result.Reason = NotAdded, pf.failed
		} else {
			it.As, it.Result.Outcome, it.Result.Reason = s.route(ctx, in, facts, pf.rules, t)
			it.Result.As = it.As.Kind
		}
		b.Items = append(b.Items, it)
	}
	if pf.failed == "" {
		shown := itemsWithSkips(b.Items, pf.space, cmd)
		if r := s.previewFirst(ctx, in, cmd, len(cmd.People), shown, nil, pf.rules.previewOver); r != nil {
			if pr, ok := r.(PreviewReply); ok {
				pr.Preview.InChat = pf.inChat
				r = pr
			}
			return r
		}
	}
	if r := s.lend(ctx, in, &b); r != nil {
		return r
	}
	b.Items = itemsWithSkips(b.Items, pf.space, cmd)
	r := s.run(ctx, in, b, nil, "invite")
	if br, ok := r.(BatchReply); ok {
		br.InviteMore, br.InChat = pf.space.Name, pf.inChat
		r = br
	}
	return r
}

// preflighted is what the checks shared by every membership-changing
// command established: the target space, its rules, and a reason every
// person gets when the space or the API failed before anyone could be
// attempted; and what the invoker can do in Chat there, as their role
// says.
type preflighted struct {
	space  Space
	rules  spaceRules
	failed Reason
	inChat InChat
}

// refusalOf makes the reply that carries a refused command's report.
type refusalOf func(Audience, InviteReport) Reply

func inviteRefusal(a Audience, r InviteReport) Reply { return InviteReply{Audience: a, Report: r} }
func removeRefusal(a Audience, r InviteReport) Reply { return RemoveReply{Audience: a, Report: r} }

// preflight runs those checks — target space, kill switch and allow-list,
// the space's rules, how many people, and the invoker's right (policy
// picks the invite or the remove right) — and returns the refusal to send
// when one fails (made by answer), recorded in the audit log.
func (s *Service) preflight(ctx context.Context, in Interaction, cmd Command, command string, answer refusalOf,
	policy func(spaceRules) InvitePolicy) (preflighted, Reply) {
	report := InviteReport{Space: in.Space, Actor: in.Actor}
	refuse := func(r Refusal) (preflighted, Reply) {
		report.Refusal = &r
		report.People = skippedResults(cmd)
		s.log.Info(command+" refused", "space", report.Space.Name, "actor", in.Actor.Name, "reason", string(r.Reason))
		s.denied(ctx, in, command, report.Space.Name, r.Reason)
		return preflighted{}, answer(private(in.Actor), report)
	}
	space, refusal, failed := s.targetSpace(ctx, in, cmd)
	report.Space = space
	if refusal != nil {
		return refuse(*refusal)
	}
	if why := s.gate(ctx, space.Name); why == ReasonPaused {
		s.denied(ctx, in, command, space.Name, why)
		return preflighted{}, PausedReply{Audience: private(in.Actor), Paused: true, Problem: why}
	} else if why != "" {
		return refuse(Refusal{Reason: why})
	}
	rules, err := s.rules(ctx, space.Name, in.Actor)
	if err != nil {
		return preflighted{}, StatusReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	switch {
	case len(cmd.People) == 0:
		return refuse(Refusal{Reason: nobodyNamed(cmd)})
	case len(cmd.People) > rules.maxPeople:
		return refuse(Refusal{Reason: ReasonTooMany, Limit: rules.maxPeople, Count: len(cmd.People)})
	}
	var inChat InChat
	if failed == "" {
		var r *Refusal
		if r, failed, inChat = s.authoriseAs(ctx, in.Actor, space, policy(rules)); r != nil {
			return refuse(*r)
		}
	}
	return preflighted{space: space, rules: rules, failed: failed, inChat: inChat}, nil
}

// run saves the batch (idempotently: a redelivered request finds its
// batch), waits a little for it, and answers with the result when the
// reply reports it, or else with a private acknowledgement: the progress
// message reports the batch — also to a redelivered request that comes
// after the batch went asynchronous, which must not post the tally twice.
// A Confirm's re-run settles its preview here, when nothing is left to
// refuse it.
func (s *Service) run(ctx context.Context, in Interaction, b Batch, skipped []SpaceSkip, command string) Reply {
	if r := s.settleConfirmed(ctx, in); r != nil {
		return r
	}
	b.Locale, b.TimeZone = s.readers(ctx, in, b.Private())
	saved, err := s.Jobs.Submit(ctx, b, s.cfg.SyncWait)
	if err != nil {
		s.log.Error("could not save onboarding work", "actor", in.Actor.Name, "error", err)
		return StatusReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	if saved.Key == b.Key && len(saved.Items) == len(b.Items) && saved.CreatedAt.After(s.cfg.Now().Add(-time.Minute)) {
		e := entryFor(in, command, commandSpace(in, b))
		e.BatchID, e.Detail = saved.ID, fmt.Sprintf("%d people · %d spaces", countPeople(b), countSpaces(b))
		e.Authority = commandAuthority(b)
		s.record(ctx, e)
	}
	now, reply, err := s.Jobs.Wait(ctx, saved.ID, s.cfg.SyncWait)
	if err != nil {
		s.log.Error("could not read onboarding work", "batch", saved.ID, "error", err)
		// A batch decided when saved has no progress message: only the
		// reply can report it.
		now, reply = saved, saved.Done
	}
	if reply {
		// Who joined other spaces, or which spaces were left out, is the
		// asker's to know, not this space's.
		a := public(in.Actor)
		if now.Private() || len(skipped) > 0 && in.Space.Type != SpaceDM {
			a = private(in.Actor)
		}
		// Its readers are the batch's unless only the asker sees it; the
		// reply may be posted through the API too (post), so say it here.
		a.Locale, a.TimeZone = b.Locale, b.TimeZone
		if a.Private != b.Private() {
			a.Locale, a.TimeZone = s.readers(ctx, in, a.Private)
		}
		r := BatchReply{Audience: a, Batch: now, SkippedSpaces: skipped}
		if now.Count(Joined)+now.Count(Invited) > 0 {
			r.UndoBatch = now.ID
		}
		if len(retryable(now)) > 0 {
			r.RetryBatch = now.ID
		}
		return r
	}
	return WorkingReply{Audience: private(in.Actor), Batch: now, SkippedSpaces: skipped}
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
		// Onboard cannot see it: name it as typed on the card.
		return Space{Name: cmd.Space, DisplayName: cmd.Space}, nil, reasonFor(KindOf(err))
	}
	if sp.Type != SpaceNamed && sp.Type != SpaceGroupChat {
		return sp, &Refusal{Reason: ReasonSpaceType}, ""
	}
	return sp, nil, ""
}

// authorise looks up the invoker's role in the target space. Onboard adds
// people with its own authority, so without this check any member could
// pull anyone into a managers-only space.
func (s *Service) authorise(ctx context.Context, actor User, space Space, policy InvitePolicy) (*Refusal, Reason) {
	r, failed, _ := s.authoriseAs(ctx, actor, space, policy)
	return r, failed
}

// authoriseAs is authorise, and — for an invoker it lets through — what
// they can do in Chat itself there, which the role it read says.
func (s *Service) authoriseAs(ctx context.Context, actor User, space Space, policy InvitePolicy) (*Refusal, Reason, InChat) {
	if actor.Name == "" {
		return &Refusal{Reason: ReasonNotMember}, "", InChatUnknown
	}
	m, err := s.Members.Member(ctx, space.Name, actor.Name)
	switch k := KindOf(err); {
	case err == nil:
	case k == KindNotFound:
		return &Refusal{Reason: ReasonNotMember}, "", InChatUnknown
	default:
		return nil, reasonFor(k), InChatUnknown
	}
	if m.State != StateJoined {
		return &Refusal{Reason: ReasonNotMember}, "", InChatUnknown
	}
	if !policy.MayInvite(space.Type, m.Role) {
		return &Refusal{Reason: ReasonPolicy, Role: m.Role, Policy: policy}, "", InChatUnknown
	}
	return nil, "", inChatOf(space.Type, m.Role)
}

// nobodyNamed is why a command that names nobody to act on is refused:
// ReasonInvoker when the asker named only themselves, so the card can
// say that rather than "nobody was named".
func nobodyNamed(cmd Command) Reason {
	if len(cmd.Skipped) == 0 {
		return ReasonNoPeople
	}
	for _, sk := range cmd.Skipped {
		if sk.Reason != ReasonInvoker {
			return ReasonNoPeople
		}
	}
	return ReasonInvoker
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
	case KindNotConnected:
		return ReasonReconnect
	case KindNotWorkspaceAdmin:
		return ReasonNotWorkspaceAdmin
	default:
		return ReasonAPIError
	}
}

// reasonAs is reasonFor for a call made with authority as: with a
// person's own grant a refusal is Chat saying that person may not do it.
func reasonAs(k Kind, as AuthorityKind) Reason {
	if k == KindDenied && as == AsUser {
		return ReasonChatRefused
	}
	return reasonFor(k)
}

func countPeople(b Batch) int {
	seen := map[string]bool{}
	for _, it := range b.Items {
		if it.Result.Outcome != Skipped {
			seen[it.Target.User] = true
		}
	}
	return len(seen)
}

// commandSpace is the space a command's audit entry names: the one space
// its people are added to — which, for admin access or Onboard adding
// itself, is not where it was typed — or, for several, where it was typed.
func commandSpace(in Interaction, b Batch) Space {
	if countSpaces(b) == 1 && len(b.Items) > 0 {
		return b.Items[0].Space
	}
	return in.Space
}

// commandAuthority is whose authority a command's audit entry records: a
// Workspace admin's when it used admin access, the asker's own when any
// person is added with their grant, and Onboard's own otherwise.
func commandAuthority(b Batch) AuthorityKind {
	kind := AsApp
	for _, it := range b.Items {
		switch it.As.Kind {
		case AsAdmin:
			return AsAdmin
		case AsUser:
			kind = AsUser
		}
	}
	return kind
}

func countSpaces(b Batch) int {
	seen := map[string]bool{}
	for _, it := range b.Items {
		seen[it.Space.Name] = true
	}
	return len(seen)
}
