package bot

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
}

// ReplyKind says which card a Reply is.
type ReplyKind int

const (
	ReplyNone    ReplyKind = iota // {}: acknowledge only
	ReplyHelp                     // how to use Onboard
	ReplyWelcome                  // Onboard was added to a space
	ReplyInvite                   // the result (or refusal) of /invite
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
