package playground

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
)

// where is a page request's person, space and language, with defaults for
// what is missing or unknown: the first person, the first space Onboard
// is in, English.
type where struct {
	person   chatfake.User
	arg      string // the space as the page names it: an id, or "dm"
	space    string // spaces/{id}
	lang     string
	spaceObj map[string]any
}

func (p *Playground) where(q url.Values) where {
	w := where{lang: pickLanguage(q.Get("lang")), arg: q.Get("space")}
	u, err := demo.FindPerson(p.world, q.Get("as"))
	if err != nil {
		u = p.world.Users[0]
	}
	w.person = u
	sp, err := demo.FindSpace(p.world, w.arg, w.arg == dmSpace, u)
	if err != nil || w.arg == "" {
		w.arg = p.firstSpace()
		sp, _ = demo.FindSpace(p.world, w.arg, false, u)
	}
	w.spaceObj = sp
	w.space, _ = sp["name"].(string)
	return w
}

func (p *Playground) firstSpace() string {
	for _, s := range p.world.Spaces {
		if s.AppMember && s.SpaceType == "SPACE" {
			return s.ID
		}
	}
	return dmSpace
}

// personKey is how the page names a person: their email's local part.
func personKey(u chatfake.User) string {
	local, _, _ := strings.Cut(u.Email, "@")
	return local
}

type pageView struct {
	Lang, HTMLLang, As, SpaceArg, SpaceName string
	People                                  []choice
	Languages                               []choice
	Spaces                                  []spaceChoice
	Mentionable                             []chatfake.User
}

type choice struct {
	Key, Name, Email, Code, HTMLLang string
	Selected                         bool
}

type spaceChoice struct {
	Name, Href          string
	Selected, NotMember bool
}

func (p *Playground) page(w http.ResponseWriter, r *http.Request) {
	at := p.where(r.URL.Query())
	v := pageView{Lang: at.lang, As: personKey(at.person), SpaceArg: at.arg, Mentionable: p.world.Users}
	for _, l := range languages {
		v.Languages = append(v.Languages, choice{Code: l.Code, Name: tr(l.Code, "languageName"), HTMLLang: l.HTMLLang, Selected: l.Code == at.lang})
		if l.Code == at.lang {
			v.HTMLLang = l.HTMLLang
		}
	}
	for _, u := range p.world.Users {
		v.People = append(v.People, choice{Key: personKey(u), Name: u.DisplayName, Email: u.Email, Selected: u.ID == at.person.ID})
	}
	v.Spaces = p.spaceChoices(at)
	for _, s := range v.Spaces {
		if s.Selected {
			v.SpaceName = s.Name
		}
	}
	r2 := bind(at.lang, p.world, at.space, "users/"+at.person.ID)
	html, err := r2.exec("page.html", v)
	if err != nil {
		p.log.Error("playground: page", "error", err)
		http.Error(w, tr(at.lang, "pageFailed"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write([]byte(html))
}

// spaceChoices lists the world's spaces as Chat's navigation does —
// named spaces by name, group chats and direct messages by their people —
// and the person's direct message with Onboard.
func (p *Playground) spaceChoices(at where) []spaceChoice {
	var out []spaceChoice
	link := func(arg string) string {
		return "/playground?" + url.Values{"as": {personKey(at.person)}, "space": {arg}, "lang": {at.lang}}.Encode()
	}
	for _, s := range p.world.Spaces {
		if s.SingleUserBotDM {
			continue
		}
		_, _, member := p.fake.Membership(s.ID, at.person.ID)
		out = append(out, spaceChoice{Name: p.spaceLabel(s, at.lang), Href: link(s.ID),
			Selected: "spaces/"+s.ID == at.space && at.arg != dmSpace, NotMember: !member})
	}
	return append(out, spaceChoice{Name: tr(at.lang, "dmOnboard"), Href: link(dmSpace), Selected: at.arg == dmSpace})
}

func (p *Playground) spaceLabel(s chatfake.Space, lang string) string {
	if s.DisplayName != "" {
		return s.DisplayName
	}
	var names []string
	for _, m := range s.Members {
		for _, u := range p.world.Users {
			if f := strings.Fields(u.DisplayName + " " + u.Email); u.ID == m.User {
				names = append(names, f[0])
			}
		}
	}
	if s.SpaceType == "DIRECT_MESSAGE" {
		return tr(lang, "directMessage", "Names", strings.Join(names, tr(lang, "directMessage.separator")))
	}
	return tr(lang, "groupChat", "Names", strings.Join(names, tr(lang, "list.separator")))
}

// stateView is what the page refreshes: the timeline entries the person
// may see (each drawn, with its revision so the page redraws only what
// changed and keeps what was typed into the rest), and the side panel.
type stateView struct {
	Version uint64      `json:"version"`
	Entries []entryHTML `json:"entries"`
	Members string      `json:"members"`
	Calls   string      `json:"calls"`
}

type entryHTML struct {
	ID   string `json:"id"`
	Rev  int    `json:"rev"`
	HTML string `json:"html"`
}

func (p *Playground) state(w http.ResponseWriter, r *http.Request) {
	at := p.where(r.URL.Query())
	world := p.fake.State()
	p.store.syncAPI(world.Spaces)
	version, _ := p.store.waiter()
	rd := bind(at.lang, p.world, at.space, "users/"+at.person.ID)
	v := stateView{Version: version, Entries: []entryHTML{}}
	for _, e := range p.store.visible(at.space, "users/"+at.person.ID) {
		html, err := rd.entry(e)
		if err != nil {
			p.log.Error("playground: entry", "error", err)
			continue
		}
		v.Entries = append(v.Entries, entryHTML{ID: e.ID, Rev: e.Rev, HTML: html})
	}
	var err1, err2 error
	v.Members, err1 = rd.exec("members", p.members(world, at))
	v.Calls, err2 = rd.exec("calls", p.calls(world))
	if err1 != nil || err2 != nil {
		p.log.Error("playground: side panel", "members", err1, "calls", err2)
	}
	writeJSON(w, http.StatusOK, v)
}

// stream tells the page, as server-sent events, that something changed:
// a message, a membership, a call. The page then asks for the state.
func (p *Playground) stream(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the server's write timeout would end the stream
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	for {
		version, wake := p.store.waiter()
		if _, err := fmt.Fprintf(w, "data: %d\n\n", version); err != nil {
			return
		}
		if rc.Flush() != nil {
			return
		}
		select {
		case <-wake:
		case <-r.Context().Done():
			return
		case <-p.done:
			return
		}
	}
}
