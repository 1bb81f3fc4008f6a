package playground

import (
	"bytes"
	"embed"
	"encoding/json"
	"html/template"
	"strings"

	"github.com/onboard-chat/onboard/internal/chatfake"
)

//go:embed assets
var assets embed.FS

// templates are parsed once; each render clones them with the functions of
// its language and place (see renderer.bind).
var templates = template.Must(template.New("").Funcs(bindFuncs(nil)).ParseFS(assets, "assets/*.html"))

// renderer draws entries, cards and panels for one person in one space in
// one language.
type renderer struct {
	t      *template.Template
	lang   string
	world  *chatfake.World
	space  string // spaces/{id}: where the person is
	viewer string // users/{id}
}

// bind returns a renderer whose templates know lang, the world (for the
// pickers) and where the person is.
func bind(lang string, w *chatfake.World, space, viewer string) *renderer {
	r := &renderer{lang: lang, world: w, space: space, viewer: viewer}
	r.t = template.Must(templates.Clone()).Funcs(bindFuncs(r))
	return r
}

// bindFuncs are the templates' functions; nil is for parsing only.
func bindFuncs(r *renderer) template.FuncMap {
	return template.FuncMap{
		"t": func(key string, named ...any) string {
			if r == nil {
				return key
			}
			return tr(r.lang, key, named...)
		},
		"html":  cardHTML,
		"glyph": iconGlyph,
		"link":  func(u string) string { s, _ := safeLink(u); return s },
		"json": func(v any) (string, error) {
			b, err := json.Marshal(v)
			return string(b), err
		},
		"lower":     strings.ToLower,
		"btnClass":  btnClass,
		"inputKind": inputKind,
		"options": func(s *selectionInput) []option {
			if r == nil {
				return nil
			}
			return r.options(s)
		},
	}
}

// exec runs the template name on data.
func (r *renderer) exec(name string, data any) (string, error) {
	var b bytes.Buffer
	if err := r.t.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

func btnClass(kind string) string {
	switch kind {
	case "FILLED", "FILLED_TONAL":
		return "btn-filled"
	case "BORDERLESS":
		return "btn-text"
	}
	return "btn-outlined"
}

// inputKind is the HTML input a selection type is drawn with (DROPDOWN
// is a select). MULTI_SELECT, people and space pickers included, is a
// list of checkboxes: a multi-select anyone can click.
func inputKind(kind string) string {
	if kind == "RADIO_BUTTON" {
		return "radio"
	}
	return "checkbox"
}

// option is one choice of a selection input.
type option struct {
	Value, Text, Bottom string
	Selected            bool
}

// options are s's items, or for a people picker the organisation's people
// (Chat offers only those; values users/{id}), or for a space picker the
// world's named spaces (values spaces/{id}).
func (r *renderer) options(s *selectionInput) []option {
	if s.PlatformDataSource.people() {
		var out []option
		for _, u := range r.world.Users {
			if inOrganisation(r.world, u) {
				out = append(out, option{Value: "users/" + u.ID, Text: u.DisplayName, Bottom: u.Email})
			}
		}
		return out
	}
	if picker, current := s.PlatformDataSource.spaces(); picker {
		var out []option
		for _, sp := range r.world.Spaces {
			if sp.SpaceType == "SPACE" {
				name := "spaces/" + sp.ID
				out = append(out, option{Value: name, Text: sp.DisplayName, Selected: current && name == r.space})
			}
		}
		return out
	}
	out := make([]option, 0, len(s.Items))
	for _, it := range s.Items {
		out = append(out, option{Value: it.Value, Text: it.Text, Bottom: it.BottomText, Selected: it.Selected})
	}
	return out
}

func inOrganisation(w *chatfake.World, u chatfake.User) bool {
	_, domain, _ := strings.Cut(u.Email, "@")
	for _, d := range w.Domains {
		if strings.EqualFold(d, domain) {
			return true
		}
	}
	return false
}

// entryView is an entry as the "entry" template draws it.
type entryView struct {
	ID       string
	Rev      int
	App      bool
	Initial  string
	Sender   string
	Time     string
	Private  bool
	Segments []segment
	Msg      *message
	Prompt   string // a configuration prompt's URL
}

// segment is a run of a person's text: a mention or not.
type segment struct {
	Text    string
	Mention bool
}

// entry draws e as its viewer sees it.
func (r *renderer) entry(e entry) (string, error) {
	v := entryView{ID: e.ID, Rev: e.Rev, Time: e.At.Format("15:04"), Private: e.Viewer != "",
		Msg: e.Msg, Prompt: e.ConfigURL}
	if e.Author.ID != "" {
		v.Sender, v.Segments = e.Author.DisplayName, segments(e.Text, e.Mentions)
	} else {
		v.App, v.Sender = true, tr(r.lang, "onboard")
	}
	v.Initial = initial(v.Sender)
	return r.exec("entry", v)
}

// dialogView is an open dialog as the "dialog" template draws it.
type dialogView struct {
	ID   string
	Card *card
}

func (r *renderer) dialog(id string, c *card) (string, error) {
	return r.exec("dialog", dialogView{ID: id, Card: c})
}

func segments(text string, mentions []span) []segment {
	runes := []rune(text)
	var out []segment
	at := 0
	for _, m := range mentions {
		if m.Start < at || m.End > len(runes) || m.Start >= m.End {
			continue
		}
		if m.Start > at {
			out = append(out, segment{Text: string(runes[at:m.Start])})
		}
		out = append(out, segment{Text: string(runes[m.Start:m.End]), Mention: true})
		at = m.End
	}
	if at < len(runes) {
		out = append(out, segment{Text: string(runes[at:])})
	}
	return out
}

func initial(name string) string {
	for _, r := range name {
		return strings.ToUpper(string(r))
	}
	return "?"
}
