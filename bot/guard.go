package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// userLimiter bounds each person's commands per minute (a fixed window
// per person, per instance: a friendly brake, not a security boundary —
// membership writes are paced separately against the project's quota).
type userLimiter struct {
	limit int
	now   func() time.Time

	mu      sync.Mutex
	windows map[string]*userWindow
}

type userWindow struct {
	start time.Time
	n     int
}

func newUserLimiter(limit int, now func() time.Time) *userLimiter {
	return &userLimiter{limit: limit, now: now, windows: map[string]*userWindow{}}
}

// take counts one command for user and returns 0, or how long to wait.
func (l *userLimiter) take(user string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	w := l.windows[user]
	if w == nil || now.Sub(w.start) >= time.Minute {
		if len(l.windows) > 10000 {
			l.windows = map[string]*userWindow{} // bound memory; forgetting windows only loosens the brake
		}
		w = &userWindow{start: now}
		l.windows[user] = w
	}
	if w.n >= l.limit {
		return w.start.Add(time.Minute).Sub(now)
	}
	w.n++
	return 0
}

// giveBack returns a command taken from user's window: the command only
// asked the person to connect, and Chat will send it again.
func (l *userLimiter) giveBack(user string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.windows[user]; w != nil && w.n > 0 {
		w.n--
	}
}

// gate says why no membership may change in space right now, or "": the
// kill switch (ONBOARD_PAUSED or /pause) and the allow-list.
func (s *Service) gate(ctx context.Context, space string) Reason {
	if s.paused(ctx) {
		return ReasonPaused
	}
	if len(s.cfg.AllowedSpaces) > 0 && !slices.Contains(s.cfg.AllowedSpaces, space) {
		return ReasonNotAllowed
	}
	return ""
}

// paused reports the kill switch; if it cannot be read, Onboard fails
// closed and counts as paused.
func (s *Service) paused(ctx context.Context) bool {
	if s.cfg.Paused {
		return true
	}
	p, err := s.Switches.Paused(ctx)
	if err != nil {
		s.log.Error("could not read the kill switch; refusing membership changes", "error", err)
		return true
	}
	return p
}

// spaceRules are the rules in force in one space: its settings over the
// organisation's defaults.
type spaceRules struct {
	invite, remove InvitePolicy
	domains        []string // allowed invitee domains; empty: no domain check
	spaceDomains   []string // the space's own domains= (empty when it set none)
	maxPeople      int
	plansAllowed   bool
	previewOver    int // people a request may name before it is previewed; negative: never
}

func (s *Service) rules(ctx context.Context, space string, actor User) (spaceRules, error) {
	st, err := s.spaceSettings(ctx, space)
	if err != nil {
		st = SpaceSettings{}
	}
	f := s.inForce(actor, st)
	r := spaceRules{invite: f.Invite, remove: f.Remove, domains: f.Domains, maxPeople: f.Max, plansAllowed: f.Plans,
		previewOver: f.Preview}
	if f.DomainsFrom == FromSpace {
		r.spaceDomains = f.Domains
	}
	return r, err
}

// orgDomains are the organisation's email domains: ORG_DOMAINS, else the
// invoker's own domain; empty when neither is known (Chat then judges).
func (s *Service) orgDomains(actor User) []string {
	if len(s.cfg.OrgDomains) > 0 {
		return s.cfg.OrgDomains
	}
	if d := EmailDomain(actor.Email); d != "" {
		return []string{d}
	}
	return nil
}

// outsideOrg returns the first of domains outside the organisation, or "".
// A space may narrow the domains Onboard invites from, never widen them.
func (s *Service) outsideOrg(actor User, domains []string) string {
	org := s.orgDomains(actor)
	for _, d := range domains {
		if len(org) > 0 && !slices.Contains(org, d) {
			return d
		}
	}
	return ""
}

// record appends an audit entry; a failure is logged, never hidden.
func (s *Service) record(ctx context.Context, e AuditEntry) {
	if e.Time.IsZero() {
		e.Time = s.cfg.Now().UTC()
	}
	if err := s.Audit.Append(ctx, e); err != nil {
		s.log.Error("could not write the audit log", "command", e.Command, "actor", e.Actor, "error", err)
	}
}

// denied records that a verified person was refused.
func (s *Service) denied(ctx context.Context, in Interaction, command, space string, why Reason) {
	e := entryFor(in, command, Space{Name: space})
	if space == in.Space.Name {
		e.SpaceName = in.Space.DisplayName
	}
	e.Outcome, e.Reason = Refused, why
	s.record(ctx, e)
}

// entryFor is an audit entry of in's actor running command in space, with
// the names the log shows people.
func entryFor(in Interaction, command string, space Space) AuditEntry {
	return AuditEntry{Actor: in.Actor.Name, Email: strings.ToLower(in.Actor.Email), ActorName: in.Actor.DisplayName,
		Space: space.Name, SpaceName: space.DisplayName, Command: command}
}
