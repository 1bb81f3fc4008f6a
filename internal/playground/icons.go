package playground

import "strings"

// glyph is how the page draws a card icon without Google's icon font
// (nothing is fetched): a coloured disc with a character every system
// font has, or — for a name it does not know — the name itself.
type glyph struct {
	Char string // "" draws Name as text instead
	Tone string // ok, warn, bad, info, muted: the disc's colour (app.css)
	Name string // the icon's name, shown as a tooltip
}

// materialGlyphs covers the Material Symbols names Onboard's cards use and
// a few common others (https://fonts.google.com/icons).
var materialGlyphs = map[string]glyph{
	"check_circle":  {"✓", "ok", ""},
	"done":          {"✓", "ok", ""},
	"how_to_reg":    {"✓", "info", ""},
	"mail":          {"✉", "info", ""},
	"email":         {"✉", "info", ""},
	"error":         {"!", "bad", ""},
	"warning":       {"!", "warn", ""},
	"block":         {"⊘", "bad", ""},
	"cancel":        {"×", "muted", ""},
	"close":         {"×", "muted", ""},
	"remove_circle": {"−", "muted", ""},
	"person_remove": {"−", "warn", ""},
	"person_add":    {"+", "ok", ""},
	"person":        {"●", "info", ""},
	"group":         {"◎", "info", ""},
	"groups":        {"◎", "info", ""},
	"schedule":      {"◷", "muted", ""},
	"checklist":     {"☰", "info", ""},
	"list":          {"☰", "muted", ""},
	"terminal":      {"›", "muted", ""},
	"info":          {"i", "info", ""},
	"help":          {"?", "info", ""},
	"settings":      {"⚙", "muted", ""},
	"link":          {"↗", "info", ""},
	"undo":          {"↶", "muted", ""},
	"star":          {"★", "warn", ""},
}

// knownGlyphs covers Chat's built-in icons (knownIcon).
var knownGlyphs = map[string]glyph{
	"PERSON":          {"●", "info", ""},
	"MULTIPLE_PEOPLE": {"◎", "info", ""},
	"EMAIL":           {"✉", "info", ""},
	"INVITE":          {"✉", "ok", ""},
	"MEMBERSHIP":      {"✓", "info", ""},
	"CLOCK":           {"◷", "muted", ""},
	"DESCRIPTION":     {"☰", "muted", ""},
	"STAR":            {"★", "warn", ""},
	"BOOKMARK":        {"▮", "info", ""},
	"PHONE":           {"✆", "info", ""},
	"MAP_PIN":         {"⌖", "bad", ""},
}

// iconGlyph draws ic; nil when there is no icon.
func iconGlyph(ic *icon) *glyph {
	if ic == nil {
		return nil
	}
	var g glyph
	var ok bool
	switch {
	case ic.MaterialIcon != nil:
		g, ok = materialGlyphs[ic.MaterialIcon.Name]
		g.Name = ic.MaterialIcon.Name
	case ic.KnownIcon != "":
		g, ok = knownGlyphs[ic.KnownIcon]
		g.Name = strings.ToLower(ic.KnownIcon)
	case ic.IconURL != "":
		g.Name = "image" // never fetched: the page loads nothing from elsewhere
	default:
		return nil
	}
	if !ok {
		g.Char, g.Tone = "", "muted"
	}
	return &g
}
