package chatfake

// Usage limits (docs/chat-platform.md §7), counted on the injected clock
// (Options.Now) in fixed windows aligned to the Unix epoch, so a test
// moves to the next window by advancing its clock by one window length.
//
//   - membership writes (members.create, members.delete): per project,
//     world.quotas.membershipWrites per membershipWindowSeconds
//     (default 300 per 60 s);
//   - message writes (messages.create, patch, update): per space,
//     messageWritesPerSpacePerSecond per second (default 1).
//
// Exceeding either answers 429 RESOURCE_EXHAUSTED "Too many requests".
// Assumption: every authorised call counts, including ones a rule then
// rejects; a call answered 429 does not count.

import "time"

// quotaState counts writes in the current windows. Guarded by Server.mu.
type quotaState struct {
	limits        Quotas
	memberWindow  int64 // index of the current membership window
	memberWrites  int
	messageSecond map[string]int64 // space → current second
	messageWrites map[string]int   // space → writes in that second
}

// effective fills Google's defaults into zero limits.
func (q Quotas) effective() Quotas {
	if q.MembershipWrites <= 0 {
		q.MembershipWrites = 300
	}
	if q.MembershipWindowSeconds <= 0 {
		q.MembershipWindowSeconds = 60
	}
	if q.MessageWritesPerSpacePerSecond <= 0 {
		q.MessageWritesPerSpacePerSecond = 1
	}
	return q
}

// SetQuota replaces the usage limits at run time; zero fields take
// Google's defaults. Counts in the current windows are kept.
func (s *Server) SetQuota(q Quotas) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.api.quota.limits = q
	s.world.Quotas = q
}

// takeQuota counts one call of kind against its window and reports
// whether it was within the limit.
func (s *Server) takeQuota(kind, space string) bool {
	if kind == noQuota {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	q := &s.api.quota
	lim := q.limits.effective()
	now := s.now()
	switch kind {
	case membershipWriteQuota:
		w := now.UnixNano() / int64(time.Duration(lim.MembershipWindowSeconds)*time.Second)
		if w != q.memberWindow {
			q.memberWindow, q.memberWrites = w, 0
		}
		if q.memberWrites >= lim.MembershipWrites {
			return false
		}
		q.memberWrites++
	case messageWritePerSpace:
		if q.messageSecond == nil {
			q.messageSecond, q.messageWrites = map[string]int64{}, map[string]int{}
		}
		sec := now.Unix()
		if q.messageSecond[space] != sec {
			q.messageSecond[space], q.messageWrites[space] = sec, 0
		}
		if q.messageWrites[space] >= lim.MessageWritesPerSpacePerSecond {
			return false
		}
		q.messageWrites[space]++
	}
	return true
}
