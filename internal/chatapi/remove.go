package chatapi

import (
	"context"
	"strings"

	"github.com/onboard-chat/onboard/bot"
)

const opRemoveMember = "chatapi.RemoveMember"

var _ bot.Remover = (*Client)(nil)

// RemoveMember deletes user's membership of space with members.delete
// (an invitation is withdrawn the same way). Chat refuses to let an app
// remove a manager from a space it did not create, or the last manager:
// those come back as KindDenied or KindInvalid; someone who is not a member
// as KindNotFound.
func (c *Client) RemoveMember(ctx context.Context, space, user string) error {
	name := space + "/members/" + strings.TrimPrefix(user, "users/")
	_, err := c.retry(ctx, opRemoveMember, user, func(ctx context.Context) error {
		call := c.svc.Spaces.Members.Delete(name).Context(ctx)
		if c.as == actingAdmin {
			call = call.UseAdminAccess(true)
		}
		_, err := call.Do()
		return err
	})
	return err
}
