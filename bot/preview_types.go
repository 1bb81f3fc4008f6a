package bot

import (
	"context"
	"time"
)

// Preview is a large request shown to the person who asked before
// anything changes, kept until they confirm or cancel it: Confirm runs the
// request again, as them, from what is saved here — the click may reach
// another instance. It holds personal data (who asked, whom they named):
// erasure removes it.
type Preview struct {
	ID        string // assigned by Previews.SavePreview; Confirm's parameter
	Actor     User   // who asked: the only one whose Confirm counts
	Origin    Space  // where they asked: the result is posted there
	Command   Command
	CreatedAt time.Time
	State     PreviewState
}

// PreviewState is where a preview stands.
type PreviewState string

const (
	PreviewPending   PreviewState = "pending"
	PreviewConfirmed PreviewState = "confirmed"
	PreviewCancelled PreviewState = "cancelled"
)

// previewLifetime is how long Confirm is honoured.
const previewLifetime = 10 * time.Minute

// Previews keeps previews (implemented by internal/store).
type Previews interface {
	// SavePreview saves p and returns it with its ID and CreatedAt.
	SavePreview(ctx context.Context, p Preview) (Preview, error)
	// Preview returns the preview with id; KindNotFound when there is
	// none.
	Preview(ctx context.Context, id string) (Preview, error)
	// SettlePreview moves a pending preview to state (confirmed or
	// cancelled) and returns the state it is in afterwards: state, or
	// the one a click before this one settled it in.
	SettlePreview(ctx context.Context, id string, state PreviewState) (PreviewState, error)
}

// Poster posts a reply as a new message through the Chat API: what a
// dialog's submit or a Confirm reports, since their answers cannot be new
// messages of their own (implemented by internal/jobs with cards' words).
type Poster interface {
	// Post posts r in space once: a second Post with the same key posts
	// nothing.
	Post(ctx context.Context, space string, r Reply, key string) error
}

// PreviewReport is what a preview card shows: every person in every
// space with what Confirm would do — Pending (will be added or invited:
// whether they must accept is only known once they are added), Already,
// NotAdded or Refused with the reason, or Skipped — or, once settled,
// only that.
type PreviewReport struct {
	ID            string
	Command       CommandName // CmdInvite or CmdOnboard
	Plan          string      // /onboard's plan
	Actor         User
	Origin        Space
	Items         []Item
	SkippedSpaces []SpaceSkip
	People        int          // how many people the request names
	Expires       time.Time    // when Confirm stops counting
	State         PreviewState // pending, or how it was settled
	InChat        InChat       // what the asker can do in Chat for someone Onboard cannot add
}
