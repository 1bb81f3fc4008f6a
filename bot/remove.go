package bot

import (
	"context"
	"strings"
	"time"
)

// undoWindow is how long the person who asked may undo their own
// additions.
const undoWindow = 24 * time.Hour

// remove carries out "/remove @a b@example.com": managers only by default
// (the space's "who may remove" setting), with the app's authority.
func (s *Service) remove(ctx context.Context, in Interaction, cmd Command) Reply {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()
	pf, refused := s.preflight(ctx, in, cmd, "remove", removeRefusal, func(r spaceRules) InvitePolicy { return r.remove })
	if refused != nil {
		return refused
	}
	space, failed := pf.space, pf.failed
	report := InviteReport{Space: space, Actor: in.Actor}
	if failed != "" {
		for _, t := range cmd.People {
			report.People = append(report.People, PersonResult{Target: t, Outcome: NotAdded, Reason: failed})
		}
	} else {
		s.record(ctx, AuditEntry{Actor: in.Actor.Name, Email: strings.ToLower(in.Actor.Email), Space: space.Name, Command: "remove"})
		report.People = s.removeAll(ctx, in.Actor, space, cmd.People, "remove", "")
	}
	report.People = append(report.People, skippedResults(cmd)...)
	return RemoveReply{Audience: public(in.Actor), Report: report}
}

// removeAll removes people one by one and records each outcome.
func (s *Service) removeAll(ctx context.Context, actor User, space Space, people []Target, command, batch string) []PersonResult {
	out := make([]PersonResult, 0, len(people))
	for _, t := range people {
		r := PersonResult{Target: t, User: t.User, Outcome: Removed}
		if err := s.Remover.RemoveMember(ctx, space.Name, t.User); err != nil {
			switch k := KindOf(err); k {
			case KindDenied, KindInvalid:
				r.Outcome, r.Reason = NotAdded, ReasonNotRemoved
			default:
				r.Outcome, r.Reason = NotAdded, reasonFor(k)
			}
		}
		s.record(ctx, AuditEntry{Actor: actor.Name, Email: strings.ToLower(actor.Email), Space: space.Name,
			Command: command, Person: t.User, Outcome: r.Outcome, Reason: r.Reason, BatchID: batch})
		out = append(out, r)
	}
	return out
}

// undo removes the people a batch added. The button's parameters are
// untrusted: the batch is looked up, and the clicker must be the person
// who asked (within 24 hours) or hold the "who may remove" right in each
// space.
func (s *Service) undo(ctx context.Context, in Interaction, batchID string) Reply {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()
	b, err := s.History.Batch(ctx, batchID)
	if err != nil {
		s.denied(ctx, in, "undo", in.Space.Name, ReasonNoJob)
		return RemoveReply{Audience: private(in.Actor),
			Report: InviteReport{Space: in.Space, Actor: in.Actor, Refusal: &Refusal{Reason: ReasonNoJob}}}
	}
	owner := b.Actor.Name != "" && b.Actor.Name == in.Actor.Name
	fresh := s.cfg.Now().Sub(b.CreatedAt) <= undoWindow
	report := InviteReport{Space: b.Origin, Actor: in.Actor}
	for _, group := range addedBySpace(b) {
		space := group.space
		if why := s.undoRefusal(ctx, in.Actor, space, owner, fresh); why != "" {
			s.denied(ctx, in, "undo", space.Name, why)
			if why == ReasonPaused {
				return PausedReply{Audience: private(in.Actor), Paused: true, Problem: why}
			}
			report.Space = space
			report.Refusal = &Refusal{Reason: why}
			return RemoveReply{Audience: private(in.Actor), Report: report}
		}
		report.Space = space
		report.People = append(report.People, s.removeAll(ctx, in.Actor, space, group.people, "undo", b.ID)...)
	}
	if len(report.People) == 0 {
		report.Refusal = &Refusal{Reason: ReasonNoPeople}
		return RemoveReply{Audience: private(in.Actor), Report: report}
	}
	return RemoveReply{Audience: public(in.Actor), Report: report}
}

func (s *Service) undoRefusal(ctx context.Context, actor User, space Space, owner, fresh bool) Reason {
	if why := s.gate(ctx, space.Name); why != "" {
		return why
	}
	if owner && fresh {
		return ""
	}
	rules, err := s.rules(ctx, space.Name, actor)
	if err != nil {
		return ReasonUnavailable
	}
	r, failed := s.authorise(ctx, actor, space, rules.remove)
	switch {
	case r != nil && owner:
		return ReasonUndoExpired
	case r != nil:
		return r.Reason
	case failed != "":
		return failed
	}
	return ""
}

type spaceGroup struct {
	space  Space
	people []Target
}

// addedBySpace lists, per space, the people the batch added or invited.
func addedBySpace(b Batch) []spaceGroup {
	var groups []spaceGroup
	index := map[string]int{}
	for _, it := range b.Items {
		if it.Result.Outcome != Joined && it.Result.Outcome != Invited {
			continue
		}
		t := it.Target
		if it.Result.User != "" {
			t.User = it.Result.User
		}
		i, ok := index[it.Space.Name]
		if !ok {
			i = len(groups)
			index[it.Space.Name] = i
			groups = append(groups, spaceGroup{space: it.Space})
		}
		groups[i].people = append(groups[i].people, t)
	}
	return groups
}
