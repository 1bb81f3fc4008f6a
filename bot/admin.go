package bot

import (
	"context"
	"strings"
	"time"
)

// pause turns the kill switch (Onboard admins only): while paused, every
// membership change is refused with a clear card.
func (s *Service) pause(ctx context.Context, in Interaction, paused bool) Reply {
	command := "resume"
	if paused {
		command = "pause"
	}
	if !s.isAdmin(in.Actor) {
		s.denied(ctx, in, command, in.Space.Name, ReasonNotAdmin)
		return PausedReply{Audience: private(in.Actor), Problem: ReasonNotAdmin}
	}
	if err := s.Switches.SetPaused(ctx, paused, in.Actor.Name); err != nil {
		return PausedReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	s.record(ctx, entryFor(in, command, in.Space))
	s.log.Warn("kill switch turned", "paused", paused, "by", in.Actor.Name)
	// The environment override wins: say so rather than claim Onboard runs.
	return PausedReply{Audience: private(in.Actor), Paused: paused || s.cfg.Paused}
}

// listSpaces answers /spaces (Onboard admins only).
func (s *Service) listSpaces(ctx context.Context, in Interaction) Reply {
	if !s.isAdmin(in.Actor) {
		return SpacesReply{Audience: private(in.Actor), Problem: ReasonNotAdmin}
	}
	spaces, err := s.Spaces.ListSpaces(ctx)
	if err != nil {
		return SpacesReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	return SpacesReply{Audience: private(in.Actor), Spaces: spaces}
}

// auditCommand answers "/audit [@person | address] [since]": a space's
// owners and managers see that space's entries; Onboard admins see every
// space's ("/audit all", or in a DM).
func (s *Service) auditCommand(ctx context.Context, in Interaction, cmd Command) Reply {
	q := AuditQuery{Space: firstNonEmpty(cmd.Space, in.Space.Name), Limit: 50}
	all := false
	for _, w := range cmd.Args {
		switch lw := strings.ToLower(w); {
		case lw == "all":
			all = true
		case sinceOf(lw, s.cfg.Now()) != time.Time{}:
			q.Since = sinceOf(lw, s.cfg.Now())
		}
	}
	if len(cmd.People) > 0 {
		q.Person = firstNonEmpty(cmd.People[0].Email, cmd.People[0].User)
	}
	admin := s.isAdmin(in.Actor)
	name := in.Space.DisplayName
	if cmd.Space != "" && cmd.Space != in.Space.Name {
		name = ""
	}
	if admin && (all || in.Space.Type == SpaceDM && cmd.Space == "") {
		q.Space = ""
	} else if !admin {
		space, why := s.settingsSpace(ctx, in, cmd.Space)
		if why != "" {
			return AuditReply{Audience: private(in.Actor), Problem: why}
		}
		name = space.DisplayName
	}
	entries, err := s.Audit.Query(ctx, q)
	if err != nil {
		return AuditReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	if q.Space == "" {
		name = ""
	}
	scope := firstNonEmpty(q.Space, "all")
	return AuditReply{Audience: private(in.Actor), Entries: entries, Scope: scope, ScopeName: name}
}

// sinceOf reads "7d", "24h", "30m" or a date "2026-11-01"; zero if neither.
func sinceOf(w string, now time.Time) time.Time {
	if t, err := time.Parse("2006-01-02", w); err == nil {
		return t
	}
	if n, ok := strings.CutSuffix(w, "d"); ok {
		if d, err := time.ParseDuration(n + "h"); err == nil && d > 0 {
			return now.Add(-24 * d)
		}
		return time.Time{}
	}
	if d, err := time.ParseDuration(w); err == nil && d > 0 {
		return now.Add(-d)
	}
	return time.Time{}
}
