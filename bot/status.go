package bot

import (
	"context"
	"strings"
)

// statusLimit is how many recent batches /status lists.
const statusLimit = 10

// status carries out /status (the invoker's recent and running work) and
// "/status cancel ID" (cancel one's own running work).
func (s *Service) status(ctx context.Context, in Interaction, cmd Command) Reply {
	r := StatusReply{Audience: private(in.Actor)}
	recent, err := s.Control.Recent(ctx, in.Actor.Name, statusLimit)
	if err != nil {
		r.Problem = ReasonUnavailable
		return r
	}
	if len(cmd.Args) >= 2 && strings.EqualFold(cmd.Args[0], "cancel") {
		return s.cancel(ctx, in, cmd.Args[1], recent)
	}
	r.Batches = recent
	return r
}

// cancel cancels a batch of the invoker's own. Batches are looked up among
// the invoker's recent ones, so nobody can cancel someone else's work.
func (s *Service) cancel(ctx context.Context, in Interaction, id string, recent []Batch) Reply {
	r := StatusReply{Audience: private(in.Actor)}
	for _, b := range recent {
		if b.ID != id {
			continue
		}
		if b.Done {
			// Finished (or cancelled before): say so, rather than show
			// the job as if this command had stopped it.
			r.Batches, r.Cancel = []Batch{b}, &CancelResult{Batch: id, AlreadyDone: true}
			return r
		}
		done, err := s.Control.Cancel(ctx, id, ReasonByRequester)
		if err != nil {
			r.Problem = ReasonUnavailable
			return r
		}
		s.log.Info("batch cancelled", "batch", id, "actor", in.Actor.Name)
		r.Batches, r.Cancel = []Batch{done}, &CancelResult{Batch: id, Stopped: stopped(done)}
		return r
	}
	r.Problem = ReasonNoJob
	return r
}

// stopped counts the people a cancelled batch will not add: those
// cancelling left without an outcome of their own. A batch is cancelled
// by its requester only once (a cancelled batch is done).
func stopped(b Batch) int {
	n := 0
	for _, it := range b.Items {
		if it.Result.Reason == ReasonByRequester {
			n++
		}
	}
	return n
}
