package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// previewCmd is a request naming carol by address and bob by mention.
func previewCmd() bot.Command {
	return bot.Command{Name: bot.CmdInvite, Space: eng.Name,
		People: []bot.Target{{User: "users/carol@example.com", Display: "carol@example.com", Email: "carol@example.com"},
			{User: bob.Name, Display: bob.DisplayName, Mentioned: true}},
		Skipped: []bot.Skip{{Target: bot.Target{Display: "tomorrow"}, Reason: bot.ReasonUnrecognised}}}
}

// TestPreviews: a preview reads back as saved; of a Confirm and a Cancel
// racing, the first settles it and the other learns which; previews a day
// old are cleared when another is saved.
func TestPreviews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		ctx := t.Context()
		saved, err := s.SavePreview(ctx, bot.Preview{Actor: alice, Origin: origin, Command: previewCmd(), CreatedAt: at})
		if err != nil || saved.ID == "" {
			t.Fatalf("SavePreview: %+v, %v", saved, err)
		}
		got, err := s.Preview(ctx, saved.ID)
		want := bot.Preview{ID: saved.ID, Actor: alice, Origin: origin, Command: previewCmd(),
			CreatedAt: at.UTC().Truncate(time.Microsecond), State: bot.PreviewPending}
		if diff := cmp.Diff(want, got); err != nil || diff != "" {
			t.Errorf("Preview: %v (-saved +read):\n%s", err, diff)
		}
		if st, err := s.SettlePreview(ctx, saved.ID, bot.PreviewConfirmed); err != nil || st != bot.PreviewConfirmed {
			t.Errorf("first settle: %s, %v; want confirmed", st, err)
		}
		if st, err := s.SettlePreview(ctx, saved.ID, bot.PreviewCancelled); err != nil || st != bot.PreviewConfirmed {
			t.Errorf("Cancel after Confirm: %s, %v; want it still confirmed", st, err)
		}
		if _, err := s.Preview(ctx, "nope"); bot.KindOf(err) != bot.KindNotFound {
			t.Errorf("Preview of an unknown id: %v, want not found", err)
		}
		if _, err := s.SavePreview(ctx, bot.Preview{Actor: bob, Origin: origin, Command: previewCmd(),
			CreatedAt: at.Add(25 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Preview(ctx, saved.ID); bot.KindOf(err) != bot.KindNotFound {
			t.Errorf("a preview a day old after another was saved: %v, want cleared", err)
		}
	})
}

// TestUndoMarks: of two Undos, the first marks the batch; an Undo that
// removed nobody is forgotten, so it may be tried again.
func TestUndoMarks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		ctx := t.Context()
		b, _, err := s.CreateBatch(ctx, newBatch("undo-marks", alice, decided(eng, "users/30", bot.Joined, "")), nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []bool{true, false} {
			if first, err := s.MarkUndone(ctx, b.ID, bob.Name, at); err != nil || first != want {
				t.Errorf("MarkUndone #%d: %v, %v; want %v", i+1, first, err, want)
			}
		}
		if err := s.UnmarkUndone(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if first, err := s.MarkUndone(ctx, b.ID, bob.Name, at); err != nil || !first {
			t.Errorf("MarkUndone after UnmarkUndone: %v, %v; want true", first, err)
		}
	})
}

// TestErasureDeletesPreviews: a preview naming the erased person — as who
// asked or as someone to add — is deleted; another is kept; who undid a
// batch is blanked.
func TestErasureDeletesPreviews(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		ctx := t.Context()
		hers, err := s.SavePreview(ctx, bot.Preview{Actor: alice, Origin: origin, Command: bot.Command{Name: bot.CmdInvite}})
		if err != nil {
			t.Fatal(err)
		}
		naming, err := s.SavePreview(ctx, bot.Preview{Actor: bob, Origin: origin, Command: previewCmd()})
		if err != nil {
			t.Fatal(err)
		}
		other, err := s.SavePreview(ctx, bot.Preview{Actor: bob, Origin: origin, Command: bot.Command{Name: bot.CmdInvite,
			People: []bot.Target{{User: "users/dave@example.com", Email: "dave@example.com"}}}})
		if err != nil {
			t.Fatal(err)
		}
		b, _, err := s.CreateBatch(ctx, newBatch("undone-by", bob, decided(eng, "users/30", bot.Joined, "")), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.MarkUndone(ctx, b.ID, "users/carol@example.com", at); err != nil {
			t.Fatal(err)
		}
		for _, person := range []string{alice.Email, "carol@example.com"} {
			if _, err := s.EraseAuditPerson(ctx, person); err != nil {
				t.Fatal(err)
			}
		}
		for id, kept := range map[string]bool{hers.ID: false, naming.ID: false, other.ID: true} {
			if _, err := s.Preview(ctx, id); (err == nil) != kept {
				t.Errorf("preview %s after erasure: %v, want kept %v", id, err, kept)
			}
		}
		var by string
		if err := s.DB().QueryRowContext(ctx, `SELECT undone_by FROM onboard_batches WHERE id = $1`, b.ID).Scan(&by); err != nil || by != store.Erased {
			t.Errorf("undone_by after erasure: %q, %v; want %q", by, err, store.Erased)
		}
	})
}
