package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestSpaceSettingsRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		yes, no := true, false
		fifty, never := 50, 0
		when := at.UTC().Truncate(time.Microsecond)
		steps := []struct {
			name string
			save bot.SpaceSettings
		}{
			{"everything default", bot.SpaceSettings{Space: eng.Name, UpdatedBy: alice.Name, UpdatedAt: when}},
			{"plans allowed, one domain", bot.SpaceSettings{Space: eng.Name, InvitePolicy: bot.PolicyMembers,
				AllowedDomains: []string{"example.com"}, PlansAllowed: &yes, UpdatedBy: bob.Name, UpdatedAt: when.Add(time.Hour)}},
			{"replaced: plans off, two domains, a limit", bot.SpaceSettings{Space: eng.Name, InvitePolicy: bot.PolicyManagers,
				RemovePolicy: bot.PolicyMembers, AllowedDomains: []string{"example.com", "partner.example"}, MaxPeople: 25,
				PlansAllowed: &no, UpdatedBy: alice.Name, UpdatedAt: when.Add(2 * time.Hour)}},
			{"another space", bot.SpaceSettings{Space: ops.Name, MaxPeople: 5, UpdatedAt: when}},
			{"previews over 50", bot.SpaceSettings{Space: ops.Name, PreviewOver: &fifty, UpdatedAt: when}},
			{"previews never", bot.SpaceSettings{Space: ops.Name, PreviewOver: &never, UpdatedAt: when}},
			{"in Traditional Chinese", bot.SpaceSettings{Space: ops.Name, Locale: "zh-TW", UpdatedAt: when}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if err := s.SaveSpaceSettings(t.Context(), st.save); err != nil {
					t.Fatal(err)
				}
				got, err := s.SpaceSettings(t.Context(), st.save.Space)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(st.save, got); diff != "" {
					t.Errorf("SpaceSettings(%s) (-saved +got):\n%s", st.save.Space, diff)
				}
			})
		}

		got, err := s.SpaceSettings(t.Context(), "spaces/never")
		if diff := cmp.Diff(bot.SpaceSettings{Space: "spaces/never"}, got); err != nil || diff != "" {
			t.Errorf("SpaceSettings of a space with none = %v (-want +got):\n%s", err, diff)
		}
		before := time.Now().UTC().Add(-time.Second)
		if err := s.SaveSpaceSettings(t.Context(), bot.SpaceSettings{Space: "spaces/now"}); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SpaceSettings(t.Context(), "spaces/now"); err != nil || got.UpdatedAt.Before(before) || got.UpdatedAt.Location() != time.UTC {
			t.Errorf("UpdatedAt saved zero reads %v, %v; want now in UTC", got.UpdatedAt, err)
		}
	})
}

func TestSaveSpaceSettingsRefusesBadSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		tests := []struct {
			name string
			set  bot.SpaceSettings
		}{
			{"no space", bot.SpaceSettings{MaxPeople: 3}},
			{"an empty domain", bot.SpaceSettings{Space: eng.Name, AllowedDomains: []string{"example.com", ""}}},
			{"a comma in a domain", bot.SpaceSettings{Space: eng.Name, AllowedDomains: []string{"a.example,b.example"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				wantKind(t, "SaveSpaceSettings", s.SaveSpaceSettings(t.Context(), tt.set), bot.KindInvalid)
			})
		}
	})
}

func TestKillSwitch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		if paused, err := s.Paused(t.Context()); err != nil || paused {
			t.Fatalf("Paused on a new database = %v, %v; want false", paused, err)
		}
		steps := []struct {
			name   string
			paused bool
		}{
			{"pause", true},
			{"pause again", true},
			{"resume", false},
			{"pause once more", true},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if err := s.SetPaused(t.Context(), st.paused, alice.Name); err != nil {
					t.Fatal(err)
				}
				if got, err := s.Paused(t.Context()); err != nil || got != st.paused {
					t.Errorf("Paused = %v, %v; want %v", got, err, st.paused)
				}
			})
		}
	})
}
