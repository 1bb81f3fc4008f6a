package bot

import (
	"context"
	"slices"
	"sync"
)

// A command reads its space's settings up to three times — for its rules,
// for the language its result is saved in, for its reply's — and each read
// is a database round trip (on PostgreSQL, across the network). One
// interaction reads them once: Handle puts a memo in the interaction's
// context and closes it when it returns, so that work outliving the
// interaction on a context derived from it reads them afresh, and a
// /settings change updates the memo as it saves.

type settingsMemoKey struct{}

// settingsMemo is one interaction's space settings by space name. A nil
// or closed memo remembers nothing.
type settingsMemo struct {
	mu     sync.Mutex
	closed bool
	spaces map[string]SpaceSettings // made by the first put: most events read none
}

// withSettingsMemo returns ctx with a new memo; the caller closes it.
func withSettingsMemo(ctx context.Context) (context.Context, *settingsMemo) {
	m := &settingsMemo{}
	return context.WithValue(ctx, settingsMemoKey{}, m), m
}

func memoOf(ctx context.Context) *settingsMemo {
	m, _ := ctx.Value(settingsMemoKey{}).(*settingsMemo)
	return m
}

func (m *settingsMemo) get(space string) (SpaceSettings, bool) {
	if m == nil {
		return SpaceSettings{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	set, ok := m.spaces[space]
	return set.clone(), ok
}

func (m *settingsMemo) put(space string, set SpaceSettings) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	if m.spaces == nil {
		m.spaces = map[string]SpaceSettings{}
	}
	m.spaces[space] = set.clone()
}

func (m *settingsMemo) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed, m.spaces = true, nil
}

// spaceSettings is Settings.SpaceSettings, once per interaction.
func (s *Service) spaceSettings(ctx context.Context, space string) (SpaceSettings, error) {
	m := memoOf(ctx)
	if set, ok := m.get(space); ok {
		return set, nil
	}
	set, err := s.Settings.SpaceSettings(ctx, space)
	if err == nil {
		m.put(space, set)
	}
	return set, err
}

// saveSpaceSettings is Settings.SaveSpaceSettings; the rest of the
// interaction reads what it saved.
func (s *Service) saveSpaceSettings(ctx context.Context, set SpaceSettings) error {
	if err := s.Settings.SaveSpaceSettings(ctx, set); err != nil {
		return err
	}
	memoOf(ctx).put(set.Space, set)
	return nil
}

// clone is a copy that shares nothing with set: each reader of the memo
// may change its own.
func (set SpaceSettings) clone() SpaceSettings {
	set.AllowedDomains = slices.Clone(set.AllowedDomains)
	if set.PlansAllowed != nil {
		v := *set.PlansAllowed
		set.PlansAllowed = &v
	}
	if set.PreviewOver != nil {
		v := *set.PreviewOver
		set.PreviewOver = &v
	}
	return set
}
