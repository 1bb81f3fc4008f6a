package bot

import "context"

// retry carries out "Retry failed" on a result card: the people whose
// failure may pass on a retry (Reason.Retryable) are asked for again, as a
// new request of the clicker's — every check made anew (their rights, the
// kill switch, the allow-list, the space's settings), and where a person's
// own authority added people, the clicker's own grant on the same path.
// The new request is keyed by the card's batch, so a second click reports
// the first retry rather than running another; its own card offers
// "Retry failed" for whoever fails again.
func (s *Service) retry(ctx context.Context, in Interaction, batchID string) Reply {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()
	b, err := s.History.Batch(ctx, batchID)
	if err != nil {
		s.denied(ctx, in, "retry", in.Space.Name, ReasonNoJob)
		return s.clickRefused(in, Refusal{Reason: ReasonNoJob})
	}
	again := Batch{Key: "retry-" + b.ID, Actor: in.Actor, Origin: b.Origin}
	for _, g := range retryable(b) {
		rules, why := s.retryRights(ctx, in.Actor, g)
		if why != "" {
			s.denied(ctx, in, "retry", g.space.Name, why)
			if why == ReasonPaused {
				return PausedReply{Audience: private(in.Actor), Paused: true, Problem: why}
			}
			return InviteReply{Audience: private(in.Actor),
				Report: InviteReport{Space: g.space, Actor: in.Actor, Refusal: &Refusal{Reason: why}}}
		}
		again.Items = append(again.Items, s.retryItems(ctx, in, g, rules)...)
	}
	if len(again.Items) == 0 {
		return s.clickRefused(in, Refusal{Reason: ReasonNothingToRetry})
	}
	if r := s.lend(ctx, in, &again); r != nil {
		return r
	}
	return s.run(ctx, in, again, nil, "retry")
}

// retryItems are g's people asked for again by in's person: routed anew
// (the space's domains may have changed), admin access staying admin
// access, Onboard itself added with their own grant.
func (s *Service) retryItems(ctx context.Context, in Interaction, g itemGroup, rules spaceRules) []Item {
	facts := &spaceFacts{space: g.space}
	out := make([]Item, 0, len(g.items))
	for _, old := range g.items {
		t := old.Target
		it := Item{Space: g.space, Target: t, Welcome: old.Welcome, Result: PersonResult{Target: t, Outcome: Pending}}
		switch {
		case g.as == AsAdmin:
			it.As = Authority{Kind: AsAdmin, User: in.Actor.Name}
		case t.Kind == TargetApp:
			it.As = Authority{Kind: AsUser, User: in.Actor.Name}
		default:
			it.As, it.Result.Outcome, it.Result.Reason = s.route(ctx, in, facts, rules, t)
		}
		it.Result.As = it.As.Kind
		out = append(out, it)
	}
	return out
}

// retryRights says why actor may not retry g, or "", and the rules in
// force in its space. Onboard's own authority needs the invite right
// there (or, for an Onboard admin, a space where plans may add people, as
// /onboard would); admin access stays with Onboard admins; a person's own
// grant is judged by Chat where Onboard cannot read roles.
func (s *Service) retryRights(ctx context.Context, actor User, g itemGroup) (spaceRules, Reason) {
	if why := s.gate(ctx, g.space.Name); why != "" {
		return spaceRules{}, why
	}
	rules, err := s.rules(ctx, g.space.Name, actor)
	switch {
	case err != nil:
		return rules, ReasonUnavailable
	case g.as == AsAdmin && !s.isAdmin(actor):
		return rules, ReasonNotAdmin
	case g.as == AsAdmin, g.as == AsApp && s.isAdmin(actor) && rules.plansAllowed:
		return rules, ""
	}
	r, failed := s.authorise(ctx, actor, g.space, rules.invite)
	switch {
	case r != nil:
		return rules, r.Reason
	case failed == ReasonAppNotInSpace && g.as != AsApp:
		return rules, "" // Chat judges the clicker's own grant
	}
	return rules, failed
}

// retryable groups b's failures a retry may overcome by space and kind
// of authority.
func retryable(b Batch) []itemGroup {
	return groupBySpace(b, func(it Item) bool {
		return it.Result.Outcome == NotAdded && it.Result.Reason.Retryable()
	})
}

// itemGroup is items of one batch in one space with one kind of authority:
// what one retry, or one step of an Undo, acts on with one authority.
type itemGroup struct {
	space Space
	as    AuthorityKind
	items []Item
}

// groupBySpace groups the items of b that keep accepts by space and kind
// of authority, in order of first appearance.
func groupBySpace(b Batch, keep func(Item) bool) []itemGroup {
	var groups []itemGroup
	index := map[[2]string]int{}
	for _, it := range b.Items {
		if !keep(it) {
			continue
		}
		key := [2]string{it.Space.Name, string(it.As.Kind)}
		i, ok := index[key]
		if !ok {
			i = len(groups)
			index[key] = i
			groups = append(groups, itemGroup{space: it.Space, as: it.As.Kind})
		}
		groups[i].items = append(groups[i].items, it)
	}
	return groups
}
