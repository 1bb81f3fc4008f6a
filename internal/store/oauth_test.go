package store_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// A sign-in is claimed once: a second callback with the same state, one
// after it expired, or one with a state never issued gets nothing.
func TestSignInIsClaimedOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		in := store.SignIn{StateHash: "h1", ChatUser: "users/111", Email: "sam@example.com",
			Scopes: []string{"openid", "email"}, CompleteSealed: "v1.k.c", VerifierSealed: "v1.k.v",
			CreatedAt: now, ExpiresAt: now.Add(10 * time.Minute)}
		if err := s.SaveSignIn(t.Context(), in); err != nil {
			t.Fatal(err)
		}
		late := in
		late.StateHash, late.ExpiresAt = "h2", now.Add(time.Minute)
		if err := s.SaveSignIn(t.Context(), late); err != nil {
			t.Fatal(err)
		}
		got, err := s.ClaimSignIn(t.Context(), "h1", now.Add(time.Minute))
		if err != nil {
			t.Fatalf("first claim: %v", err)
		}
		if diff := cmp.Diff(in, got); diff != "" {
			t.Errorf("claimed sign-in (-saved +got):\n%s", diff)
		}
		for _, tc := range []struct {
			hash string
			at   time.Time
			want error
		}{
			{"h1", now.Add(2 * time.Minute), store.ErrSignInUsed},
			{"h2", now.Add(2 * time.Minute), store.ErrSignInExpired},
			{"nope", now, store.ErrSignInUnknown},
		} {
			if _, err := s.ClaimSignIn(t.Context(), tc.hash, tc.at); !errors.Is(err, tc.want) {
				t.Errorf("claim %s: %v, want %v", tc.hash, err, tc.want)
			}
		}
	})
}

// Two callbacks racing with one state (two instances) give one winner.
func TestSignInClaimRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		now := time.Now()
		if err := s.SaveSignIn(t.Context(), store.SignIn{StateHash: "race", ChatUser: "users/1", Scopes: []string{"openid"},
			VerifierSealed: "v", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			wg.Go(func() {
				if _, err := s.ClaimSignIn(t.Context(), "race", now); err == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d callbacks claimed one state, want 1", wins)
		}
	})
}

func TestGrants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		ctx := t.Context()
		if _, err := s.Grant(ctx, "users/1"); bot.KindOf(err) != bot.KindNotFound {
			t.Fatalf("grant before connecting: %v, want not found", err)
		}
		t0 := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
		g := store.Grant{ChatUser: "users/1", Email: "sam@example.com", Scopes: []string{"openid", "email"},
			RefreshSealed: "v1.a.x", KeyID: "a", UpdatedAt: t0}
		if err := s.SaveGrant(ctx, g); err != nil {
			t.Fatal(err)
		}
		g.Scopes, g.RefreshSealed, g.KeyID, g.UpdatedAt = []string{"openid", "email", "chat"}, "v1.b.y", "b", t0.Add(time.Hour)
		if err := s.SaveGrant(ctx, g); err != nil {
			t.Fatal(err)
		}
		got, err := s.Grant(ctx, "users/1")
		if err != nil {
			t.Fatal(err)
		}
		want := g
		want.CreatedAt = t0
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("grant after a second save (-want +got):\n%s", diff)
		}
		all, err := s.Grants(ctx)
		if err != nil || len(all) != 1 {
			t.Fatalf("Grants = %v, %v; want one", all, err)
		}
		if gone, err := s.DeleteGrant(ctx, "users/1"); err != nil || !gone {
			t.Errorf("DeleteGrant = %v, %v; want true", gone, err)
		}
		if gone, err := s.DeleteGrant(ctx, "users/1"); err != nil || gone {
			t.Errorf("second DeleteGrant = %v, %v; want false", gone, err)
		}
	})
}
