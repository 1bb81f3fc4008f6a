package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/jobs"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/testenv"
)

// BenchmarkInvite is /invite answered synchronously with the result: the
// real domain service, the store (SQLite file or PostgreSQL), River and
// the Chat API client against chatfake, with membership pacing out of the
// way. Each op is one command from Sam until its reply; between ops the
// people are removed again (not timed) so every op really adds them.
//
//	go test -run '^$' -bench BenchmarkInvite -benchtime 20x ./bot/
//
// "4x20 concurrent" is four managers' 20-person invites into four spaces
// at once; x-one-invite is its time over one 20-person invite measured in
// the same iteration (1 means concurrency costs nothing; 4 means none
// overlaps). With the fake answering at once the work is all CPU, on the
// machine's cores: the "50ms API" variant has each membership create wait
// as a call to Google does, which is what overlapping is for.
// docs/performance.md keeps the numbers.
func BenchmarkInvite(b *testing.B) {
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(d), func(b *testing.B) {
			r := newInviteRig(b, d)
			b.Run("1 person", func(b *testing.B) { r.benchSequential(b, 1) })
			b.Run("20 people", func(b *testing.B) { r.benchSequential(b, benchPeople) })
			b.Run("4x20 concurrent", r.benchConcurrent)
			// As in production, where each call waits on Google's network:
			// the commands overlap when their calls wait together.
			r.env.Fake.SetLatency("chat.spaces.members.create", apiLatency)
			b.Run("4x20 concurrent, 50ms API", r.benchConcurrent)
			r.env.Fake.SetLatency("chat.spaces.members.create", 0)
		})
	}
}

const (
	benchPeople = 20
	benchSpaces = 4
	// apiLatency is a membership create's time on Google's side: an
	// assumption, of the order of a Google API call from Cloud Run.
	apiLatency = 50 * time.Millisecond
)

var benchActor = bot.User{Name: "users/100000000000000000099", DisplayName: "Sam Rivera", Email: "sam@example.com"}

// benchWorld: Sam manages four spaces Onboard is in; twenty people, half
// of whom accept automatically (joined) and half must accept (invited);
// quotas that never bind.
func benchWorld() *chatfake.World {
	w := &chatfake.World{
		Domains: []string{"example.com"}, ProjectNumber: "123456789012",
		EndpointURL: "https://onboard.example.com/", AdminApproved: true,
		App:   chatfake.App{ID: "100000000000000000001", DisplayName: "Onboard"},
		Users: []chatfake.User{{ID: strings.TrimPrefix(benchActor.Name, "users/"), Email: benchActor.Email, DisplayName: benchActor.DisplayName}},
		Quotas: chatfake.Quotas{MembershipWrites: 1_000_000, MembershipWindowSeconds: 60,
			MessageWritesPerSpacePerSecond: 1000},
	}
	for i := range benchPeople {
		w.Users = append(w.Users, chatfake.User{ID: fmt.Sprintf("2%020d", i), Email: fmt.Sprintf("person%d@example.com", i),
			DisplayName: fmt.Sprintf("Person %d", i), AutoAccept: i%2 == 0})
	}
	for s := range benchSpaces {
		w.Spaces = append(w.Spaces, chatfake.Space{ID: fmt.Sprintf("AAAAbench%02d", s), DisplayName: fmt.Sprintf("Team %d", s),
			SpaceType: "SPACE", AppMember: true, Members: []chatfake.Member{{User: w.Users[0].ID, Role: "ROLE_MANAGER"}}})
	}
	return w
}

type inviteRig struct {
	env *testenv.Env
	seq atomic.Int64
}

func newInviteRig(b *testing.B, d store.Dialect) *inviteRig {
	cfg := bot.Config{SyncWait: 30 * time.Second, CommandsPerMinute: 10000}
	return &inviteRig{env: testenv.New(b, cfg, testenv.Options{Dialect: d, World: benchWorld(),
		Jobs: jobs.Config{WritesPerMinute: 1_000_000}})}
}

func benchSpace(s int) bot.Space {
	return bot.Space{Name: fmt.Sprintf("spaces/AAAAbench%02d", s), DisplayName: fmt.Sprintf("Team %d", s), Type: bot.SpaceNamed}
}

// benchSequential also reports the median op (p50-ms): the target
// is a median, and one slow op moves ns/op a long way over 10 ops.
func (r *inviteRig) benchSequential(b *testing.B, n int) {
	var took []time.Duration
	for b.Loop() {
		start := time.Now()
		r.invite(b, 0, n)
		took = append(took, time.Since(start))
		b.StopTimer()
		r.reset(b, 0, n)
		b.StartTimer()
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2])/float64(time.Millisecond), "p50-ms")
}

// benchConcurrent also reports how many cores each part kept busy
// (cores-one, cores-four: this process's CPU time over the wall time; a
// PostgreSQL server's CPU is not in it): four commands that overlap on a
// two-core machine approach 2, and work that queues behind one thing —
// SQLite's one connection — stays near 1.
func (r *inviteRig) benchConcurrent(b *testing.B) {
	var one, four time.Duration
	var cpuOne, cpuFour time.Duration
	for b.Loop() {
		b.StopTimer()
		start, c0 := time.Now(), processCPU()
		r.invite(b, 0, benchPeople)
		one += time.Since(start)
		cpuOne += processCPU() - c0
		r.reset(b, 0, benchPeople)
		b.StartTimer()

		start, c0 = time.Now(), processCPU()
		var wg sync.WaitGroup
		for s := range benchSpaces {
			wg.Go(func() { r.invite(b, s, benchPeople) })
		}
		wg.Wait()
		four += time.Since(start)
		cpuFour += processCPU() - c0

		b.StopTimer()
		for s := range benchSpaces {
			r.reset(b, s, benchPeople)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(four)/float64(one), "x-one-invite")
	b.ReportMetric(float64(cpuOne)/float64(one), "cores-one")
	b.ReportMetric(float64(cpuFour)/float64(four), "cores-four")
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// invite is Sam typing /invite with n addresses in space s; it fails the
// benchmark unless the reply is the finished result for all n.
func (r *inviteRig) invite(b *testing.B, s, n int) {
	space := benchSpace(s)
	emails := make([]string, n)
	for i := range emails {
		emails[i] = fmt.Sprintf("person%d@example.com", i)
	}
	text := "/invite " + strings.Join(emails, " ")
	in := bot.Interaction{Kind: bot.EventMessage, ID: fmt.Sprintf("%s/messages/bench%d", space.Name, r.seq.Add(1)),
		Actor: benchActor, Space: space, CommandID: 1, Text: text, ArgumentText: strings.TrimPrefix(text, "/invite")}
	reply, ok := r.env.Bot.Handle(context.Background(), in).(bot.BatchReply)
	if !ok || !reply.Batch.Done {
		b.Errorf("invite of %d in %s: got %T, want the finished result", n, space.Name, reply)
		return
	}
	if got := reply.Batch.Count(bot.Joined) + reply.Batch.Count(bot.Invited); got != n {
		b.Errorf("invite of %d in %s: %d added or invited, want all", n, space.Name, got)
	}
}

// reset removes the first n people from space s again.
func (r *inviteRig) reset(b *testing.B, s, n int) {
	for i := range n {
		if err := r.env.API.RemoveMember(context.Background(), benchSpace(s).Name, fmt.Sprintf("users/2%020d", i)); err != nil {
			b.Fatalf("removing person %d from space %d: %v", i, s, err)
		}
	}
}
