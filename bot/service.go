package bot

import (
	"context"
	"log/slog"
	"time"
)

// Config is the domain's configuration.
type Config struct {
	Commands   CommandIDs   // slash/quick command ids; nil: DefaultCommandIDs
	Policy     InvitePolicy // who may invite in named spaces; "": PolicyManagers
	OrgDomains []string     // the organisation's email domains; empty: the invoker's domain
	MaxPeople  int          // people per command; 0: 20
	ReplayTTL  time.Duration
	Now        func() time.Time
}

// Service answers interactions. It is safe for concurrent use.
type Service struct {
	members Memberships
	cfg     Config
	log     *slog.Logger
}

// NewService returns a Service adding people through m.
func NewService(m Memberships, cfg Config, log *slog.Logger) *Service {
	return &Service{members: m, cfg: cfg, log: log}
}

// Handle answers one interaction. It never fails: every problem becomes
// part of the Reply.
func (s *Service) Handle(ctx context.Context, in Interaction) Reply {
	return Reply{} // TEMPORARY stub
}
