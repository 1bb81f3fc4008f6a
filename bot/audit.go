package bot

import (
	"context"
	"time"
)

// AuditEntry is one line of the append-only audit log: a command someone
// ran, or a membership change Onboard made (or was refused), with the
// outcome from the one outcome list.
type AuditEntry struct {
	ID      int64
	Time    time.Time
	Actor   string // users/… of who asked
	Email   string // their address, when known (personal data: erasable)
	Space   string // the space acted on (or where the command was typed)
	Command string // invite, onboard, remove, undo, settings, pause, resume, plan, …
	Person  string // users/… the entry is about ("" for a command line)
	Outcome Outcome
	Reason  Reason
	BatchID string
	Detail  string // short, non-secret context (e.g. the settings changed)
	// Authority is whose authority a membership change ran with: Onboard's
	// own (AsApp), the actor's own grant (AsUser) or their admin access.
	Authority AuthorityKind
	// What the log shows people beside the ids, as they were when the
	// entry was written: the actor's and the person's display names (or
	// addresses), and the space's name. "" when not known.
	ActorName, PersonName, SpaceName string
}

// AuditQuery selects entries, newest first.
type AuditQuery struct {
	Space  string // "" = every space (Onboard admins only)
	Person string // users/… or an address; "" = everyone
	Since  time.Time
	Limit  int
}

// Audit is the audit log (implemented by internal/store). Entries are
// never changed; only retention and erasure remove them.
type Audit interface {
	Append(ctx context.Context, e AuditEntry) error
	Query(ctx context.Context, q AuditQuery) ([]AuditEntry, error)
}

// Remover removes people from spaces with the app's authority
// (implemented by internal/chatapi). KindDenied or KindInvalid when Chat
// refuses (a manager in a space Onboard did not create, the last manager);
// KindNotFound when they are not a member.
type Remover interface {
	RemoveMember(ctx context.Context, space, user string) error
}
