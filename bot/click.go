package bot

import "context"

// click answers CARD_CLICKED. The action and its parameters are untrusted
// input: each action re-checks the clicker's rights from scratch.
func (s *Service) click(ctx context.Context, in Interaction) Reply {
	if in.Action == nil {
		return nil
	}
	if wait := s.limiter.take(in.Actor.Name); wait > 0 {
		return LimitedReply{Audience: private(in.Actor), RetryAfter: wait}
	}
	switch in.Action.Function {
	case "undo":
		return s.undo(ctx, in, in.Action.Parameters["batch"])
	case "saveSettings":
		return s.saveSettingsForm(ctx, in)
	default:
		return nil
	}
}
