package bot

import (
	"context"
	"strings"
)

// settings carries out /settings: show the space's settings (and a form
// to change them), or change them with "key=value" words. Space owners
// and managers — and Onboard admins — may; in a DM, name the space first.
func (s *Service) settings(ctx context.Context, in Interaction, cmd Command) Reply {
	var words []string
	for _, w := range cmd.Fields {
		if _, ok := parseSpaceRef(w); !ok {
			words = append(words, w)
		}
	}
	space, why := s.settingsSpace(ctx, in, cmd.Space)
	if why != "" {
		return SettingsReply{Audience: private(in.Actor), Problem: why}
	}
	current, err := s.Settings.SpaceSettings(ctx, space.Name)
	if err != nil {
		return SettingsReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	current.Space = space.Name
	if len(words) == 0 {
		return SettingsReply{Audience: private(in.Actor), Settings: &current}
	}
	next, err := ParseSettings(current, words)
	if err != nil {
		return SettingsReply{Audience: private(in.Actor), Settings: &current, Problem: ReasonBadSettings}
	}
	if r := s.refuseWidening(ctx, in, current, next); r != nil {
		return r
	}
	return s.saveSettings(ctx, in, next, strings.Join(words, " "))
}

// saveSettingsForm saves the settings card's form. The space comes from
// the button's parameters — untrusted — so the clicker's role is checked
// in that space.
func (s *Service) saveSettingsForm(ctx context.Context, in Interaction) Reply {
	ref := in.Action.Parameters["space"]
	name, ok := parseSpaceRef(ref)
	if !ok {
		s.denied(ctx, in, "settings", in.Space.Name, ReasonBadSettings)
		return SettingsReply{Audience: private(in.Actor), Problem: ReasonBadSettings}
	}
	space, why := s.settingsSpace(ctx, in, name)
	if why != "" {
		return SettingsReply{Audience: private(in.Actor), Problem: why}
	}
	current, err := s.Settings.SpaceSettings(ctx, space.Name)
	if err != nil {
		return SettingsReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	current.Space = space.Name
	next, err := SettingsFromForm(current, in.Action.Form)
	if err != nil {
		return SettingsReply{Audience: private(in.Actor), Settings: &current, Problem: ReasonBadSettings}
	}
	if r := s.refuseWidening(ctx, in, current, next); r != nil {
		return r
	}
	return s.saveSettings(ctx, in, next, "form")
}

// refuseWidening refuses settings that would allow a domain outside the
// organisation: Onboard invites with its own authority, which must never
// reach outside ORG_DOMAINS, so a space's domains may only narrow them.
func (s *Service) refuseWidening(ctx context.Context, in Interaction, current, next SpaceSettings) Reply {
	// With people's own authority configured, a space may name outside
	// domains: their people are invited with the asker's own grant only.
	if s.Connections != nil || s.outsideOrg(in.Actor, next.AllowedDomains) == "" {
		return nil
	}
	s.denied(ctx, in, "settings", current.Space, ReasonDomainOutsideOrg)
	return SettingsReply{Audience: private(in.Actor), Settings: &current, Problem: ReasonDomainOutsideOrg}
}

func (s *Service) saveSettings(ctx context.Context, in Interaction, next SpaceSettings, detail string) Reply {
	next.UpdatedBy, next.UpdatedAt = in.Actor.Name, s.cfg.Now().UTC()
	if err := s.Settings.SaveSpaceSettings(ctx, next); err != nil {
		return SettingsReply{Audience: private(in.Actor), Settings: &next, Problem: ReasonUnavailable}
	}
	if len(detail) > 200 {
		detail = detail[:200]
	}
	e := entryFor(in, "settings", Space{Name: next.Space})
	if next.Space == in.Space.Name {
		e.SpaceName = in.Space.DisplayName
	}
	e.Detail = detail
	s.record(ctx, e)
	return SettingsReply{Audience: private(in.Actor), Settings: &next, Saved: true}
}

// settingsSpace resolves the space whose settings are meant and checks the
// person may manage them; a non-empty Reason is why not (recorded).
func (s *Service) settingsSpace(ctx context.Context, in Interaction, named string) (Space, Reason) {
	refuse := func(space string, why Reason) (Space, Reason) {
		s.denied(ctx, in, "settings", space, why)
		return Space{Name: space}, why
	}
	space := in.Space
	if named != "" && named != in.Space.Name {
		sp, err := s.Members.Space(ctx, named)
		if err != nil {
			return refuse(named, reasonFor(KindOf(err)))
		}
		space = sp
	}
	if space.Type != SpaceNamed {
		return refuse(space.Name, ReasonNoSpace)
	}
	if s.isAdmin(in.Actor) {
		return space, ""
	}
	m, err := s.Members.Member(ctx, space.Name, in.Actor.Name)
	switch {
	case err != nil && KindOf(err) == KindNotFound, err == nil && m.State != StateJoined:
		return refuse(space.Name, ReasonNotMember)
	case err != nil:
		return refuse(space.Name, reasonFor(KindOf(err)))
	case !m.Role.Manages():
		return refuse(space.Name, ReasonPolicy)
	}
	return space, ""
}
