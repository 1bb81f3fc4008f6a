package handlers

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/onboard-chat/onboard/bot"
)

// The people of chatfake's default world the adversarial tests use: sam
// manages spaces/AAAAonbrd01, dave is a plain member of it.
var dave = bot.User{Name: "users/555555555555555555555", DisplayName: "Dave Kim", Email: "dave@example.com"}

// effects is everything a request could change: the memberships in
// chatfake, the membership writes Onboard asked Chat for, and the audit
// log.
type effects struct {
	members map[string]string // "spaces/S users/U" → "STATE ROLE creates=N"
	writes  []string          // members.create and members.delete calls Chat carried out (2xx)
	tries   []string          // every members.create and members.delete call, whatever Chat answered
	audit   []bot.AuditEntry  // newest first
}

func (h *harness) effects(t *testing.T) effects {
	t.Helper()
	h.settle(t)
	ef := effects{members: map[string]string{}}
	for _, sp := range h.fake.State().Spaces {
		for _, m := range sp.Members {
			ef.members[sp.Name+" users/"+m.User] = fmt.Sprintf("%s %s creates=%d", m.State, m.Role, m.Creates)
		}
	}
	for _, c := range h.fake.Calls() {
		if c.Method != "chat.spaces.members.create" && c.Method != "chat.spaces.members.delete" {
			continue
		}
		call := fmt.Sprintf("%s %s %s → %d", c.Method, c.Path, c.Body, c.Status)
		ef.tries = append(ef.tries, call)
		if c.Status < 300 {
			ef.writes = append(ef.writes, call)
		}
	}
	entries, err := h.env.Store.Query(context.Background(), bot.AuditQuery{Limit: 1000})
	if err != nil {
		t.Fatalf("audit Query: %v", err)
	}
	ef.audit = entries
	return ef
}

// settle waits until every batch saved so far is done, so that the jobs
// a request started have made their changes (and audit entries) before
// effects are compared.
func (h *harness) settle(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for _, actor := range []string{sam.Name, dave.Name} {
		batches, err := h.env.Store.RecentBatches(ctx, actor, 100)
		if err != nil {
			t.Fatalf("RecentBatches: %v", err)
		}
		for _, b := range batches {
			for !b.Done && !b.Cancelled {
				if time.Now().After(deadline) {
					t.Fatalf("batch %s not done by the deadline", b.ID)
				}
				<-tick.C
				if b, err = h.env.Store.Batch(ctx, b.ID); err != nil {
					t.Fatalf("Batch %s: %v", b.ID, err)
				}
			}
		}
	}
}

// auditWant is what a request may add to the audit log.
type auditWant int

const (
	auditNone      auditWant = iota // nothing: refused at the edge, ignored, or read-only
	auditRefused                    // exactly one entry, Outcome refused, for the verified actor
	auditNoChanges                  // entries are fine, but none records a membership change
)

// assertNoEffect checks that nothing changed since before — no membership,
// no membership write Chat carried out (asking is allowed: Chat judges
// whom it does not know) — and that the audit log grew as want says.
func (h *harness) assertNoEffect(t *testing.T, before effects, want auditWant, actor bot.User) {
	t.Helper()
	after := h.effects(t)
	if d := cmp.Diff(before.members, after.members); d != "" {
		t.Errorf("memberships changed (-before +after):\n%s", d)
	}
	if extra := after.writes[len(before.writes):]; len(extra) != 0 {
		t.Errorf("membership writes: got %d, want none:\n%s", len(extra), strings.Join(extra, "\n"))
	}
	if len(after.audit) < len(before.audit) {
		t.Fatalf("audit: %d entries, fewer than the %d before", len(after.audit), len(before.audit))
	}
	added := after.audit[:len(after.audit)-len(before.audit)]
	switch want {
	case auditNone:
		if len(added) != 0 {
			t.Errorf("audit: got %d new entries %+v, want none", len(added), added)
		}
	case auditRefused:
		if len(added) != 1 || added[0].Outcome != bot.Refused || added[0].Actor != actor.Name {
			t.Errorf("audit: got %+v, want exactly one refused entry for %s", added, actor.Name)
		}
	case auditNoChanges:
		for _, e := range added {
			if e.Outcome == bot.Joined || e.Outcome == bot.Invited || e.Outcome == bot.Removed {
				t.Errorf("audit: got a change %+v, want none", e)
			}
		}
	}
}
