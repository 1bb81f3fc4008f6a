package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

func TestPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, d store.Dialect) {
		s := storetest.Open(t, d)
		when := at.UTC().Truncate(time.Microsecond)
		engineering := bot.Plan{Name: "engineering", UpdatedBy: alice.Name, UpdatedAt: when, Spaces: []bot.PlanSpace{
			{Space: eng, Welcome: "Welcome to engineering"},
			{Space: ops},
		}}
		replaced := bot.Plan{Name: "engineering", UpdatedBy: bob.Name, UpdatedAt: when.Add(time.Hour), Spaces: []bot.PlanSpace{
			{Space: ops, Welcome: "Ops first now"},
		}}
		empty := bot.Plan{Name: "alpha", UpdatedBy: bob.Name, UpdatedAt: when}

		steps := []struct {
			name     string
			save     bot.Plan
			wantList []bot.Plan
		}{
			{"create", engineering, []bot.Plan{engineering}},
			{"replace its spaces", replaced, []bot.Plan{replaced}},
			{"a plan with no spaces, listed by name", empty, []bot.Plan{empty, replaced}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if err := s.SavePlan(t.Context(), st.save); err != nil {
					t.Fatal(err)
				}
				got, err := s.Plan(t.Context(), st.save.Name)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(st.save, got); diff != "" {
					t.Errorf("Plan(%s) (-saved +got):\n%s", st.save.Name, diff)
				}
				list, err := s.ListPlans(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(st.wantList, list); diff != "" {
					t.Errorf("ListPlans (-want +got):\n%s", diff)
				}
			})
		}

		_, err := s.Plan(t.Context(), "nope")
		wantKind(t, "Plan(nope)", err, bot.KindNotFound)
		wantKind(t, "SavePlan without a name", s.SavePlan(t.Context(), bot.Plan{}), bot.KindInvalid)
	})
}
