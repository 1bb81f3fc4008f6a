package bot

import "time"

// Reply is the domain's answer to an interaction; cards/ turns it into a
// Chat message. It is one of the *Reply types below, each carrying only
// what its card shows, and every one embeds the Audience it is for. A nil
// Reply means "nothing to say" ({}).
//
// The set is closed: the unexported methods keep other packages from
// adding kinds that cards would not know.
type Reply interface {
	audience() Audience
	withAudience(Audience) Reply
}

// Audience is who a reply is for and how they read it.
type Audience struct {
	Actor   User // who asked
	Private bool // visible only to Actor (privateMessageViewer)
	// Welcome asks for Onboard's welcome card first (the app was just
	// added to the space).
	Welcome bool
	// Locale is the BCP 47 tag of the language the readers get (cards
	// picks the nearest it has); "" is the default language.
	Locale string
	// TimeZone is the IANA name of the zone the readers' times are shown
	// in; "" is UTC.
	TimeZone string
}

func (a Audience) audience() Audience { return a }

// AudienceOf is who r is for; the zero Audience for a nil Reply.
func AudienceOf(r Reply) Audience {
	if r == nil {
		return Audience{}
	}
	return r.audience()
}

// private is an audience of the person who asked alone.
func private(u User) Audience { return Audience{Actor: u, Private: true} }

// public is an audience of everyone in the space, asked for by u.
func public(u User) Audience { return Audience{Actor: u} }

// welcomed is r with Onboard's welcome card first.
func welcomed(r Reply) Reply {
	if r == nil {
		return WelcomeReply{Audience: Audience{Welcome: true}}
	}
	a := r.audience()
	a.Welcome = true
	return r.withAudience(a)
}

// HelpReply explains how to use Onboard.
type HelpReply struct {
	Audience
	// UnknownCommand is what was typed when it is not a command Onboard
	// knows; "" for plain help.
	UnknownCommand string
	Policy         InvitePolicy // the invite policy in force (help explains it); "" when not known
	// Connection is the person's own authority: whether they are connected
	// and what it lets Onboard do (State NotConfigured when this deployment
	// connects no accounts).
	Connection ConnectionStatus
	// Admin is true for an Onboard admin: help shows the admin commands.
	Admin bool
}

// WelcomeReply greets a space Onboard was just added to.
type WelcomeReply struct {
	Audience
}

// InviteReply is the refusal of /invite or /onboard, or a result decided
// before any work was queued.
type InviteReply struct {
	Audience
	Report InviteReport
}

// BatchReply is the final result of durable work, in one space or
// several.
type BatchReply struct {
	Audience
	Batch         Batch
	SkippedSpaces []SpaceSkip // /onboard: plan spaces left out, with why
	// UndoBatch offers an "Undo" button (action "undo", parameter
	// batch=<id>) for 24 hours; "" for none.
	UndoBatch string
	// RetryBatch offers "Retry failed" (action "retryFailed", parameter
	// batch=<id>) when someone's failure may pass on a retry; "" for none.
	RetryBatch string
	// InviteMore offers a button that opens the invite dialog for this
	// space (spaces/…); "" for none.
	InviteMore string
	// InChat is what the asker can do in Chat itself for someone Onboard
	// cannot add (outside the organisation): the remedy their row gives.
	InChat InChat
}

// InChat is what the person who asked can do in Chat itself, in the space
// they asked Onboard to add people to, about someone Onboard cannot add
// with its own access (outside the organisation). It is known only where
// Onboard read their role there (the invite policy's check of /invite);
// never guessed with a call of its own.
type InChat string

const (
	InChatUnknown InChat = ""     // their role was not read: the remedy says who may add people
	InChatAdds    InChat = "adds" // they manage the space, or it is a group chat (anyone adds people there)
	InChatAsks    InChat = "asks" // a plain member of a named space: they ask a space manager
)

// inChatOf is what a member with role can do in Chat in a space of type t.
func inChatOf(t SpaceType, role Role) InChat {
	if t == SpaceGroupChat || role.Manages() {
		return InChatAdds
	}
	return InChatAsks
}

