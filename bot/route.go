package bot

import (
	"context"
	"slices"
)

// route decides, for one target of an invite into a space Onboard is in,
// whose authority adds them — or why nobody's can, before any call:
//
//   - a person of the organisation: Onboard's own authority, or the
//     asker's own grant under ADD_USERS_AS=invoker;
//   - a person outside it: only the asker's own grant — Onboard's own
//     authority never reaches outside ORG_DOMAINS — and only where people
//     can connect, the space allows outside people and its domains=, if
//     set, name that domain;
//   - a Google Group: the asker's own grant (app authentication cannot add
//     groups), and only into a named space.
func (s *Service) route(ctx context.Context, in Interaction, sp *spaceFacts, r spaceRules, t Target) (Authority, Outcome, Reason) {
	me := Authority{Kind: AsUser, User: in.Actor.Name}
	switch t.Kind {
	case TargetGroup:
		switch {
		case s.Connections == nil:
			return Authority{}, NotAdded, ReasonNoOAuth
		case sp.space.Type != SpaceNamed:
			return me, NotAdded, ReasonGroupSpace
		}
		return me, Pending, ""
	case TargetApp:
		return Authority{}, Skipped, ReasonApp // Onboard is in this space already
	}
	people := Authority{Kind: s.cfg.AddUsersAs}
	if people.Kind == AsUser {
		people.User = in.Actor.Name
	}
	if t.Email == "" {
		return people, Pending, "" // a mention or users/{id}: Chat judges them
	}
	d := EmailDomain(t.Email)
	if org := s.orgDomains(in.Actor); len(org) == 0 || slices.Contains(org, d) {
		if len(r.domains) > 0 && !slices.Contains(r.domains, d) {
			return people, Refused, ReasonDomain
		}
		return people, Pending, ""
	}
	// Outside the organisation: the asker's own grant, or nobody's.
	switch {
	case s.Connections == nil:
		return Authority{}, NotAdded, ReasonExternal
	case !sp.allowsOutsiders(ctx, s):
		return Authority{}, NotAdded, ReasonSpaceClosed
	case len(r.spaceDomains) > 0 && !slices.Contains(r.spaceDomains, d):
		return me, Refused, ReasonDomain
	}
	return me, Pending, ""
}

// spaceFacts is a target space and what Onboard learns of it only when it
// must (spaces.get says whether outside people may join; events do not).
type spaceFacts struct {
	space    Space
	looked   bool
	outsider bool
}

func (f *spaceFacts) allowsOutsiders(ctx context.Context, s *Service) bool {
	if !f.looked {
		f.looked = true
		if sp, err := s.Members.Space(ctx, f.space.Name); err == nil {
			f.outsider = sp.ExternalAllowed
		}
	}
	return f.outsider
}

// scopesFor are the scopes of the asker's own grant the items need, and
// whether any item needs their authority at all.
func scopesFor(items []Item, user string) []string {
	var need []string
	add := func(s string) {
		if !slices.Contains(need, s) {
			need = append(need, s)
		}
	}
	for _, it := range items {
		if it.As.User != user || it.As.Kind == AsApp || it.Result.Outcome.Final() {
			continue
		}
		switch {
		case it.As.Kind == AsAdmin:
			add(ScopeAdminMembers)
		case it.Target.Kind == TargetApp:
			add(ScopeMembershipsApp)
		default:
			add(ScopeMemberships)
		}
		if it.Target.IsGroup() && it.Target.User == "" {
			add(ScopeGroupsReadonly) // the address is looked up
		}
	}
	return need
}

// lend prepares the items that run with the asker's own authority: it
// makes sure their grant covers what the items need and still works — if
// not, the answer is a sign-in, and nothing is saved — and looks up the
// groups named by address. A nil Reply means the batch may be saved.
func (s *Service) lend(ctx context.Context, in Interaction, b *Batch) Reply {
	need := scopesFor(b.Items, in.Actor.Name)
	if len(need) == 0 {
		return nil
	}
	if s.Connections == nil {
		for i := range b.Items { // nobody's own authority can be had here
			if it := &b.Items[i]; it.As.Kind != AsApp && !it.Result.Outcome.Final() {
				it.Result.Outcome, it.Result.Reason = NotAdded, ReasonNoOAuth
			}
		}
		return nil
	}
	status, have, err := s.connection(ctx, in.Actor.Name)
	if err != nil {
		return StatusReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	if status.State != Connected || !covers(have, need) {
		return s.askToConnect(ctx, in, need)
	}
	if err := s.Acting.Check(ctx, in.Actor.Name); KindOf(err) == KindNotConnected {
		return s.askToConnect(ctx, in, need)
	}
	for i := range b.Items {
		it := &b.Items[i]
		if !it.Target.IsGroup() || it.Target.User != "" || it.Result.Outcome.Final() {
			continue
		}
		name, err := s.Acting.LookupGroup(ctx, in.Actor.Name, it.Target.Email)
		switch k := KindOf(err); {
		case err == nil:
			it.Target.User, it.Result.Target.User = name, name
		case k == KindNotConnected:
			return s.askToConnect(ctx, in, need)
		case k == KindNotFound || k == KindDenied || k == KindInvalid:
			it.Result.Outcome, it.Result.Reason = NotAdded, ReasonGroupNotFound
		default:
			it.Result.Outcome, it.Result.Reason = NotAdded, reasonFor(k)
		}
	}
	return nil
}
