package bot

import (
	"context"
	"slices"
	"sync"
)

// addConcurrency bounds parallel members.create calls of one command: fast
// enough for 20 people within Chat's 30 s, gentle on the per-project quota.
const addConcurrency = 4

// invite carries out /invite: choose the target space, check the invoker
// may invite there, then add each person and report every outcome.
func (s *Service) invite(ctx context.Context, in Interaction, cmd Command) Reply {
	// Detached from the request: if Chat gives up waiting, the batch still
	// finishes and a redelivery gets its report.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()

	report := &InviteReport{Space: in.Space, Actor: in.Actor}
	reply := Reply{Kind: ReplyInvite, Actor: in.Actor, Invite: report}
	refuse := func(r Refusal) Reply {
		report.Refusal = &r
		reply.Private = true
		s.logCommand(in, report)
		return reply
	}
	for _, sk := range cmd.Skipped {
		report.People = append(report.People, PersonResult{Target: sk.Target, Outcome: Skipped, Reason: sk.Reason})
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
	case failed != "":
		s.failAll(report, cmd.People, failed)
		s.logCommand(in, report)
		return reply
	}
	if r, failed := s.authorise(ctx, in.Actor, space); r != nil {
		return refuse(*r)
	} else if failed != "" {
		s.failAll(report, cmd.People, failed)
		s.logCommand(in, report)
		return reply
	}
	report.People = append(s.addAll(ctx, space, in.Actor, cmd.People), report.People...)
	s.logCommand(in, report)
	return reply
}

// targetSpace picks the space to invite into: one named in the command, or
// the space the command was typed in. A DM is never a target.
func (s *Service) targetSpace(ctx context.Context, in Interaction, cmd Command) (Space, *Refusal, Reason) {
	if cmd.Space == "" || cmd.Space == in.Space.Name {
		if in.Space.Type == SpaceNamed || in.Space.Type == SpaceGroupChat {
			return in.Space, nil, ""
		}
		return in.Space, &Refusal{Reason: ReasonNoSpace}, ""
	}
	sp, err := s.members.Space(ctx, cmd.Space)
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
	m, err := s.members.Member(ctx, space.Name, actor.Name)
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

// addAll adds people concurrently and returns their results in the order
// named. Typed addresses outside the organisation are reported without an
// API call; once Chat says app authentication is not approved, or that
// Onboard is not in the space, the rest get the same answer without calls.
func (s *Service) addAll(ctx context.Context, space Space, actor User, people []Target) []PersonResult {
	results := make([]PersonResult, len(people))
	domains := s.orgDomains(actor)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		stopWith Reason
		sem      = make(chan struct{}, addConcurrency)
	)
	for i, t := range people {
		results[i] = PersonResult{Target: t}
		if t.Email != "" && len(domains) > 0 && !slices.Contains(domains, EmailDomain(t.Email)) {
			results[i].Outcome, results[i].Reason = NotAdded, ReasonExternal
			continue
		}
		wg.Add(1)
		go func(r *PersonResult) {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			mu.Lock()
			stop := stopWith
			mu.Unlock()
			if stop != "" {
				r.Outcome, r.Reason = NotAdded, stop
				return
			}
			s.addOne(ctx, space.Name, r)
			if r.Reason == ReasonNotApproved || r.Reason == ReasonAppNotInSpace {
				mu.Lock()
				stopWith = r.Reason
				mu.Unlock()
			}
		}(&results[i])
	}
	wg.Wait()
	return results
}

func (s *Service) addOne(ctx context.Context, space string, r *PersonResult) {
	m, err := s.members.AddMember(ctx, space, r.Target.User)
	if err != nil {
		if KindOf(err) == KindAlreadyMember {
			r.Outcome = Already
			return
		}
		r.Outcome, r.Reason = NotAdded, reasonFor(KindOf(err))
		s.log.Warn("invite: member not added", "space", space, "person", r.Target.User, "kind", KindOf(err).String(), "error", err)
		return
	}
	r.User = m.User
	if m.State == StateInvited {
		r.Outcome = Invited
	} else {
		r.Outcome = Joined
	}
}

// failAll gives every person the same reason (the space or the API failed
// before anyone could be attempted).
func (s *Service) failAll(report *InviteReport, people []Target, reason Reason) {
	results := make([]PersonResult, len(people))
	for i, t := range people {
		results[i] = PersonResult{Target: t, Outcome: NotAdded, Reason: reason}
	}
	report.People = append(results, report.People...)
}

func (s *Service) orgDomains(actor User) []string {
	if len(s.cfg.OrgDomains) > 0 {
		return s.cfg.OrgDomains
	}
	if d := EmailDomain(actor.Email); d != "" {
		return []string{d}
	}
	return nil
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

func (s *Service) logCommand(in Interaction, r *InviteReport) {
	attrs := []any{"space", r.Space.Name, "actor", in.Actor.Name, "message", in.ID}
	if r.Refusal != nil {
		s.log.Info("invite refused", append(attrs, "reason", string(r.Refusal.Reason))...)
		return
	}
	for _, p := range r.People {
		s.log.Info("invite outcome", append(attrs, "person", p.Target.User, "outcome", string(p.Outcome), "reason", string(p.Reason))...)
	}
}
