package playground

import (
	"strings"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

// maxCalls is how many of Onboard's latest calls the side panel lists.
const maxCalls = 30

type memberView struct {
	Name, Email, Initial, State, StateText, RoleText string
	App                                              bool
}

// members are the space's members as chatfake has them now, Onboard
// first when it is in the space.
func (p *Playground) members(world chatfake.WorldState, at where) []memberView {
	var out []memberView
	var snap *chatfake.SpaceSnapshot
	for i := range world.Spaces {
		if world.Spaces[i].Name == at.space {
			snap = &world.Spaces[i]
		}
	}
	if snap == nil { // a direct message the world does not have
		return []memberView{p.appMember(at.lang), p.member(chatfake.MemberSnapshot{User: at.person.ID,
			Email: at.person.Email, State: "JOINED"}, at.lang)}
	}
	if snap.AppMember {
		out = append(out, p.appMember(at.lang))
	}
	for _, m := range snap.Members {
		out = append(out, p.member(m, at.lang))
	}
	return out
}

func (p *Playground) appMember(lang string) memberView {
	return memberView{Name: p.world.App.DisplayName, Initial: initial(p.world.App.DisplayName), App: true,
		RoleText: tr(lang, "app")}
}

func (p *Playground) member(m chatfake.MemberSnapshot, lang string) memberView {
	v := memberView{Name: m.Email, Email: m.Email, State: m.State}
	for _, u := range p.world.Users {
		if u.ID == m.User {
			v.Name = u.DisplayName
		}
	}
	v.Initial = initial(v.Name)
	switch m.State {
	case "JOINED":
		v.StateText = tr(lang, "joined")
	case "INVITED":
		v.StateText = tr(lang, "invited")
	}
	switch m.Role {
	case "ROLE_MANAGER":
		v.RoleText = tr(lang, "manager")
	case "ROLE_ASSISTANT_MANAGER":
		v.RoleText = tr(lang, "assistant")
	case "ROLE_MEMBER":
		v.RoleText = tr(lang, "member")
	}
	return v
}

type callView struct {
	Method string
	Status int
	Where  string
}

// background are the calls every Google client makes on its own (keys,
// tokens, the metadata server): not what Onboard did.
var background = map[string]bool{"": true, "token": true, "certs": true, "metadata": true}

// calls are Onboard's latest calls to the fake, newest first.
func (p *Playground) calls(world chatfake.WorldState) []callView {
	names := map[string]string{}
	for _, sp := range world.Spaces {
		names[sp.Name] = sp.DisplayName
	}
	all := p.fake.Calls()
	var out []callView
	for i := len(all) - 1; i >= 0 && len(out) < maxCalls; i-- {
		c := all[i]
		if background[c.Method] {
			continue
		}
		v := callView{Method: strings.TrimPrefix(c.Method, "chat.spaces."), Status: c.Status}
		if rest, ok := strings.CutPrefix(c.Path, "/v1/spaces/"); ok {
			id, _, _ := strings.Cut(rest, "/")
			v.Where = names["spaces/"+id]
			if v.Where == "" {
				v.Where = "spaces/" + id
			}
		}
		out = append(out, v)
	}
	return out
}
