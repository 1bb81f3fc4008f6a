package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
)

// load is how hard a run pushes: a fixed rate (open loop: requests leave
// on schedule whether or not earlier ones were answered), or, with rate 0,
// saturation (closed loop: workers each send the next request as soon as
// their last one is answered).
type load struct {
	rate int // requests per second; 0: saturation
}

func (l load) String() string {
	if l.rate == 0 {
		return "max"
	}
	return strconv.Itoa(l.rate) + "/s"
}

// parseLoad reads "max" or a rate in requests per second.
func parseLoad(s string) (load, error) {
	if s == "max" {
		return load{}, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return load{}, fmt.Errorf("rate %q: want max or a positive number of requests per second", s)
	}
	return load{rate: n}, nil
}

// events is the /help event Chat sends when Sam types /help in the demo
// world's Platform Team space (demo.BuildEvent, as the end-to-end tests
// build theirs), split around the message id so that every request names
// a message of its own — as Chat's do, and as a server that remembers
// messages would need.
type events struct{ before, after []byte }

const idMark = "LOADTESTMESSAGEID"

func newEvents(w *chatfake.World) (events, error) {
	ev, err := demo.BuildEvent(w, "sam", "AAAAonbrd01", false, idMark, "/help")
	if err != nil {
		return events{}, err
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return events{}, err
	}
	before, after, ok := bytes.Cut(b, []byte(idMark))
	if !ok || bytes.Contains(after, []byte(idMark)) {
		return events{}, fmt.Errorf("the event names its message %d times, want once", bytes.Count(b, []byte(idMark)))
	}
	return events{before, after}, nil
}

// body is request i's event; tag keeps the ids of a run's warm-up and of
// the run itself apart.
func (e events) body(tag string, i uint64) []byte {
	id := strconv.AppendUint([]byte(tag), i, 36)
	out := make([]byte, 0, len(e.before)+len(id)+len(e.after))
	return append(append(append(out, e.before...), id...), e.after...)
}

// targeter makes request i: the event with its own message name, signed
// with toks' token i.
func targeter(url string, ev events, tag string, toks tokens) vegeta.Targeter {
	var n atomic.Uint64
	return func(t *vegeta.Target) error {
		i := n.Add(1) - 1
		tok, ok := toks.token(i)
		if !ok {
			return vegeta.ErrNoTargets
		}
		t.Method, t.URL, t.Body = http.MethodPost, url, ev.body(tag, i)
		t.Header = http.Header{"Authorization": {"Bearer " + tok}, "Content-Type": {"application/json"},
			"User-Agent": {"Google-Dynamite"}}
		return nil
	}
}

// outcome is what the load generator saw of one run.
type outcome struct {
	requests, errors uint64
	rps              float64       // answered with a reply, per second
	elapsed          time.Duration // first request sent to last answer
	p50, p99, p999   time.Duration
	firstError       string
}

// attack sends l for d (at most maxHits requests; 0: no limit) and reads
// every answer: a 200 carrying a card is a success, anything else an
// error.
func attack(ctx context.Context, tgt vegeta.Targeter, l load, d time.Duration, workers int, maxHits uint64) outcome {
	var pacer vegeta.Pacer = vegeta.Rate{Freq: l.rate, Per: time.Second} // rate 0: as fast as workers allow
	maxWorkers := uint64(workers)
	if l.rate > 0 {
		// Open loop: vegeta adds workers when all are busy, so a slow
		// answer does not delay the requests scheduled after it.
		maxWorkers = 10_000
	}
	if maxHits > 0 {
		pacer = capped{pacer, maxHits}
	}
	a := vegeta.NewAttacker(vegeta.Workers(uint64(workers)), vegeta.MaxWorkers(maxWorkers),
		vegeta.Timeout(10*time.Second), vegeta.Redirects(vegeta.NoFollow))
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	var m vegeta.Metrics
	var o outcome
	for r := range a.Attack(tgt, pacer, d, "") {
		m.Add(r)
		if r.Error != "" || r.Code != http.StatusOK || !bytes.Contains(r.Body, []byte(`"cardsV2"`)) {
			o.errors++
			if o.firstError == "" {
				o.firstError = fmt.Sprintf("%d %s %.200s", r.Code, r.Error, r.Body)
			}
		}
	}
	m.Close()
	o.requests, o.elapsed = m.Requests, m.Duration+m.Wait
	if s := o.elapsed.Seconds(); s > 0 {
		o.rps = float64(o.requests-o.errors) / s
	}
	o.p50, o.p99, o.p999 = m.Latencies.Quantile(0.5), m.Latencies.Quantile(0.99), m.Latencies.Quantile(0.999)
	return o
}

// capped ends an attack after max requests.
type capped struct {
	vegeta.Pacer
	max uint64
}

func (c capped) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if hits >= c.max {
		return 0, true
	}
	return c.Pacer.Pace(elapsed, hits)
}

// freshNeed is how many tokens a fresh-token run of l for d needs: the
// schedule of a fixed rate, or limit for saturation (where the rate is
// what is being found out: a saturated run that uses them all ends early,
// and the report says so). Never more than limit.
func freshNeed(l load, d time.Duration, workers, limit int) int {
	if l.rate == 0 {
		return limit
	}
	return min(limit, int(math.Ceil(float64(l.rate)*1.02*d.Seconds()))+workers)
}
