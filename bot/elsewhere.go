package bot

import (
	"context"
	"slices"
)

// Two ways of adding people act in spaces Onboard need not be in, with a
// person's own authority: a Workspace admin's admin access (--admin), and
// the asker adding Onboard itself to another space. Onboard cannot read
// roles where it is not a member, so there the kill switch, the allow-list
// and the per-person limit apply, and Chat enforces who may do what.

// addsOnboard reports whether a command asks to add Onboard itself to
// another space (ParseCommand makes such a target only then).
func addsOnboard(cmd Command) bool {
	return slices.ContainsFunc(cmd.People, func(t Target) bool { return t.Kind == TargetApp })
}

// inviteWithAdminAccess carries out /invite --admin: an Onboard admin who
// is a Workspace admin adds people or groups to any named space of the
// organisation with admin access. Apps and people outside the organisation
// are refused before any call (admin access cannot add them). The result
// is private: the target space may not have Onboard in it at all.
func (s *Service) inviteWithAdminAccess(ctx context.Context, in Interaction, cmd Command) Reply {
	if !s.isAdmin(in.Actor) {
		return s.refuseElsewhere(ctx, in, cmd, in.Space, Refusal{Reason: ReasonNotAdmin})
	}
	space, refusal := s.elsewhereSpace(ctx, in, cmd, "invite", inviteRefusal)
	if refusal != nil {
		return refusal
	}
	b := Batch{Key: requestKey(in), Actor: in.Actor, Origin: in.Space}
	admin := Authority{Kind: AsAdmin, User: in.Actor.Name}
	for _, t := range cmd.People {
		it := Item{Space: space, Target: t, As: admin, Result: PersonResult{Target: t, Outcome: Pending, As: AsAdmin}}
		switch d := EmailDomain(t.Email); {
		case t.Kind == TargetApp:
			it.Result.Outcome, it.Result.Reason = NotAdded, ReasonAdminNoApps
		case t.Kind == TargetPerson && d != "" && !slices.Contains(s.orgDomains(in.Actor), d):
			it.Result.Outcome, it.Result.Reason = NotAdded, ReasonAdminOutside
		}
		b.Items = append(b.Items, it)
	}
	return s.runElsewhere(ctx, in, cmd, b, true)
}

// inviteOnboard carries out "/invite spaces/AAAA… @Onboard": the asker adds
// Onboard itself to that space (or to a direct message between two people)
// with their own grant — Chat lets an app add only itself, and only with a
// person's authority. Others named with it are added with the asker's own
// grant too: Onboard is not in that space yet.
func (s *Service) inviteOnboard(ctx context.Context, in Interaction, cmd Command) Reply {
	space, refusal := s.elsewhereSpace(ctx, in, cmd, "invite", inviteRefusal)
	if refusal != nil {
		return refusal
	}
	b := Batch{Key: requestKey(in), Actor: in.Actor, Origin: in.Space}
	me := Authority{Kind: AsUser, User: in.Actor.Name}
	for _, t := range cmd.People {
		it := Item{Space: space, Target: t, As: me, Result: PersonResult{Target: t, Outcome: Pending, As: AsUser}}
		switch d := EmailDomain(t.Email); {
		case s.Connections == nil:
			it.As, it.Result.As = Authority{}, AsApp
			it.Result.Outcome, it.Result.Reason = NotAdded, ReasonNoOAuth
		case t.Kind == TargetPerson && d != "" && !slices.Contains(s.orgDomains(in.Actor), d):
			// Whether that space admits outsiders is not Onboard's to read.
			it.Result.Outcome, it.Result.Reason = NotAdded, ReasonExternal
		}
		b.Items = append(b.Items, it)
	}
	return s.runElsewhere(ctx, in, cmd, b, false)
}

