package chatapi

import (
	"context"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

func TestRemoveMember(t *testing.T) {
	fake := newFake(t)
	client := newClient(t, fake, nil)
	ctx := context.Background()
	const space = "spaces/AAAAonbrd01"
	if _, err := client.AddMember(ctx, space, "users/carol@example.com"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		user string
		want bot.Kind // -1: success
	}{
		{"a member Onboard added", "users/carol@example.com", -1},
		{"not a member any more", "users/carol@example.com", bot.KindNotFound},
		{"a manager in a space Onboard did not create", "users/111111111111111111111", bot.KindDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := client.RemoveMember(ctx, space, tt.user)
			if tt.want == -1 {
				if err != nil {
					t.Fatalf("RemoveMember: %v", err)
				}
				return
			}
			if got := bot.KindOf(err); err == nil || got != tt.want {
				t.Errorf("RemoveMember error %v (kind %v), want kind %v", err, got, tt.want)
			}
		})
	}
	if st, _, ok := fake.Membership("AAAAonbrd01", "carol@example.com"); ok {
		t.Errorf("carol still has a membership (%s)", st)
	}
}
