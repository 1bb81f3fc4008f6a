package chatfake

import (
	"testing"
	"time"

	chat "google.golang.org/api/chat/v1"
)

func TestMessagesCreatePatchGet(t *testing.T) {
	t.Parallel()
	s, clock := newFake(t, nil)
	svc := newService(t, s, botScopes...)
	parent := "spaces/" + spacePlatform
	card := []*chat.CardWithId{{CardId: "progress", Card: &chat.GoogleAppsCardV1Card{Header: &chat.GoogleAppsCardV1CardHeader{Title: "Inviting 2 people"}}}}
	msg, err := svc.Spaces.Messages.Create(parent, &chat.Message{Text: "working…", CardsV2: card}).
		MessageId("client-invite-1").RequestId("req-1").Do()
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if msg.ClientAssignedMessageId != "client-invite-1" || msg.Sender.Type != "BOT" || msg.Thread == nil {
		t.Errorf("got %+v, want client id, BOT sender and a thread", msg)
	}

	clock.Advance(time.Second)
	again, err := svc.Spaces.Messages.Create(parent, &chat.Message{Text: "different"}).RequestId("req-1").Do()
	if err != nil || again.Name != msg.Name || again.Text != "working…" {
		t.Errorf("same requestId: got %v %v, want the first message %s", again, err, msg.Name)
	}

	clock.Advance(time.Second)
	done := []*chat.CardWithId{{CardId: "progress", Card: &chat.GoogleAppsCardV1Card{Header: &chat.GoogleAppsCardV1CardHeader{Title: "Done"}}}}
	patched, err := svc.Spaces.Messages.Patch(parent+"/messages/client-invite-1", &chat.Message{Text: "ignored", CardsV2: done}).
		UpdateMask("cards_v2").Do()
	if err != nil {
		t.Fatalf("Patch: %v", err)
	}
	if patched.Text != "working…" || patched.CardsV2[0].Card.Header.Title != "Done" || patched.LastUpdateTime == "" {
		t.Errorf("got text %q title %q, want text unchanged and title Done", patched.Text, patched.CardsV2[0].Card.Header.Title)
	}

	got, err := svc.Spaces.Messages.Get(msg.Name).Do()
	if err != nil || got.CardsV2[0].Card.Header.Title != "Done" {
		t.Errorf("Get: got %v %v, want the patched message", got, err)
	}
	if n := len(s.Messages(spacePlatform)); n != 1 {
		t.Errorf("Messages: got %d, want 1 (requestId is idempotent)", n)
	}
}

func TestMessagesRejections(t *testing.T) {
	t.Parallel()
	s, clock := newFake(t, nil)
	svc := newService(t, s, botScopes...)
	parent := "spaces/" + spacePlatform
	if _, err := svc.Spaces.Messages.Create(parent, &chat.Message{Text: "hi"}).MessageId("client-taken").Do(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		call       func() error
		wantCode   int
		wantStatus string
	}{
		{"messageId without client-", func() error {
			_, err := svc.Spaces.Messages.Create(parent, &chat.Message{Text: "x"}).MessageId("custom").Do()
			return err
		}, 400, "INVALID_ARGUMENT"},
		{"messageId with capitals", func() error {
			_, err := svc.Spaces.Messages.Create(parent, &chat.Message{Text: "x"}).MessageId("client-ABC").Do()
			return err
		}, 400, "INVALID_ARGUMENT"},
		{"messageId taken", func() error {
			_, err := svc.Spaces.Messages.Create(parent, &chat.Message{Text: "x"}).MessageId("client-taken").Do()
			return err
		}, 409, "ALREADY_EXISTS"},
		{"empty message", func() error {
			_, err := svc.Spaces.Messages.Create(parent, &chat.Message{}).Do()
			return err
		}, 400, "INVALID_ARGUMENT"},
		{"space the app is not in", func() error {
			_, err := svc.Spaces.Messages.Create("spaces/"+spaceFinance, &chat.Message{Text: "x"}).Do()
			return err
		}, 404, "NOT_FOUND"},
		{"patch without updateMask", func() error {
			_, err := svc.Spaces.Messages.Patch(parent+"/messages/client-taken", &chat.Message{Text: "x"}).Do()
			return err
		}, 400, "INVALID_ARGUMENT"},
		{"patch of an unknown field", func() error {
			_, err := svc.Spaces.Messages.Patch(parent+"/messages/client-taken", &chat.Message{Text: "x"}).UpdateMask("sender").Do()
			return err
		}, 400, "INVALID_ARGUMENT"},
		{"patch of a missing message", func() error {
			_, err := svc.Spaces.Messages.Patch(parent+"/messages/client-missing", &chat.Message{Text: "x"}).UpdateMask("text").Do()
			return err
		}, 404, "NOT_FOUND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock.Advance(time.Second) // stay inside the per-space write limit
			wantError(t, tt.call(), tt.wantCode, tt.wantStatus)
		})
	}
}

func TestMessagesUpdateAllowMissing(t *testing.T) {
	t.Parallel()
	s, _ := newFake(t, nil)
	svc := newService(t, s, botScopes...)
	msg, err := svc.Spaces.Messages.Update("spaces/"+spacePlatform+"/messages/client-new", &chat.Message{Text: "hello"}).
		AllowMissing(true).Do()
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	if msg.ClientAssignedMessageId != "client-new" || msg.Text != "hello" {
		t.Errorf("got %+v, want a new client-new message", msg)
	}
}

func TestMessageWritesPerSpacePerSecond(t *testing.T) {
	t.Parallel()
	s, clock := newFake(t, nil)
	svc := newService(t, s, botScopes...)
	send := func(space string) error {
		_, err := svc.Spaces.Messages.Create("spaces/"+space, &chat.Message{Text: "x"}).Do()
		return err
	}
	if err := send(spacePlatform); err != nil {
		t.Fatalf("first write: %v", err)
	}
	gerr := wantError(t, send(spacePlatform), 429, "RESOURCE_EXHAUSTED")
	if gerr.Message != MsgQuotaExceeded {
		t.Errorf("message: got %q, want %q", gerr.Message, MsgQuotaExceeded)
	}
	if err := send(spaceGroup); err != nil {
		t.Errorf("another space in the same second: got %v, want success", err)
	}
	clock.Advance(time.Second)
	if err := send(spacePlatform); err != nil {
		t.Errorf("next second: got %v, want success", err)
	}
}
