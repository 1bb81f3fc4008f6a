package bot

import (
	"context"
	"time"
)

// Plan is a named set of spaces new people join together ("engineering":
// the team space, the on-call space, the announcements space). Plans are
// managed by Onboard admins with /plan and applied with /onboard.
type Plan struct {
	Name      string // lower-case, letters, digits and - _
	Spaces    []PlanSpace
	UpdatedBy string // users/… of the last Onboard admin who changed it
	UpdatedAt time.Time
}

// PlanSpace is one space of a plan.
type PlanSpace struct {
	Space   Space  // Name is spaces/…; DisplayName as last seen
	Welcome string // optional text posted in the space when someone is added
}

// Plans stores plans (implemented by internal/store).
type Plans interface {
	// SavePlan creates or replaces a plan.
	SavePlan(ctx context.Context, p Plan) error
	// Plan returns a plan; KindNotFound when there is none of that name.
	Plan(ctx context.Context, name string) (Plan, error)
	// ListPlans returns every plan, by name.
	ListPlans(ctx context.Context) ([]Plan, error)
}
