package bot

import (
	"context"
	"sync"
	"time"
)

// Previews: a request naming more people than a space's preview setting
// allows (preview=, else PREVIEW_OVER) is shown to the person who asked
// before anything changes — who will be added or invited, who is in
// already, who cannot be added and why — and runs only once they confirm
// it. Nothing is saved as a batch and nothing is changed until then; the
// only calls are reads (spaces.members.get) to find who is in already.

// Bounds of the look-ahead for "already in": a few reads at a time, and
// no longer than a person waits for an answer; whoever was not read in
// time shows as "will be added or invited".
const (
	lookAheadWorkers = 8
	lookAheadBudget  = 3 * time.Second
)

// previewFirst is the preview of a request whose items are b's (shown
// with skipped, the words it will not attempt) when it names more than
// over people, and nil when it runs at once: a small request, previews
// turned off (over < 0), or a request being confirmed.
func (s *Service) previewFirst(ctx context.Context, in Interaction, cmd Command, people int, items []Item,
	spaces []SpaceSkip, over int) Reply {
	if in.confirming != "" || s.Previews == nil || over < 0 || people <= over {
		return nil
	}
	p, err := s.Previews.SavePreview(ctx, Preview{Actor: in.Actor, Origin: in.Space, Command: cmd, State: PreviewPending,
		CreatedAt: s.cfg.Now()})
	if err != nil {
		s.log.Error("could not save a preview", "actor", in.Actor.Name, "error", err)
		return StatusReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	plan := ""
	if cmd.Name == CmdOnboard {
		plan, _ = planName(cmd)
	}
	rep := PreviewReport{ID: p.ID, Command: cmd.Name, Plan: plan, Actor: in.Actor, Origin: in.Space,
		Items: s.lookAhead(ctx, items), SkippedSpaces: spaces, People: people,
		Expires: p.CreatedAt.Add(s.previewLifetime()), State: PreviewPending}
	return PreviewReply{Audience: private(in.Actor), Preview: rep}
}

// previewLifetime is how long a Confirm counts.
func (s *Service) previewLifetime() time.Duration {
	if s.cfg.PreviewLifetime > 0 {
		return s.cfg.PreviewLifetime
	}
	return previewLifetime
}

// lookAhead is items with the people who are members already marked
// Already: read with Onboard's own authority, where it is in the space
// and adds them itself — elsewhere Chat answers only when asked to add.
func (s *Service) lookAhead(ctx context.Context, items []Item) []Item {
	out := append([]Item(nil), items...)
	ctx, cancel := context.WithTimeout(ctx, lookAheadBudget)
	defer cancel()
	todo := make(chan int)
	var wg sync.WaitGroup
	for range lookAheadWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range todo {
				it := &out[i]
				m, err := s.Members.Member(ctx, it.Space.Name, it.Target.User)
				if err == nil && m.State == StateJoined {
					it.Result.Outcome, it.Result.User = Already, m.User
				}
			}
		}()
	}
	for i, it := range out {
		if it.Result.Outcome != Pending || it.As.Kind != AsApp || it.Target.Kind != TargetPerson {
			continue
		}
		select {
		case todo <- i:
		case <-ctx.Done():
		}
	}
	close(todo)
	wg.Wait()
	return out
}

// itemsWithSkips is b's items followed by the words cmd will not attempt,
// as a card shows them.
func itemsWithSkips(items []Item, space Space, cmd Command) []Item {
	out := append([]Item(nil), items...)
	for _, r := range skippedResults(cmd) {
		out = append(out, Item{Space: space, Target: r.Target, Result: r})
	}
	return out
}