// WorkingReply acknowledges durable work that continues: a progress
// message will follow.
type WorkingReply struct {
	Audience
	Batch         Batch
	SkippedSpaces []SpaceSkip   // /onboard: plan spaces left out, with why
	ETA           time.Duration // the time the work should take; 0 when not known
}

// StatusReply is the invoker's recent work (/status), or why a request
// could not be served.
type StatusReply struct {
	Audience
	Batches []Batch       // newest first
	Cancel  *CancelResult // what "/status cancel ID" did; nil for /status
	Problem Reason        // why nothing was done; "" when it was
}

// CancelResult is what "/status cancel ID" did to the job.
type CancelResult struct {
	Batch       string // the job's id
	Stopped     int    // people not yet added who now will not be
	AlreadyDone bool   // the job had finished: nothing was cancelled
}

// PlanReply is the result of /plan, or why /plan or /onboard did nothing.
type PlanReply struct {
	Audience
	Plan    *Plan      // the plan acted on; nil when none was named
	Plans   []Plan     // /plan list
	Action  PlanAction // what /plan did
	Problem Reason     // why nothing was done; "" when it was
	// Warning is what the change will not do yet: ReasonAppNotInSpace
	// when Onboard cannot see the space just added.
	Warning Reason
}

// SettingsReply is /settings: the space's settings and a form to change
// them, or why they could not be shown or saved.
type SettingsReply struct {
	Audience
	Space    Space          // the space, with its name
	Settings *SpaceSettings // nil when they could not be read
	InForce  RulesInForce   // the rules that apply, and where each comes from
	Defaults RulesInForce   // the rules that apply where the space sets none
	Saved    bool           // the settings were just changed
	Problem  Reason         // why nothing was done; "" when it was
	// Mistakes are the parts of the settings not understood
	// (Problem ReasonBadSettings).
	Mistakes []SettingsMistake
}

// RulesInForce are the rules that apply in a space, and where each comes
// from.
type RulesInForce struct {
	Invite, Remove         InvitePolicy
	InviteFrom, RemoveFrom RuleSource
	Domains                []string
	DomainsFrom            RuleSource
	Max                    int
	MaxFrom                RuleSource
	Plans                  bool
	PlansFrom              RuleSource
	// Preview is how many people a request may name before the asker
	// confirms a preview; negative: never previewed.
	Preview     int
	PreviewFrom RuleSource
	// Locale is the language of what is posted for everyone in the space;
	// "" from Onboard: each request's asker's own language.
	Locale     string
	LocaleFrom RuleSource
}

// With are the rules d with a space's settings applied: a space may
// narrow the people per command, never raise it.
func (d RulesInForce) With(set SpaceSettings) RulesInForce {
	r := d
	if set.InvitePolicy != "" {
		r.Invite, r.InviteFrom = set.InvitePolicy, FromSpace
	}
	if set.RemovePolicy != "" {
		r.Remove, r.RemoveFrom = set.RemovePolicy, FromSpace
	}
	if len(set.AllowedDomains) > 0 {
		r.Domains, r.DomainsFrom = set.AllowedDomains, FromSpace
	}
	if set.MaxPeople > 0 && set.MaxPeople < r.Max {
		r.Max, r.MaxFrom = set.MaxPeople, FromSpace
	}
	if set.PlansAllowed != nil {
		r.Plans, r.PlansFrom = *set.PlansAllowed, FromSpace
	}
	switch p := set.PreviewOver; {
	case p == nil:
	case *p == 0:
		r.Preview, r.PreviewFrom = -1, FromSpace // the space's managers turned previews off
	default:
		r.Preview, r.PreviewFrom = *p, FromSpace
	}
	if set.Locale != "" {
		r.Locale, r.LocaleFrom = set.Locale, FromSpace
	}
	return r
}

// RuleSource is where a rule in force comes from.
type RuleSource string

const (
	FromSpace        RuleSource = "space"        // the space's own /settings
	FromOnboard      RuleSource = "onboard"      // Onboard's default, as its operators configured it
	FromOrganisation RuleSource = "organisation" // the organisation's domains
)

// AuditReply is /audit: audit entries, or why they are not shown.
type AuditReply struct {
	Audience
	Entries []AuditEntry // newest first
	Scope   string       // "spaces/…" or "all"
	// ScopeName is the space's name, as Chat shows it; "" when not known.
	ScopeName string
	Problem   Reason // why nothing is shown; "" when entries are
}