// elsewhereSpace is the space named (or, for admin access, the named space
// typed in), with the checks that need no membership: the kill switch, the
// allow-list and how many people. A non-nil Reply is the refusal.
func (s *Service) elsewhereSpace(ctx context.Context, in Interaction, cmd Command, command string, answer refusalOf) (Space, Reply) {
	name := cmd.Space
	if name == "" && in.Space.Type == SpaceNamed {
		name = in.Space.Name
	}
	if name == "" {
		return Space{}, s.refuseWith(ctx, in, cmd, command, answer, in.Space, Refusal{Reason: ReasonNoSpace})
	}
	space := Space{Name: name, DisplayName: name}
	if name == in.Space.Name {
		space = in.Space
	} else if sp, err := s.Members.Space(ctx, name); err == nil {
		space = sp // Onboard is in it: its name reads better than the id
	}
	if why := s.gate(ctx, space.Name); why == ReasonPaused {
		s.denied(ctx, in, command, space.Name, why)
		return space, PausedReply{Audience: private(in.Actor), Paused: true, Problem: why}
	} else if why != "" {
		return space, s.refuseWith(ctx, in, cmd, command, answer, space, Refusal{Reason: why})
	}
	switch {
	case len(cmd.People) == 0:
		return space, s.refuseWith(ctx, in, cmd, command, answer, space, Refusal{Reason: nobodyNamed(cmd)})
	case len(cmd.People) > s.cfg.MaxPeople:
		return space, s.refuseWith(ctx, in, cmd, command, answer, space,
			Refusal{Reason: ReasonTooMany, Limit: s.cfg.MaxPeople, Count: len(cmd.People)})
	}
	return space, nil
}

func (s *Service) refuseElsewhere(ctx context.Context, in Interaction, cmd Command, space Space, r Refusal) Reply {
	return s.refuseWith(ctx, in, cmd, "invite", inviteRefusal, space, r)
}

// refuseWith records and answers a refused command with answer's reply.
func (s *Service) refuseWith(ctx context.Context, in Interaction, cmd Command, command string, answer refusalOf,
	space Space, r Refusal) Reply {
	s.denied(ctx, in, command, space.Name, r.Reason)
	return answer(private(in.Actor), InviteReport{Space: space, Actor: in.Actor, People: skippedResults(cmd), Refusal: &r})
}

// runElsewhere lends the asker's authority to the batch and runs it; with
// admin access the answer is the asker's alone.
func (s *Service) runElsewhere(ctx context.Context, in Interaction, cmd Command, b Batch, private bool) Reply {
	space := b.Items[0].Space
	over := s.cfg.PreviewOver
	if rules, err := s.rules(ctx, space.Name, in.Actor); err == nil {
		over = rules.previewOver
	}
	if r := s.previewFirst(ctx, in, cmd, len(cmd.People), itemsWithSkips(b.Items, space, cmd), nil, over); r != nil {
		return r
	}
	if r := s.lend(ctx, in, &b); r != nil {
		return r
	}
	b.Items = itemsWithSkips(b.Items, space, cmd)
	r := s.run(ctx, in, b, nil, "invite")
	if br, ok := r.(BatchReply); ok {
		r = s.nowAMember(ctx, br)
	}
	if private {
		a := AudienceOf(r)
		a.Private = true
		r = r.withAudience(a)
	}
	return r
}

// nowAMember reads, with Onboard's own authority, the spaces it was just
// added to — it is a member now — so the reply names them as Chat does
// and links to them the right way (a space or a direct message).
func (s *Service) nowAMember(ctx context.Context, r BatchReply) BatchReply {
	known := map[string]Space{}
	for i, it := range r.Batch.Items {
		if it.Target.Kind != TargetApp || it.Result.Outcome != Joined {
			continue
		}
		sp, ok := known[it.Space.Name]
		if !ok {
			got, err := s.Members.Space(ctx, it.Space.Name)
			if err != nil {
				continue
			}
			sp, known[it.Space.Name] = got, got
		}
		r.Batch.Items[i].Space = sp
	}
	return r
}
