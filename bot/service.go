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
	// ReplayTTL is how long a handled message is remembered so that a
	// redelivered event is not run twice; 0: 15 minutes (Chat retries
	// "within a few minutes").
	ReplayTTL time.Duration
	// CommandTimeout bounds one command's work, which is detached from the
	// request so that Chat giving up on a slow reply does not cut a batch
	// in half; 0: 25 s (Chat waits 30 s).
	CommandTimeout time.Duration
	Now            func() time.Time
}

func (c Config) withDefaults() Config {
	if c.Commands == nil {
		c.Commands = DefaultCommandIDs()
	}
	if c.Policy == "" {
		c.Policy = PolicyManagers
	}
	if c.MaxPeople == 0 {
		c.MaxPeople = 20
	}
	if c.ReplayTTL == 0 {
		c.ReplayTTL = 15 * time.Minute
	}
	if c.CommandTimeout == 0 {
		c.CommandTimeout = 25 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Service answers interactions. It is safe for concurrent use.
type Service struct {
	members Memberships
	cfg     Config
	log     *slog.Logger
	replay  *replayLog
}

// NewService returns a Service adding people through m.
func NewService(m Memberships, cfg Config, log *slog.Logger) *Service {
	cfg = cfg.withDefaults()
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{members: m, cfg: cfg, log: log, replay: newReplayLog(cfg.ReplayTTL, cfg.Now)}
}

// Handle answers one interaction. It never fails: every problem becomes
// part of the Reply.
func (s *Service) Handle(ctx context.Context, in Interaction) Reply {
	switch in.Kind {
	case EventMessage, EventCommand:
		return s.command(ctx, in)
	case EventAddedToSpace:
		cmd := ParseCommand(in, s.cfg.Commands)
		if cmd.Name == CmdNone {
			return Reply{Kind: ReplyWelcome, Actor: in.Actor, Welcome: true}
		}
		// Someone ran a command in a space Onboard was not in yet: Chat
		// sends one event that both adds the app and carries the command.
		r := s.command(ctx, in)
		r.Welcome, r.Private = true, false
		return r
	default:
		return Reply{}
	}
}

func (s *Service) command(ctx context.Context, in Interaction) Reply {
	cmd := ParseCommand(in, s.cfg.Commands)
	switch cmd.Name {
	case CmdInvite:
		if in.ID == "" {
			return s.invite(ctx, in, cmd)
		}
		return s.replay.do(in.ID, func() Reply { return s.invite(ctx, in, cmd) })
	case CmdUnknown:
		return Reply{Kind: ReplyHelp, Private: true, Actor: in.Actor, UnknownCommand: cmd.Word}
	case CmdHelp, CmdNone:
		return Reply{Kind: ReplyHelp, Private: true, Actor: in.Actor}
	default:
		// Commands of later releases (onboard, plan, status, …) are
		// configured in Chat already; until they exist, explain what does.
		return Reply{Kind: ReplyHelp, Private: true, Actor: in.Actor, UnknownCommand: "/" + string(cmd.Name)}
	}
}
