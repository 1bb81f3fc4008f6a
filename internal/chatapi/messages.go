package chatapi

import (
	"context"
	"crypto/rand"
	"encoding/json"

	"github.com/onboard-chat/onboard/bot"
	chat "google.golang.org/api/chat/v1"
)

// Asynchronous messages as the app (chat.bot; docs/chat-platform.md §6.3).
// msg is any JSON-marshalable message (the cards package's lean structs);
// it goes through chat.Message so only fields Chat knows are sent.

// CreateMessage posts msg into space (spaces/{id}) and returns the new
// message's name. A non-empty messageID (client-…) names the message so it
// can be patched later. Every attempt of one call carries the same
// requestId, which makes retries idempotent.
func (c *Client) CreateMessage(ctx context.Context, space string, msg any, messageID string) (string, error) {
	m, err := toMessage(opCreateMessage, msg)
	if err != nil {
		return "", err
	}
	requestID := rand.Text()
	var name string
	_, err = c.retry(ctx, opCreateMessage, "", func(ctx context.Context) error {
		call := c.svc.Spaces.Messages.Create(space, m).RequestId(requestID).Context(ctx)
		if messageID != "" {
			call = call.MessageId(messageID)
		}
		got, err := call.Do()
		if err == nil {
			name = got.Name
		}
		return err
	})
	return name, err
}

// PatchMessage replaces the fields of message name (spaces/S/messages/M)
// listed in updateMask (e.g. "text,cards_v2") with those of msg.
func (c *Client) PatchMessage(ctx context.Context, name string, msg any, updateMask string) error {
	m, err := toMessage(opPatchMessage, msg)
	if err != nil {
		return err
	}
	_, err = c.retry(ctx, opPatchMessage, "", func(ctx context.Context) error {
		_, err := c.svc.Spaces.Messages.Patch(name, m).UpdateMask(updateMask).Context(ctx).Do()
		return err
	})
	return err
}

// toMessage re-decodes msg as a chat.Message.
func toMessage(op string, msg any) (*chat.Message, error) {
	b, err := json.Marshal(msg)
	if err != nil {
		return nil, &bot.Error{Op: op, Kind: bot.KindInternal, Err: err}
	}
	var m chat.Message
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, &bot.Error{Op: op, Kind: bot.KindInternal, Err: err}
	}
	return &m, nil
}
