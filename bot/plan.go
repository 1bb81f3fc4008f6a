package bot

import (
	"context"
	"strings"
)

// plan carries out /plan: create, add, remove, show and list plans. Only
// Onboard admins (ONBOARD_ADMINS) manage plans; anyone may show and list
// them. Adding a space Onboard cannot see is saved — someone may add
// Onboard there later — with a warning, since /onboard skips it until then.
//
//	/plan create NAME
//	/plan add NAME spaces/AAAA… [welcome text]
//	/plan remove NAME spaces/AAAA…
//	/plan show NAME
//	/plan list
func (s *Service) plan(ctx context.Context, in Interaction, cmd Command) Reply {
	r := PlanReply{Audience: private(in.Actor)}
	args := cmd.Args
	if len(args) == 0 {
		r.Problem = ReasonBadPlanInput
		return r
	}
	verb := strings.ToLower(args[0])
	if verb == "list" {
		plans, err := s.Plans.ListPlans(ctx)
		if err != nil {
			r.Problem = ReasonUnavailable
			return r
		}
		r.Plans, r.Action = plans, PlanListed
		return r
	}
	if len(args) < 2 || !validPlanName(strings.ToLower(args[1])) {
		r.Problem = ReasonBadPlanInput
		return r
	}
	name := strings.ToLower(args[1])
	r.Plan = &Plan{Name: name}
	if verb != "show" && !s.isAdmin(in.Actor) {
		r.Problem = ReasonNotAdmin
		return r
	}
	p, err := s.Plans.Plan(ctx, name)
	exists := err == nil
	if err != nil && KindOf(err) != KindNotFound {
		r.Problem = ReasonUnavailable
		return r
	}
	switch {
	case verb == "create" && exists:
		r.Problem = ReasonPlanExists
		return r
	case verb == "create":
		p = Plan{Name: name}
		r.Action = PlanCreated
	case !exists:
		r.Problem = ReasonNoPlan
		return r
	case verb == "show":
		r.Plan, r.Action = &p, PlanShown
		return r
	case verb == "add" || verb == "remove":
		ok, warning := s.editPlan(ctx, &p, verb, args[2:])
		if !ok {
			r.Problem = ReasonBadPlanInput
			return r
		}
		r.Warning = warning
		r.Action = PlanAdded
		if verb == "remove" {
			r.Action = PlanRemoved
		}
	default:
		r.Problem = ReasonBadPlanInput
		return r
	}
	p.UpdatedBy, p.UpdatedAt = in.Actor.Name, s.cfg.Now().UTC()
	if err := s.Plans.SavePlan(ctx, p); err != nil {
		r.Problem = ReasonUnavailable
		return r
	}
	s.log.Info("plan changed", "plan", p.Name, "action", string(r.Action), "actor", in.Actor.Name)
	r.Plan = &p
	return r
}

// editPlan adds or removes the space named in args (with an optional
// welcome text after it when adding), and warns when Onboard cannot see
// a space it adds.
func (s *Service) editPlan(ctx context.Context, p *Plan, verb string, args []string) (bool, Reason) {
	if len(args) == 0 {
		return false, ""
	}
	space, ok := parseSpaceRef(args[0])
	if !ok {
		return false, ""
	}
	kept := p.Spaces[:0:0]
	for _, ps := range p.Spaces {
		if ps.Space.Name != space {
			kept = append(kept, ps)
		}
	}
	if verb == "remove" {
		if len(kept) == len(p.Spaces) {
			return false, ""
		}
		p.Spaces = kept
		return true, ""
	}
	ps := PlanSpace{Space: Space{Name: space}, Welcome: strings.Join(args[1:], " ")}
	warning := Reason("")
	sp, err := s.Members.Space(ctx, space)
	switch k := KindOf(err); {
	case err == nil:
		ps.Space = sp // keep the display name for cards; membership is checked when applied
	case k == KindNotFound || k == KindDenied || k == KindAppNotInSpace:
		warning = ReasonAppNotInSpace
	}
	p.Spaces = append(kept, ps)
	return true, warning
}
