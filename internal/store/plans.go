package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/onboard-chat/onboard/bot"
)

// SavePlan creates or replaces a plan: its spaces are replaced as a whole,
// in one transaction. A zero UpdatedAt is saved as now; an empty name is
// KindInvalid.
func (s *Store) SavePlan(ctx context.Context, p bot.Plan) error {
	if p.Name == "" {
		return &bot.Error{Op: "store.SavePlan", Kind: bot.KindInvalid, Err: errors.New("plan has no name")}
	}
	if p.UpdatedAt.IsZero() {
		p.UpdatedAt = time.Now()
	}
	return s.Tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO onboard_plans (name, updated_by, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (name) DO UPDATE SET updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			p.Name, p.UpdatedBy, dbTime(p.UpdatedAt))
		if err != nil {
			return fmt.Errorf("store: save plan %s: %w", p.Name, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM onboard_plan_spaces WHERE plan_name = $1`, p.Name); err != nil {
			return fmt.Errorf("store: save plan %s: %w", p.Name, err)
		}
		for i, ps := range p.Spaces {
			_, err := tx.ExecContext(ctx, `INSERT INTO onboard_plan_spaces
				(plan_name, position, space, display_name, space_type, welcome) VALUES ($1, $2, $3, $4, $5, $6)`,
				p.Name, i, ps.Space.Name, ps.Space.DisplayName, string(ps.Space.Type), ps.Welcome)
			if err != nil {
				return fmt.Errorf("store: save plan %s, space %s: %w", p.Name, ps.Space.Name, err)
			}
		}
		return nil
	})
}

// Plan returns a plan; KindNotFound when there is none of that name.
func (s *Store) Plan(ctx context.Context, name string) (bot.Plan, error) {
	ps, err := s.plans(ctx, name)
	if err != nil {
		return bot.Plan{}, err
	}
	if len(ps) == 0 {
		return bot.Plan{}, notFound("store.Plan", "plan "+name)
	}
	return ps[0], nil
}

// ListPlans returns every plan, by name.
func (s *Store) ListPlans(ctx context.Context) ([]bot.Plan, error) {
	return s.plans(ctx, "")
}

// plans loads the plan called name, or every plan when name is "", by
// name, with their spaces in order.
func (s *Store) plans(ctx context.Context, name string) ([]bot.Plan, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.name, p.updated_by, p.updated_at,
			s.space, s.display_name, s.space_type, s.welcome
		FROM onboard_plans p LEFT JOIN onboard_plan_spaces s ON s.plan_name = p.name
		WHERE $1 = '' OR p.name = $1
		ORDER BY p.name, s.position`, name)
	if err != nil {
		return nil, fmt.Errorf("store: plans: %w", err)
	}
	defer rows.Close()
	var ps []bot.Plan
	for rows.Next() {
		var p bot.Plan
		var space, display, spaceType, welcome sql.NullString
		err := rows.Scan(&p.Name, &p.UpdatedBy, utcTime{&p.UpdatedAt}, &space, &display, &spaceType, &welcome)
		if err != nil {
			return nil, fmt.Errorf("store: plans: %w", err)
		}
		if len(ps) == 0 || ps[len(ps)-1].Name != p.Name {
			ps = append(ps, p)
		}
		if space.Valid { // a plan with no spaces has one row of NULLs
			last := &ps[len(ps)-1]
			last.Spaces = append(last.Spaces, bot.PlanSpace{
				Space:   bot.Space{Name: space.String, DisplayName: display.String, Type: bot.SpaceType(spaceType.String)},
				Welcome: welcome.String,
			})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: plans: %w", err)
	}
	return ps, nil
}