// RemoveReply is /remove and Undo: per-person removal results, or a
// refusal (Report.Refusal).
type RemoveReply struct {
	Audience
	Report InviteReport
	// Undone is set when Undo removed them: the card replaces the
	// result it undid, and says so.
	Undone bool
}

// SpacesReply is /spaces: the spaces Onboard is in.
type SpacesReply struct {
	Audience
	Spaces  []Space
	Problem Reason // why nothing is shown; "" when the spaces are
}

// PausedReply answers /pause and /resume, and refuses a change while
// Onboard is paused (Problem ReasonPaused).
type PausedReply struct {
	Audience
	Paused  bool   // Onboard is paused now
	Problem Reason // why nothing was done; "" when it was
}

// LimitedReply says the per-user command limit was hit.
type LimitedReply struct {
	Audience
	RetryAfter time.Duration
}

// ConnectReply asks the person to connect their Google account: after a
// message, Chat's configuration request (Chat shows the link privately and,
// once they are back, sends the message again); after a click, which Chat
// cannot send again, a private card with the link.
type ConnectReply struct {
	Audience
	URL   string // where the person signs in (Google's consent screen)
	Click bool   // asked by a click: a card with the link, then click again
	Admin bool   // the link asks for admin access
}

// ConnectionReply is /connect and /disconnect when no sign-in is needed:
// what Onboard holds of the person's own authority now.
type ConnectionReply struct {
	Audience
	Status  ConnectionStatus
	Problem Reason // why nothing was done; "" when it was
}

// ConnectionStatus is what Onboard holds of a person's own authority.
type ConnectionStatus struct {
	State        ConnectionState
	Email        string       // the connected account
	Capabilities []Capability // what the grant lets Onboard do
}

// ConnectionState is a person's connection, as a reply reports it.
type ConnectionState string

const (
	Connected     ConnectionState = "connected"      // a grant is stored
	Disconnected  ConnectionState = "disconnected"   // /disconnect revoked and deleted it
	NotConnected  ConnectionState = "not_connected"  // there was nothing to disconnect
	NotConfigured ConnectionState = "not_configured" // this deployment connects no accounts
)

// Capability is something a person's grant lets Onboard do, as /help and
// /connect name it (rather than Google's scope URLs).
type Capability string

const (
	CanAddPeople  Capability = "add_people"  // chat.memberships
	CanAddOnboard Capability = "add_onboard" // chat.memberships.app
	CanFindGroups Capability = "find_groups" // cloud-identity.groups.readonly
	CanAdmin      Capability = "admin"       // chat.admin.memberships
)

func (r HelpReply) withAudience(a Audience) Reply     { r.Audience = a; return r }
func (r WelcomeReply) withAudience(a Audience) Reply  { r.Audience = a; return r }
func (r InviteReply) withAudience(a Audience) Reply   { r.Audience = a; return r }
func (r BatchReply) withAudience(a Audience) Reply    { r.Audience = a; return r }
func (r WorkingReply) withAudience(a Audience) Reply  { r.Audience = a; return r }
func (r StatusReply) withAudience(a Audience) Reply   { r.Audience = a; return r }
func (r PlanReply) withAudience(a Audience) Reply     { r.Audience = a; return r }
func (r SettingsReply) withAudience(a Audience) Reply { r.Audience = a; return r }
func (r AuditReply) withAudience(a Audience) Reply    { r.Audience = a; return r }
func (r RemoveReply) withAudience(a Audience) Reply   { r.Audience = a; return r }
func (r SpacesReply) withAudience(a Audience) Reply   { r.Audience = a; return r }
func (r PausedReply) withAudience(a Audience) Reply   { r.Audience = a; return r }
func (r LimitedReply) withAudience(a Audience) Reply  { r.Audience = a; return r }
func (r ConnectReply) withAudience(a Audience) Reply  { r.Audience = a; return r }
func (r ConnectionReply) withAudience(a Audience) Reply {
	r.Audience = a
	return r
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
	Reason  Reason        // for NotAdded, Skipped and Refused
	As      AuthorityKind // whose authority added them (or would have)
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
