package jobs

import (
	"context"
	"errors"

	"github.com/onboard-chat/onboard/bot"
)

var _ bot.Poster = (*Engine)(nil)

// Post posts r, rendered by Config.RenderReply, as a new message in space:
// the result of a request whose answer could not carry it (a dialog's
// submit, a preview's Confirm). The message's id is derived from key, so
// a second Post of the same result — a double click — creates nothing:
// Chat refuses an id it has seen in the space.
func (e *Engine) Post(ctx context.Context, space string, r bot.Reply, key string) error {
	if e.cfg.RenderReply == nil {
		return errors.New("jobs: Post needs Config.RenderReply")
	}
	_, err := e.cfg.Messages.CreateMessage(ctx, space, e.cfg.RenderReply(r), clientMessageID(key))
	if bot.KindOf(err) == bot.KindAlreadyMember {
		return nil
	}
	return err
}
