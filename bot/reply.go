package bot

import "time"

// Reply is the domain's answer to an interaction; cards/ turns it into a
// Chat message. The zero Reply means "nothing to say" ({}).
type Reply struct {
	Kind    ReplyKind
	Private bool // visible only to Actor (privateMessageViewer)
	Actor   User
	// Welcome asks for Onboard's welcome card first (the app was just
	// added to the space).
	Welcome bool
	// UnknownCommand is what was typed, for a help reply to an unknown
	// command.
	UnknownCommand string
	Invite         *InviteReport

	// Durable work (ReplyBatch, ReplyWorking, ReplyStatus).
	Batch         *Batch
	SkippedSpaces []SpaceSkip // /onboard: plan spaces left out, with why
	ETA           time.Duration
	Batches       []Batch // ReplyStatus: the invoker's recent batches, newest first

	// Plans (ReplyPlan).
	Plan       *Plan
	Plans      []Plan       // /plan list
	PlanAction PlanAction   // what /plan did
	Problem    Reason       // why a /plan, /onboard or /status request was not done; "" when it was
	Policy     InvitePolicy // the invite policy in force (help explains it)

	// Guardrails.
	Settings      *SpaceSettings // ReplySettings
	SettingsSaved bool
	Audit         []AuditEntry // ReplyAudit, newest first
	AuditScope    string       // "spaces/…" or "all"
	Spaces        []Space      // ReplySpaces
	Paused        bool         // ReplyPaused
	RetryAfter    time.Duration
	// UndoBatch, on a ReplyBatch, offers an "Undo" button (action
	// "undo", parameter batch=<id>) for 24 hours.
	UndoBatch string
}

// SpaceSkip is a space a command did not act in, and why.
type SpaceSkip struct {
	Space  Space
	Reason Reason // ReasonPolicy, ReasonNotMember, ReasonAppNotInSpace, ReasonSpaceType
}

// PlanAction is what a /plan command did.
type PlanAction string

const (
	PlanCreated PlanAction = "created"
	PlanAdded   PlanAction = "added"   // a space added to the plan
	PlanRemoved PlanAction = "removed" // a space removed from the plan
	PlanShown   PlanAction = "shown"
	PlanListed  PlanAction = "listed"
)

// ReplyKind says which card a Reply is.
type ReplyKind int

const (
	ReplyNone     ReplyKind = iota // {}: acknowledge only
	ReplyHelp                      // how to use Onboard
	ReplyWelcome                   // Onboard was added to a space
	ReplyInvite                    // the refusal of /invite, or a result decided before any work was queued
	ReplyBatch                     // the final result of durable work (one or several spaces)
	ReplyWorking                   // durable work continues; a progress message will follow
	ReplyStatus                    // the invoker's recent work (/status)
	ReplyPlan                      // the result of /plan
	ReplySettings                  // /settings: the space's settings and a form to change them
	ReplyAudit                     // /audit: audit entries
	ReplyRemove                    // /remove and Undo: per-person removal results (Invite), or a refusal
	ReplySpaces                    // /spaces: the spaces Onboard is in
	ReplyPaused                    // /pause, /resume, or a change refused while paused
	ReplyLimited                   // the per-user command rate limit was hit
)

// InviteReport says what an /invite did, per person.
type InviteReport struct {
	Space   Space // the target space
	Actor   User  // who asked
	People  []PersonResult
	Refusal *Refusal // set when the whole command was refused; nothing was attempted
}

// PersonResult is one person's outcome.
type PersonResult struct {
	Target  Target
	User    string // canonical users/{id}, when Chat told us
	Outcome Outcome
	Reason  Reason // for NotAdded, Skipped and Refused
}

// Refusal explains why a command was not carried out at all.
type Refusal struct {
	Reason Reason
	Role   Role         // the invoker's role, for ReasonPolicy
	Policy InvitePolicy // the policy in force, for ReasonPolicy
	Limit  int          // for ReasonTooMany
	Count  int          // for ReasonTooMany
}

// Count returns how many people ended with outcome o.
func (r *InviteReport) Count(o Outcome) int {
	n := 0
	for _, p := range r.People {
		if p.Outcome == o {
			n++
		}
	}
	return n
}
