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
	if cmd.Admin {
		return s.removeWithAdminAccess(ctx, in, cmd)
	}
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
		s.record(ctx, entryFor(in, "remove", space))
		report.People = s.removeAll(ctx, in.Actor, s.Remover, AsApp, space, cmd.People, "remove", "")
	}
	report.People = append(report.People, skippedResults(cmd)...)
	return RemoveReply{Audience: public(in.Actor), Report: report}
}

// removeAll removes people one by one with rm, whose authority is as,
// and records each outcome.
func (s *Service) removeAll(ctx context.Context, actor User, rm Remover, as AuthorityKind, space Space, people []Target,
	command, batch string) []PersonResult {
	out := make([]PersonResult, 0, len(people))
	for _, t := range people {
		r := PersonResult{Target: t, User: t.User, Outcome: Removed, As: as}
		if err := rm.RemoveMember(ctx, space.Name, t.User); err != nil {
			switch k := KindOf(err); {
			case (k == KindDenied || k == KindInvalid) && as == AsApp:
				r.Outcome, r.Reason = NotAdded, ReasonNotRemoved
			default:
				r.Outcome, r.Reason = NotAdded, reasonAs(k, as)
			}
		}
		s.record(ctx, AuditEntry{Actor: actor.Name, Email: strings.ToLower(actor.Email), ActorName: actor.DisplayName,
			Space: space.Name, SpaceName: space.DisplayName, Command: command, Person: t.User, PersonName: t.Display,
			Outcome: r.Outcome, Reason: r.Reason, BatchID: batch, Authority: as})
		out = append(out, r)
	}
	return out
}

// undo removes the people a batch added, and replaces the result card
// clicked with what it removed. The button's parameters are untrusted: the
// batch is looked up, and the clicker must be the person who asked (within
// 24 hours) or hold the "who may remove" right in each space. Every check
// is made before anything is removed; the batch is then marked undone, so
// that a second click — or a click on a stale copy of the card — says so
// rather than removing again.
func (s *Service) undo(ctx context.Context, in Interaction, batchID string) Reply {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.cfg.CommandTimeout)
	defer cancel()
	b, err := s.History.Batch(ctx, batchID)
	if err != nil {
		s.denied(ctx, in, "undo", in.Space.Name, ReasonNoJob)
		return undoRefused(in, in.Space, ReasonNoJob)
	}
	steps, refused := s.undoSteps(ctx, in, b)
	if refused != nil {
		return refused
	}
	if len(steps) == 0 {
		return undoRefused(in, b.Origin, ReasonNoPeople)
	}
	first, err := s.History.MarkUndone(ctx, b.ID, in.Actor.Name, s.cfg.Now().UTC())
	switch {
	case err != nil:
		return StatusReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	case !first:
		s.denied(ctx, in, "undo", b.Origin.Name, ReasonAlreadyUndone)
		return undoRefused(in, b.Origin, ReasonAlreadyUndone)
	}
	report := InviteReport{Space: b.Origin, Actor: in.Actor}
	for _, st := range steps {
		report.Space = st.group.space
		report.People = append(report.People,
			s.removeAll(ctx, in.Actor, st.rm, st.group.as, st.group.space, added(st.group.items), "undo", b.ID)...)
	}
	if report.Count(Removed) == 0 {
		// Nobody was removed: the card stays, and Undo may be tried again.
		if err := s.History.UnmarkUndone(ctx, b.ID); err != nil {
			s.log.Error("could not clear an undo that removed nobody", "batch", b.ID, "error", err)
		}
		return RemoveReply{Audience: private(in.Actor), Report: report}
	}
	return UpdateReply{Audience: public(in.Actor), Of: RemoveReply{Audience: public(in.Actor), Report: report, Undone: true}}
}

// undoStep is one group of a batch's additions to remove, and who
// removes them.
type undoStep struct {
	group itemGroup
	rm    Remover
}

// undoSteps checks, before anything is removed, that in's person may undo
// every group of b's additions, and finds who removes each; a non-nil
// Reply is why not (or a sign-in their own grant needs first).
func (s *Service) undoSteps(ctx context.Context, in Interaction, b Batch) ([]undoStep, Reply) {
	owner := b.Actor.Name != "" && b.Actor.Name == in.Actor.Name
	fresh := s.cfg.Now().Sub(b.CreatedAt) <= undoWindow
	var steps []undoStep
	for _, group := range addedBySpace(b) {
		if rf := s.undoRefusal(ctx, in.Actor, group, owner, fresh); rf != nil {
			s.denied(ctx, in, "undo", group.space.Name, rf.Reason)
			if rf.Reason == ReasonPaused {
				return nil, PausedReply{Audience: private(in.Actor), Paused: true, Problem: rf.Reason}
			}
			return nil, RemoveReply{Audience: private(in.Actor),
				Report: InviteReport{Space: group.space, Actor: in.Actor, Refusal: rf}}
		}
		rm, ask := s.removerAs(ctx, in, group.as)
		if ask != nil {
			return nil, ask
		}
		steps = append(steps, undoStep{group: group, rm: rm})
	}
	return steps, nil
}

