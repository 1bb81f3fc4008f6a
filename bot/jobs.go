package bot

import (
	"context"
	"strings"
	"time"
)

// Batch is the durable record of one request to add people: saved before
// anyone is attempted, and keyed by the request so that a redelivered
// event or a double click saves nothing new. Every item keeps its outcome;
// nothing is deleted when something fails.
type Batch struct {
	ID     string // assigned by Jobs.Submit
	Key    string // the request: message.name, or a click's id; unique
	Actor  User
	Origin Space // where the request was made: progress is posted there
	Items  []Item
	// Locale and TimeZone are the language and zone its progress message
	// is read in, decided when it was asked for ("": English, UTC).
	Locale, TimeZone string

	CreatedAt time.Time
	Done      bool // every item has a final outcome
	Cancelled bool
}

// Item is one person to add to one space.
type Item struct {
	Space   Space
	Target  Target
	As      Authority    // whose authority adds them
	Welcome string       // text to post in Space when they are added ("" for none)
	Result  PersonResult // Outcome Pending until the work is done
}

// Private reports whether the batch's results are for its requester
// alone: it adds people to spaces other than the one it was asked in,
// whose members there need not learn who joined elsewhere. In a direct
// message with Onboard everything is private anyway.
func (b *Batch) Private() bool {
	if b.Origin.Type == SpaceDM {
		return false
	}
	for _, it := range b.Items {
		if it.Space.Name != b.Origin.Name {
			return true
		}
	}
	return false
}

// Count returns how many items ended with outcome o.
func (b *Batch) Count(o Outcome) int {
	n := 0
	for _, it := range b.Items {
		if it.Result.Outcome == o {
			n++
		}
	}
	return n
}

// Jobs is durable invite work (implemented by internal/jobs).
//
// Exactly one message gives a batch's final tally: the caller's reply, if
// the batch is done within the reply's wait, or else a progress message the
// jobs post and edit until done. The progress message is saved with the
// batch, so it is posted by whichever instance survives even if the one
// that took the request dies before answering.
type Jobs interface {
	// Submit saves b and queues its pending items, one job per (request,
	// space, person), and the progress message, which waits replyWithin
	// for the caller's reply to claim the report (Wait) before it claims
	// it itself. If a batch with b.Key exists it is returned instead and
	// nothing new is queued.
	Submit(ctx context.Context, b Batch, replyWithin time.Duration) (Batch, error)
	// Wait returns the batch once it is done, or its state after d, and
	// whether the caller's reply reports it: true when the batch is done
	// and the reply claimed the report; false when the progress message
	// reports it (from now on, or already: a redelivered request whose
	// batch went asynchronous returns false at once, done or not).
	Wait(ctx context.Context, id string, d time.Duration) (b Batch, reply bool, err error)
}

// JobControl lists and cancels durable work (implemented by internal/jobs).
type JobControl interface {
	// Recent returns actor's batches, newest first.
	Recent(ctx context.Context, actor string, limit int) ([]Batch, error)
	// Cancel marks the batch's pending items Cancelled with reason.
	Cancel(ctx context.Context, id string, reason Reason) (Batch, error)
	// CancelSpace cancels every pending item for space (Onboard was
	// removed from it) and returns how many.
	CancelSpace(ctx context.Context, space string) (int, error)
}

// AddPerson adds one person and decides their outcome: the one place that
// turns the Chat API's answer into an Outcome, used by the synchronous path
// and the job workers alike. uncertain says an earlier attempt may have
// succeeded without us seeing the answer (a crash, a lost response): then
// "already a member" means our own earlier attempt did it, so the person's
// real state is read back. A KindRateLimited or KindTransient error is
// returned for the caller to retry; every other answer is a final result.
func AddPerson(ctx context.Context, m Memberships, space string, t Target, as AuthorityKind, uncertain bool) (PersonResult, error) {
	r := PersonResult{Target: t, As: as}
	mem, err := m.AddMember(ctx, space, t.User)
	switch k := KindOf(err); {
	case err == nil:
	case k == KindRateLimited || k == KindTransient:
		return r, err
	case k == KindAlreadyMember && uncertain:
		mem, err = m.Member(ctx, space, t.User)
		if err != nil {
			// App authentication cannot see invitations: a membership we
			// created but cannot read is an invitation.
			if KindOf(err) == KindNotFound {
				r.Outcome = Invited
				return r, nil
			}
			return r, err
		}
	case k == KindAlreadyMember:
		r.Outcome, r.User = Already, alreadyWho(ctx, m, space, t)
		return r, nil
	default:
		r.Outcome, r.Reason = NotAdded, reasonAs(k, as)
		return r, nil
	}
	r.User = mem.User
	if mem.State == StateInvited {
		r.Outcome = Invited
	} else {
		r.Outcome = Joined
	}
	return r, nil
}

// alreadyWho is the users/{id} of a person Chat says is in the space
// already, so that one person named twice — "@Alice alice@example.com" —
// is reported once: the id they were named by, or else the one a read of
// the membership gives. A failed read leaves it unknown ("").
func alreadyWho(ctx context.Context, m Memberships, space string, t Target) string {
	if !strings.Contains(t.User, "@") {
		return t.User
	}
	mem, err := m.Member(ctx, space, t.User)
	if err != nil {
		return ""
	}
	return mem.User
}
