package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"time"
)

// Config is the domain's configuration.
type Config struct {
	Commands   CommandIDs   // slash/quick command ids; nil: DefaultCommandIDs
	Policy     InvitePolicy // who may invite in named spaces; "": PolicyManagers
	OrgDomains []string     // the organisation's email domains; empty: the invoker's domain
	Admins     []string     // Onboard admins' emails (ONBOARD_ADMINS): manage plans, apply them anywhere Onboard is
	MaxPeople  int          // people per command; 0: 500
	// SyncWait is how long a command waits for its work before answering
	// with an acknowledgement instead of the result; 0: 4 s (Chat waits 30 s
	// for a reply).
	SyncWait time.Duration
	// CommandTimeout bounds a command's own API calls (role and space
	// lookups), detached from the request; 0: 20 s.
	CommandTimeout time.Duration
	// AllowedSpaces, when set (ALLOWED_SPACES), are the only spaces
	// Onboard changes memberships in.
	AllowedSpaces []string
	// Paused (ONBOARD_PAUSED) refuses every membership change whatever
	// /resume says: the operators' override of the kill switch.
	Paused bool
	// CommandsPerMinute bounds each person's commands (per instance);
	// 0: 30.
	CommandsPerMinute int
	// AddUsersAs (ADD_USERS_AS) is whose authority adds people of the
	// organisation: AsApp (Onboard's own, the default) or AsUser (the
	// asker's own grant, for organisations that do not approve app
	// authentication).
	AddUsersAs AuthorityKind
	// PreviewOver (PREVIEW_OVER) is how many people a request may name
	// before the person who asked sees a preview and confirms it, where a
	// space's settings say nothing; 0: 20; negative: never previewed.
	PreviewOver int
	// PreviewLifetime is how long a preview's Confirm counts; 0: ten
	// minutes.
	PreviewLifetime time.Duration
	// Locales are the languages Onboard's cards speak (BCP 47, as
	// cards.Locales spells them), which a space's locale= may name; nil:
	// English only.
	Locales []string
	// DefaultLocale (DEFAULT_LOCALE) is the language of replies whose
	// readers' language is not known; "": English.
	DefaultLocale string
	// DefaultTimeZone (DEFAULT_TIME_ZONE) is the zone of the times replies
	// show when Chat does not say the reader's; nil: UTC.
	DefaultTimeZone *time.Location
	Now             func() time.Time
}