// undoRefused is a private refusal of an Undo: the card clicked stays.
func undoRefused(in Interaction, space Space, why Reason) Reply {
	return RemoveReply{Audience: private(in.Actor),
		Report: InviteReport{Space: space, Actor: in.Actor, Refusal: &Refusal{Reason: why}}}
}

// undoRefusal says why actor may not undo group's additions, or nil;
// a refusal for want of the right names the clicker's role and the
// policy, as /remove's would. Where people were added with a person's own
// authority Onboard may not be in the space and cannot read roles: Chat
// enforces them, with the clicker's own grant. Admin access stays with
// Onboard admins.
func (s *Service) undoRefusal(ctx context.Context, actor User, group itemGroup, owner, fresh bool) *Refusal {
	because := func(r Reason) *Refusal { return &Refusal{Reason: r} }
	if why := s.gate(ctx, group.space.Name); why != "" {
		return because(why)
	}
	if group.as == AsAdmin && !s.isAdmin(actor) {
		return because(ReasonNotAdmin)
	}
	if owner && fresh {
		return nil
	}
	rules, err := s.rules(ctx, group.space.Name, actor)
	if err != nil {
		return because(ReasonUnavailable)
	}
	r, failed := s.authorise(ctx, actor, group.space, rules.remove)
	switch {
	case r != nil && owner:
		return because(ReasonUndoExpired)
	case r != nil:
		return r
	case failed == ReasonAppNotInSpace && group.as != AsApp:
		return nil // Chat judges the clicker's own grant
	case failed != "":
		return because(failed)
	}
	return nil
}

// removerAs is who removes with authority as: Onboard itself, or the
// clicker's own grant — which they may first have to connect (a click
// cannot be sent again, so the answer is a card with the link).
func (s *Service) removerAs(ctx context.Context, in Interaction, as AuthorityKind) (Remover, Reply) {
	if as == AsApp {
		return s.Remover, nil
	}
	need := []string{ScopeMemberships}
	if as == AsAdmin {
		need = []string{ScopeAdminMembers}
	}
	if s.Connections == nil {
		return nil, ConnectionReply{Audience: private(in.Actor), Status: ConnectionStatus{State: NotConfigured}}
	}
	status, have, err := s.connection(ctx, in.Actor.Name)
	if err != nil {
		return nil, StatusReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	if status.State != Connected || !covers(have, need) {
		return nil, s.askToConnect(ctx, in, need)
	}
	m, err := s.Acting.As(ctx, Authority{Kind: as, User: in.Actor.Name})
	if KindOf(err) == KindNotConnected {
		return nil, s.askToConnect(ctx, in, need)
	}
	if err != nil {
		return nil, StatusReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	return m, nil
}

// addedBySpace groups the people the batch added or invited by space and
// kind of authority: Undo removes each group with the same kind.
func addedBySpace(b Batch) []itemGroup {
	return groupBySpace(b, func(it Item) bool {
		return it.Result.Outcome == Joined || it.Result.Outcome == Invited
	})
}

// added is whom the items added: as Chat named them when it did.
func added(items []Item) []Target {
	people := make([]Target, len(items))
	for i, it := range items {
		people[i] = it.Target
		if it.Result.User != "" {
			people[i].User = it.Result.User
		}
	}
	return people
}

// removeWithAdminAccess carries out /remove --admin: an Onboard admin who
// is a Workspace admin removes people from any named space of the
// organisation with admin access; the answer is theirs alone.
func (s *Service) removeWithAdminAccess(ctx context.Context, in Interaction, cmd Command) Reply {
	if !s.isAdmin(in.Actor) {
		return s.refuseWith(ctx, in, cmd, "remove", removeRefusal, in.Space, Refusal{Reason: ReasonNotAdmin})
	}
	space, refusal := s.elsewhereSpace(ctx, in, cmd, "remove", removeRefusal)
	if refusal != nil {
		return refusal
	}
	rm, ask := s.removerAs(ctx, in, AsAdmin)
	if ask != nil {
		return ask
	}
	e := entryFor(in, "remove", space)
	e.Authority = AsAdmin
	s.record(ctx, e)
	report := InviteReport{Space: space, Actor: in.Actor}
	report.People = append(s.removeAll(ctx, in.Actor, rm, AsAdmin, space, cmd.People, "remove", ""), skippedResults(cmd)...)
	return RemoveReply{Audience: private(in.Actor), Report: report}
}
