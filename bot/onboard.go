package bot

import (
	"context"
	"strings"
)

// onboard carries out "/onboard @a b@example.com PLAN": add the people to
// every space of the plan where the invoker may do it. An Onboard admin may
// apply a plan to every plan space Onboard belongs to (delegated
// authority, recorded as theirs); anyone else only to the spaces where the
// invite policy lets them invite. Spaces left out are reported with why.
func (s *Service) onboard(ctx context.Context, in Interaction, cmd Command) Reply {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()
	name, people := planName(cmd)
	refuse := func(r Refusal) Reply {
		return InviteReply{Audience: private(in.Actor), Report: InviteReport{Space: in.Space, Actor: in.Actor, Refusal: &r}}
	}
	if name == "" {
		return PlanReply{Audience: private(in.Actor), Problem: ReasonBadPlanInput}
	}
	plan, err := s.Plans.Plan(ctx, name)
	if err != nil {
		problem := ReasonUnavailable
		if KindOf(err) == KindNotFound {
			problem = ReasonNoPlan
		}
		return PlanReply{Audience: private(in.Actor), Plan: &Plan{Name: name}, Problem: problem}
	}
	switch {
	case len(people.People) == 0:
		return refuse(Refusal{Reason: nobodyNamed(cmd)})
	case len(people.People) > s.cfg.MaxPeople:
		return refuse(Refusal{Reason: ReasonTooMany, Limit: s.cfg.MaxPeople, Count: len(people.People)})
	}
	if s.paused(ctx) {
		s.denied(ctx, in, "onboard", in.Space.Name, ReasonPaused)
		return PausedReply{Audience: private(in.Actor), Paused: true, Problem: ReasonPaused}
	}
	b := Batch{Key: requestKey(in), Actor: in.Actor, Origin: in.Space}
	var skipped []SpaceSkip
	over := -1 // the strictest preview setting of the spaces acted in
	for _, ps := range plan.Spaces {
		space, rules, why := s.planSpace(ctx, in.Actor, ps.Space)
		if why != "" {
			skipped = append(skipped, SpaceSkip{Space: space, Reason: why})
			s.denied(ctx, in, "onboard", space.Name, why)
			continue
		}
		if rules.previewOver >= 0 && (over < 0 || rules.previewOver < over) {
			over = rules.previewOver
		}
		facts := &spaceFacts{space: space}
		for _, t := range people.People {
			it := Item{Space: space, Target: t, Welcome: ps.Welcome, Result: PersonResult{Target: t, Outcome: Pending}}
			it.As, it.Result.Outcome, it.Result.Reason = s.route(ctx, in, facts, rules, t)
			it.Result.As = it.As.Kind
			b.Items = append(b.Items, it)
		}
	}
	if len(b.Items) > 0 {
		shown := itemsWithSkips(b.Items, b.Items[0].Space, people)
		if r := s.previewFirst(ctx, in, cmd, len(people.People), shown, skipped, over); r != nil {
			return r
		}
	}
	if r := s.lend(ctx, in, &b); r != nil {
		return r
	}
	if len(b.Items) == 0 {
		return BatchReply{Audience: private(in.Actor), Batch: Batch{Actor: in.Actor, Origin: in.Space, Done: true}, SkippedSpaces: skipped}
	}
	s.log.Info("onboard", "plan", plan.Name, "actor", in.Actor.Name, "admin", s.isAdmin(in.Actor), "spaces", len(plan.Spaces)-len(skipped))
	return s.run(ctx, in, b, skipped, "onboard")
}

// planSpace decides whether the invoker may add people to a plan space,
// and returns the rules in force there.
func (s *Service) planSpace(ctx context.Context, actor User, ps Space) (Space, spaceRules, Reason) {
	var rules spaceRules
	space, err := s.Members.Space(ctx, ps.Name)
	if err != nil {
		ps.DisplayName = firstNonEmpty(ps.DisplayName, ps.Name)
		return ps, rules, reasonFor(KindOf(err))
	}
	if space.Type != SpaceNamed && space.Type != SpaceGroupChat {
		return space, rules, ReasonSpaceType
	}
	if why := s.gate(ctx, space.Name); why != "" {
		return space, rules, why
	}
	if rules, err = s.rules(ctx, space.Name, actor); err != nil {
		return space, rules, ReasonUnavailable
	}
	if !rules.plansAllowed {
		return space, rules, ReasonPlansOff
	}
	if s.isAdmin(actor) {
		return space, rules, ""
	}
	if r, failed := s.authorise(ctx, actor, space, rules.invite); r != nil {
		return space, rules, r.Reason
	} else if failed != "" {
		return space, rules, failed
	}
	return space, rules, ""
}

// planName takes the plan's name from the command's words: the first word
// that is not a person, a space or a mention. The people are the rest.
func planName(cmd Command) (string, Command) {
	people := cmd
	people.Skipped = nil
	name := ""
	for _, sk := range cmd.Skipped {
		if name == "" && sk.Reason == ReasonUnrecognised && validPlanName(strings.ToLower(sk.Target.Display)) {
			name = strings.ToLower(sk.Target.Display)
			continue
		}
		people.Skipped = append(people.Skipped, sk)
	}
	return name, people
}

func validPlanName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
