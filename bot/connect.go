package bot

import (
	"context"
	"slices"
)

// connect carries out /connect: with nothing to do it says what the person
// is connected as; otherwise it asks them to connect (or to grant more).
// Chat sends /connect again once they are back: by then the grant covers
// the scopes and the answer is "connected as …", never a second prompt.
func (s *Service) connect(ctx context.Context, in Interaction, cmd Command) Reply {
	if s.Connections == nil {
		return ConnectionReply{Audience: private(in.Actor), Status: ConnectionStatus{State: NotConfigured}}
	}
	want := slices.Clone(EverydayScopes)
	if cmd.Admin {
		// Admin access is for Onboard admins only: anyone else typing
		// --admin is told so, not quietly given the everyday sign-in.
		if !s.isAdmin(in.Actor) {
			s.denied(ctx, in, "connect", in.Space.Name, ReasonNotAdmin)
			return ConnectionReply{Audience: private(in.Actor), Problem: ReasonNotAdmin}
		}
		want = append(want, ScopeAdminMembers)
	}
	status, have, err := s.connection(ctx, in.Actor.Name)
	if err != nil {
		return ConnectionReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	if status.State == Connected && covers(have, want) {
		if err := s.Acting.Check(ctx, in.Actor.Name); KindOf(err) == KindNotConnected {
			return s.askToConnect(ctx, in, want)
		}
		return ConnectionReply{Audience: private(in.Actor), Status: status}
	}
	return s.askToConnect(ctx, in, want)
}

// disconnect carries out /disconnect: the grant is revoked at Google and
// deleted here.
func (s *Service) disconnect(ctx context.Context, in Interaction) Reply {
	if s.Connections == nil {
		return ConnectionReply{Audience: private(in.Actor), Status: ConnectionStatus{State: NotConfigured}}
	}
	gone, err := s.Connections.Disconnect(ctx, in.Actor.Name)
	if err != nil && !gone {
		s.log.Error("could not disconnect", "actor", in.Actor.Name, "error", err)
		return ConnectionReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	if err != nil { // deleted here, but Google's revoke failed: say it is done here, log it
		s.log.Warn("disconnected, but Google's revoke failed", "actor", in.Actor.Name, "error", err)
	}
	s.record(ctx, entryFor(in, "disconnect", in.Space))
	state := Disconnected
	if !gone {
		state = NotConnected
	}
	return ConnectionReply{Audience: private(in.Actor), Status: ConnectionStatus{State: state}}
}

// connection is what user holds (State NotConfigured without OAuth), and
// the grant's scopes.
func (s *Service) connection(ctx context.Context, user string) (ConnectionStatus, []string, error) {
	if s.Connections == nil {
		return ConnectionStatus{State: NotConfigured}, nil, nil
	}
	c, err := s.Connections.Connection(ctx, user)
	switch {
	case KindOf(err) == KindNotConnected:
		return ConnectionStatus{State: NotConnected}, nil, nil
	case err != nil:
		return ConnectionStatus{}, nil, err
	}
	return ConnectionStatus{State: Connected, Email: c.Email, Capabilities: capabilities(c.Scopes)}, c.Scopes, nil
}

// askToConnect answers with a sign-in for scopes. The command stopped only
// to ask: it saved nothing, and it is given back to the person's command
// limit — Chat sends the message again after they connect, and that one
// counts.
func (s *Service) askToConnect(ctx context.Context, in Interaction, scopes []string) Reply {
	s.limiter.giveBack(in.Actor.Name)
	url, err := s.Connections.SignInURL(ctx, SignInRequest{User: in.Actor.Name, Email: in.Actor.Email,
		Scopes: scopes, CompleteURL: in.CompleteURL})
	if err != nil {
		s.log.Error("could not start a sign-in", "actor", in.Actor.Name, "error", err)
		return ConnectionReply{Audience: private(in.Actor), Problem: ReasonUnavailable}
	}
	return ConnectReply{Audience: private(in.Actor), URL: url, Click: in.CompleteURL == "",
		Admin: slices.Contains(scopes, ScopeAdminMembers)}
}

// capabilities names what scopes let Onboard do.
func capabilities(scopes []string) []Capability {
	var out []Capability
	for _, c := range []struct {
		scope string
		can   Capability
	}{{ScopeMemberships, CanAddPeople}, {ScopeMembershipsApp, CanAddOnboard}, {ScopeGroupsReadonly, CanFindGroups},
		{ScopeAdminMembers, CanAdmin}} {
		if slices.Contains(scopes, c.scope) {
			out = append(out, c.can)
		}
	}
	return out
}

// covers reports whether have includes every scope of need.
func covers(have, need []string) bool {
	for _, n := range need {
		if !slices.Contains(have, n) {
			return false
		}
	}
	return true
}
