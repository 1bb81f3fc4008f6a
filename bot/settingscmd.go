package bot

import (
	"context"
	"errors"
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
	current, err := s.spaceSettings(ctx, space.Name)
	if err != nil {
		return SettingsReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	current.Space = space.Name
	if len(words) == 0 {
		return s.settingsReply(in, space, current, "")
	}
	next, err := ParseSettings(current, words, s.cfg.Locales)
	if err != nil {
		return s.badSettings(in, space, current, err)
	}
	return s.saveSettings(ctx, in, space, current, next, strings.Join(words, " "))
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
	current, err := s.spaceSettings(ctx, space.Name)
	if err != nil {
		return SettingsReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	current.Space = space.Name
	next, err := SettingsFromForm(current, in.Action.Form, s.cfg.Locales)
	if err != nil {
		return s.badSettings(in, space, current, err)
	}
	return s.saveSettings(ctx, in, space, current, next, "form")
}

// settingsReply shows set — and the rules in force where it keeps a
// default — for space.
func (s *Service) settingsReply(in Interaction, space Space, set SpaceSettings, problem Reason) SettingsReply {
	return SettingsReply{Audience: private(in.Actor), Space: space, Settings: &set, InForce: s.inForce(in.Actor, set),
		Defaults: s.defaults(in.Actor), Problem: problem}
}

// badSettings shows what in the settings was not understood, part by part.
func (s *Service) badSettings(in Interaction, space Space, current SpaceSettings, err error) SettingsReply {
	r := s.settingsReply(in, space, current, ReasonBadSettings)
	if se, ok := errors.AsType[*SettingsError](err); ok {
		r.Mistakes = se.Mistakes
	}
	return r
}

// saveSettings saves next, unless it would allow a domain outside the
// organisation: Onboard invites with its own authority, which must never
// reach outside ORG_DOMAINS — with people's own authority configured, a
// space may name outside domains, whose people are invited with the
// asker's own grant only.
func (s *Service) saveSettings(ctx context.Context, in Interaction, space Space, current, next SpaceSettings,
	detail string) Reply {
	if s.Connections == nil && s.outsideOrg(in.Actor, next.AllowedDomains) != "" {
		s.denied(ctx, in, "settings", space.Name, ReasonDomainOutsideOrg)
		return s.settingsReply(in, space, current, ReasonDomainOutsideOrg)
	}
	next.UpdatedBy, next.UpdatedAt = in.Actor.Name, s.cfg.Now().UTC()
	next.UpdatedByName = firstNonEmpty(in.Actor.DisplayName, in.Actor.Email)
	if err := s.saveSpaceSettings(ctx, next); err != nil {
		return s.settingsReply(in, space, current, ReasonUnavailable)
	}
	if len(detail) > 200 {
		detail = detail[:200]
	}
	e := entryFor(in, "settings", space)
	e.Detail = detail
	s.record(ctx, e)
	r := s.settingsReply(in, space, next, "")
	r.Saved = true
	return r
}

// inForce are the rules that apply in a space with settings set, and
// where each comes from.
func (s *Service) inForce(actor User, set SpaceSettings) RulesInForce {
	return s.defaults(actor).With(set)
}

// defaults are the rules where a space sets none: the operators'
// configuration and the organisation's domains.
func (s *Service) defaults(actor User) RulesInForce {
	return RulesInForce{Invite: s.cfg.Policy, InviteFrom: FromOnboard, Remove: PolicyManagers, RemoveFrom: FromOnboard,
		Domains: s.orgDomains(actor), DomainsFrom: FromOrganisation, Max: s.cfg.MaxPeople, MaxFrom: FromOnboard,
		Plans: true, PlansFrom: FromOnboard, Preview: s.cfg.PreviewOver, PreviewFrom: FromOnboard,
		Locale: s.cfg.DefaultLocale, LocaleFrom: FromOnboard}
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
