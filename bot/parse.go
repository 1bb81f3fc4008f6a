package bot

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ParseCommand reads what an interaction asks for. It never fails: words it
// cannot place are kept in Command.Skipped (as unrecognised) for /invite.
//
// People come from USER_MENTION annotations (users/{id}; names are never
// parsed out of text), typed email addresses (users/{email}) and typed
// users/{id} names. The first command word of a non-slash message ("@Onboard
// invite …", or "invite …" in a DM) names the command.
func ParseCommand(in Interaction, ids CommandIDs) Command {
	if ids == nil {
		ids = DefaultCommandIDs()
	}
	text := in.Text
	if text == "" {
		text = in.ArgumentText
	}
	var cmd Command
	cleaned, mentioned := blankMentions(text, in.Mentions)
	words := splitWords(cleaned)
	commandWord := ""
	switch {
	case in.CommandID != 0:
		name, ok := ids[in.CommandID]
		if !ok {
			name = CmdUnknown
		}
		cmd.Name = name
		if len(words) > 0 && strings.HasPrefix(words[0], "/") {
			if !ok {
				cmd.Word = words[0]
			}
			commandWord, words = words[0], words[1:]
		}
	case len(words) > 0:
		w := strings.ToLower(strings.TrimPrefix(words[0], "/"))
		if isKnownCommand(CommandName(w)) {
			cmd.Name, commandWord, words = CommandName(w), words[0], words[1:]
		} else {
			cmd.Name = CmdNone
		}
	}
	cmd.Args = words
	cmd.Fields = fieldsAfter(cleaned, commandWord)
	people := newPeopleSet(in)
	for _, m := range mentioned {
		people.addMention(m)
	}
	for _, w := range words {
		if space, ok := parseSpaceRef(w); ok && cmd.Space == "" {
			cmd.Space = space
			continue
		}
		if isAdminFlag(w) {
			cmd.Admin = true
			continue
		}
		people.addWord(w)
	}
	addSelf(in, &cmd, people)
	cmd.People, cmd.Skipped = people.people, people.skipped
	return cmd
}

// addSelf decides what a mention of Onboard itself means: with another
// space named ("/invite spaces/AAAA @Onboard") it asks to add Onboard
// there; otherwise it only addresses Onboard ("@Onboard invite …") and is
// skipped, as it always was.
func addSelf(in Interaction, cmd *Command, people *peopleSet) {
	for i, t := range people.self {
		if i == 0 && cmd.Space != "" && cmd.Space != in.Space.Name {
			t.Kind, t.User = TargetApp, "users/app"
			people.add(t)
			continue
		}
		people.skip(t, ReasonApp)
	}
}

// isAdminFlag recognises --admin, also as a phone keyboard turns "--" into
// a dash.
func isAdminFlag(w string) bool {
	switch strings.ToLower(w) {
	case "--admin", "—admin", "–admin":
		return true
	}
	return false
}

// blankMentions replaces each mention's span of text with spaces and
// returns the mentions in annotation order. Chat does not document the unit
// of startIndex/length for non-ASCII text, so each span is tried as UTF-16
// code units, code points and bytes, and taken in the first unit whose span
// starts with '@'. A span that fits no unit is found by "@"+display name, or
// left in place (its words then fall through as unrecognised).
func blankMentions(text string, mentions []Mention) (string, []Mention) {
	if len(mentions) == 0 {
		return text, nil
	}
	b := []byte(text)
	for _, m := range mentions {
		lo, hi, ok := mentionSpan(text, m)
		if !ok {
			continue
		}
		for i := lo; i < hi; i++ {
			b[i] = ' '
		}
	}
	return string(b), mentions
}

func mentionSpan(text string, m Mention) (lo, hi int, ok bool) {
	if m.Start < 0 || m.Length <= 0 || m.Start > len(text) || m.Length > len(text) {
		return findByName(text, m)
	}
	for _, unit := range []func(string, int) (int, bool){utf16Offset, runeOffset, byteOffset} {
		lo, ok1 := unit(text, m.Start)
		hi, ok2 := unit(text, m.Start+m.Length)
		if ok1 && ok2 && lo < hi && text[lo] == '@' {
			return lo, hi, true
		}
	}
	return findByName(text, m)
}

func findByName(text string, m Mention) (int, int, bool) {
	if m.User.DisplayName == "" {
		return 0, 0, false
	}
	needle := "@" + m.User.DisplayName
	i := strings.Index(text, needle)
	if i < 0 {
		return 0, 0, false
	}
	return i, i + len(needle), true
}

// utf16Offset converts an offset in UTF-16 code units to a byte offset.
func utf16Offset(s string, n int) (int, bool) {
	units := 0
	for i, r := range s {
		if units == n {
			return i, true
		}
		if units > n {
			return 0, false
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return len(s), units == n
}

// runeOffset converts an offset in code points to a byte offset.
func runeOffset(s string, n int) (int, bool) {
	count := 0
	for i := range s {
		if count == n {
			return i, true
		}
		count++
	}
	return len(s), count == n
}

func byteOffset(s string, n int) (int, bool) {
	if n > len(s) || !utf8.ValidString(s[:n]) {
		return 0, false
	}
	return n, true
}

// fieldsAfter splits s at white space only and drops the command word
// (a prefix of the first field: "/settings,x" leaves "x").
func fieldsAfter(s, commandWord string) []string {
	fields := strings.FieldsFunc(s, isSpace)
	if commandWord == "" || len(fields) == 0 {
		return fields
	}
	rest := strings.TrimLeft(strings.TrimPrefix(fields[0], commandWord), ",;\uff0c")
	if rest == "" {
		return fields[1:]
	}
	fields[0] = rest
	return fields
}

// isSpace is white space as people paste it, ideographic space included.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\u00a0', '\u3000':
		return true
	}
	return false
}

// splitWords splits on white space, commas and semicolons (pasted lists).
func splitWords(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ';' || r == '\uff0c' || isSpace(r)
	})
}