func (c Config) withDefaults() Config {
	if c.Commands == nil {
		c.Commands = DefaultCommandIDs()
	}
	if c.Policy == "" {
		c.Policy = PolicyManagers
	}
	if c.MaxPeople == 0 {
		c.MaxPeople = 500
	}
	if c.SyncWait == 0 {
		c.SyncWait = 4 * time.Second
	}
	if c.CommandTimeout == 0 {
		c.CommandTimeout = 20 * time.Second
	}
	if c.CommandsPerMinute == 0 {
		c.CommandsPerMinute = 30
	}
	if c.PreviewOver == 0 {
		c.PreviewOver = DefaultPreviewOver
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Locales == nil {
		c.Locales = []string{"en"}
	}
	for i, a := range c.Admins {
		c.Admins[i] = strings.ToLower(strings.TrimSpace(a))
	}
	return c
}

// Deps are the Service's ports.
type Deps struct {
	Members  Memberships
	Jobs     Jobs
	Control  JobControl
	Plans    Plans
	Settings Settings
	Switches Switches
	Audit    Audit
	Remover  Remover
	History  History
	Spaces   SpaceLister
	// Connections and Acting are people's own authority; both nil when
	// this deployment connects no accounts (no OAUTH_CLIENT_ID).
	Connections Connections
	Acting      Acting
	// Previews keep large requests until they are confirmed (nil: none
	// is previewed); Poster posts what a dialog's submit or a Confirm
	// reports (nil: only the progress message reports it).
	Previews Previews
	Poster   Poster
}

// DefaultPreviewOver is PREVIEW_OVER's default.
const DefaultPreviewOver = 20

// History finds saved work (implemented by internal/store).
type History interface {
	// Batch returns the batch with id; KindNotFound when there is none.
	Batch(ctx context.Context, id string) (Batch, error)
	// HasRequest reports whether work was saved under the request key (a
	// message's name): its batch exists, so the event is a redelivery.
	HasRequest(ctx context.Context, key string) (bool, error)
	// MarkUndone records that by undid the batch at at; false when it
	// was marked before (another Undo came first).
	MarkUndone(ctx context.Context, id, by string, at time.Time) (bool, error)
	// UnmarkUndone forgets an Undo that removed nobody, so that it may be
	// tried again.
	UnmarkUndone(ctx context.Context, id string) error
}

// SpaceLister lists the spaces Onboard is in (implemented by
// internal/chatapi).
type SpaceLister interface {
	ListSpaces(ctx context.Context) ([]Space, error)
}

// Service answers interactions. It is safe for concurrent use.
type Service struct {
	Deps
	cfg     Config
	log     *slog.Logger
	limiter *userLimiter
}

// NewService returns a Service working through d.
func NewService(d Deps, cfg Config, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	return &Service{Deps: d, cfg: cfg, log: log, limiter: newUserLimiter(cfg.CommandsPerMinute, cfg.Now)}
}

// Handle answers one interaction. It never fails: every problem becomes
// part of the Reply, and nil means there is nothing to say.
func (s *Service) Handle(ctx context.Context, in Interaction) Reply {
	ctx, memo := withSettingsMemo(ctx) // settingsmemo.go
	defer memo.close()
	return s.localized(ctx, in, s.handle(ctx, in))
}

func (s *Service) handle(ctx context.Context, in Interaction) Reply {
	if in.Dialog == DialogRequest && in.Kind != EventCardClicked {
		// A command the Chat console opens a dialog for: the answer must
		// be a dialog, never a run.
		return s.requestDialog(ctx, in)
	}
	switch in.Kind {
	case EventMessage, EventCommand:
		return s.command(ctx, in)
	case EventAddedToSpace:
		cmd := ParseCommand(in, s.cfg.Commands)
		if cmd.Name == CmdNone {
			return WelcomeReply{Audience: Audience{Actor: in.Actor, Welcome: true}}
		}
		// Someone ran a command in a space Onboard was not in yet: Chat
		// sends one event that both adds the app and carries the command.
		return welcomed(s.command(ctx, in))
	case EventRemoved:
		s.removed(ctx, in.Space)
		return nil
	case EventCardClicked:
		return s.click(ctx, in)
	default:
		return nil
	}
}

func (s *Service) command(ctx context.Context, in Interaction) Reply {
	cmd := ParseCommand(in, s.cfg.Commands)
	if cmd.Name != CmdNone && cmd.Name != CmdHelp && !s.redelivered(ctx, in) {
		if wait := s.limiter.take(in.Actor.Name); wait > 0 {
			return LimitedReply{Audience: private(in.Actor), RetryAfter: wait}
		}
	}
	switch cmd.Name {
	case CmdInvite:
		return s.invite(ctx, in, cmd)
	case CmdOnboard:
		return s.onboard(ctx, in, cmd)
	case CmdPlan:
		return s.plan(ctx, in, cmd)
	case CmdStatus:
		return s.status(ctx, in, cmd)
	case CmdRemove:
		return s.remove(ctx, in, cmd)
	case CmdSettings:
		return s.settings(ctx, in, cmd)
	case CmdAudit:
		return s.auditCommand(ctx, in, cmd)
	case CmdPause, CmdResume:
		return s.pause(ctx, in, cmd.Name == CmdPause)
	case CmdSpaces:
		return s.listSpaces(ctx, in)
	case CmdConnect:
		return s.connect(ctx, in, cmd)
	case CmdDisconnect:
		return s.disconnect(ctx, in)
	case CmdUnknown:
		return s.help(ctx, in, cmd.Word)
	case CmdHelp, CmdNone:
		return s.help(ctx, in, "")
	default:
		return s.help(ctx, in, "/"+string(cmd.Name))
	}
}

func (s *Service) help(ctx context.Context, in Interaction, unknown string) Reply {
	status, _, err := s.connection(ctx, in.Actor.Name)
	if err != nil {
		s.log.Warn("help: could not read the person's connection", "actor", in.Actor.Name, "error", err)
	}
	return HelpReply{Audience: private(in.Actor), UnknownCommand: unknown, Policy: s.cfg.Policy,
		Connection: status, Admin: s.isAdmin(in.Actor)}
}

// redelivered reports whether Chat sent this message before and its work
// was saved: a redelivery is not a new command, so it does not count
// against the person's limit (it answers from what was saved). Only saved
// work counts as seen — a message that stopped before saving anything is
// handled afresh when it comes again. A lookup failure counts it as new.
func (s *Service) redelivered(ctx context.Context, in Interaction) bool {
	if in.ID == "" {
		return false
	}
	seen, err := s.History.HasRequest(ctx, in.ID)
	if err != nil {
		s.log.Warn("could not check for a redelivered event", "error", err)
		return false
	}
	return seen
}

// removed cancels queued work for a space Onboard was removed from: it can
// no longer add anyone there.
func (s *Service) removed(ctx context.Context, space Space) {
	n, err := s.Control.CancelSpace(ctx, space.Name)
	if err != nil {
		s.log.Error("could not cancel work for a space Onboard was removed from", "space", space.Name, "error", err)
		return
	}
	s.log.Info("removed from space", "space", space.Name, "cancelled", n)
}

// isAdmin reports whether u is an Onboard admin (ONBOARD_ADMINS).
func (s *Service) isAdmin(u User) bool {
	e := strings.ToLower(u.Email)
	for _, a := range s.cfg.Admins {
		if e != "" && a == e {
			return true
		}
	}
	return false
}

// requestKey identifies the request for redelivery protection: the
// message's name, or (for events without one) a fresh random key.
func requestKey(in Interaction) string {
	if in.ID != "" {
		return in.ID
	}
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "anon-" + hex.EncodeToString(b)
}
