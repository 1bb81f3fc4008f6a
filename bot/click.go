package bot

import "context"

// click answers CARD_CLICKED. The action and its parameters are untrusted
// input: each action re-checks the clicker's rights from scratch.
func (s *Service) click(ctx context.Context, in Interaction) Reply {
	if in.Dialog == DialogCancel {
		// The dialog's close icon: nothing was saved, nothing to say.
		return DialogStatusReply{Audience: private(in.Actor), Cancelled: true}
	}
	if in.Action == nil {
		return nil
	}
	if isDialogAction(in.Action.Function) || fromDialog(in) {
		return s.dialogClick(ctx, in)
	}
	if wait := s.limiter.take(in.Actor.Name); wait > 0 {
		return LimitedReply{Audience: private(in.Actor), RetryAfter: wait}
	}
	switch in.Action.Function {
	case "undo":
		return s.undo(ctx, in, in.Action.Parameters["batch"])
	case "saveSettings":
		return s.saveSettingsForm(ctx, in)
	case actionConfirm:
		return s.confirm(ctx, in)
	case actionCancelPreview:
		return s.cancelPreview(ctx, in)
	case actionRetry:
		return s.retry(ctx, in, in.Action.Parameters["batch"])
	default:
		return nil
	}
}
