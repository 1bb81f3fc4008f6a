package loadtest

import (
	"slices"
	"time"
)

// median is one row for several runs of the same measurement: each
// column's median on its own (so a row may mix runs), the errors of all
// runs added up so that none is hidden, and "ran out of tokens" if any
// did.
func median(rs []result) result {
	if len(rs) == 0 {
		return result{}
	}
	m := rs[0]
	m.requests = uint64(mid(rs, func(r result) float64 { return float64(r.requests) }))
	m.rps = mid(rs, func(r result) float64 { return r.rps })
	m.elapsed = time.Duration(mid(rs, func(r result) float64 { return float64(r.elapsed) }))
	m.p50 = time.Duration(mid(rs, func(r result) float64 { return float64(r.p50) }))
	m.p99 = time.Duration(mid(rs, func(r result) float64 { return float64(r.p99) }))
	m.p999 = time.Duration(mid(rs, func(r result) float64 { return float64(r.p999) }))
	m.cpuMicros = mid(rs, func(r result) float64 { return r.cpuMicros })
	m.genMicros = mid(rs, func(r result) float64 { return r.genMicros })
	m.rssIdle = uint64(mid(rs, func(r result) float64 { return float64(r.rssIdle) }))
	m.rssPeak = uint64(mid(rs, func(r result) float64 { return float64(r.rssPeak) }))
	m.errors = 0
	for _, r := range rs {
		m.errors += r.errors
		m.ranOut = m.ranOut || r.ranOut
		if m.firstError == "" {
			m.firstError = r.firstError
		}
	}
	return m
}

// mid is the median of f over rs (the mean of the middle two for an even
// count).
func mid(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
