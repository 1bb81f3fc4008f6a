package bot

import "strings"

// maxSkipped bounds how many skipped words one command keeps, so a pasted
// page of text cannot grow a report without limit.
const maxSkipped = 200

// peopleSet collects a command's targets in order, dropping duplicates, the
// invoker and apps.
type peopleSet struct {
	in      Interaction
	seen    map[string]bool
	people  []Target
	skipped []Skip
	self    []Target // mentions of Onboard itself
}

func newPeopleSet(in Interaction) *peopleSet {
	return &peopleSet{in: in, seen: map[string]bool{}}
}

func (p *peopleSet) addMention(m Mention) {
	t := Target{User: m.User.Name, Display: m.User.DisplayName, Mentioned: true}
	if t.Display == "" {
		t.Display = t.User
	}
	switch {
	case t.User == "users/app" || (p.in.App != "" && t.User == p.in.App):
		p.self = append(p.self, t) // Onboard itself: added to another space, or skipped (ParseCommand decides)
	case m.User.Bot:
		p.skip(t, ReasonOtherApp)
	case !isUserID(strings.TrimPrefix(t.User, "users/")) || !strings.HasPrefix(t.User, "users/"):
		p.skip(t, ReasonUnrecognised)
	default:
		p.add(t)
	}
}

func (p *peopleSet) addWord(w string) {
	word := trimWord(w)
	if g, ok := groupRef(word); ok {
		p.add(g)
		return
	}
	if strings.HasPrefix(word, "users/") {
		id := strings.TrimPrefix(word, "users/")
		switch {
		case id == "app" || (p.in.App != "" && word == p.in.App):
			p.skip(Target{User: word, Display: w}, ReasonApp)
		case isUserID(id):
			p.add(Target{User: word, Display: word})
		case isEmail(id):
			p.addEmail(id)
		default:
			p.skip(Target{Display: w}, ReasonUnrecognised)
		}
		return
	}
	if isEmail(word) {
		p.addEmail(word)
		return
	}
	p.skip(Target{Display: w}, ReasonUnrecognised)
}

func (p *peopleSet) addEmail(addr string) {
	addr = strings.ToLower(addr)
	p.add(Target{User: "users/" + addr, Display: addr, Email: addr})
}

func (p *peopleSet) add(t Target) {
	key := strings.ToLower(t.User)
	if t.IsGroup() && t.User == "" {
		key = "group:" + t.Email
	}
	switch {
	case p.isInvoker(t):
		p.skip(t, ReasonInvoker)
	case p.seen[key]:
		p.skip(t, ReasonDuplicate)
	default:
		p.seen[key] = true
		p.people = append(p.people, t)
	}
}

func (p *peopleSet) isInvoker(t Target) bool {
	a := p.in.Actor
	return (a.Name != "" && t.User == a.Name) ||
		(a.Email != "" && t.Email != "" && strings.EqualFold(t.Email, a.Email))
}

func (p *peopleSet) skip(t Target, r Reason) {
	if len(p.skipped) < maxSkipped {
		p.skipped = append(p.skipped, Skip{Target: t, Reason: r})
	}
}

// groupRef recognises a Google Group: "group:eng@example.com" (the
// address, looked up later) or "groups/{id}". A group's address is never
// taken as a person: Chat does not accept it as a member name.
func groupRef(word string) (Target, bool) {
	if len(word) > 6 && strings.EqualFold(word[:6], "group:") {
		addr := strings.ToLower(word[6:])
		if isEmail(addr) {
			return Target{Kind: TargetGroup, Display: addr, Email: addr}, true
		}
		return Target{}, false
	}
	if id, ok := strings.CutPrefix(word, "groups/"); ok && validGroupID(id) {
		return Target{Kind: TargetGroup, User: word, Display: word}, true
	}
	return Target{}, false
}

// validGroupID accepts a Cloud Identity group id: letters and digits, so a
// crafted one cannot reach another API path.
func validGroupID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !isAlnum(id[i]) {
			return false
		}
	}
	return true
}

// trimWord removes what surrounds an address in pasted text:
// "<carol@example.com>", "(carol@example.com)", "mailto:", a trailing full stop.
func trimWord(w string) string {
	w = strings.Trim(w, "<>()[]{}\"'`")
	w = strings.TrimPrefix(w, "mailto:")
	return strings.TrimRight(w, ".:!?")
}

// isUserID reports whether s is a Chat user id: decimal digits.
func isUserID(s string) bool {
	if len(s) == 0 || len(s) > 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isEmail accepts the plain addresses people type: a local part of letters,
// digits and . ' + - _ and a domain of at least two DNS labels. Quoted local
// parts, comments, display names and characters that mean something in a
// URL path (/ ? # %) are not addresses here: names become API paths.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || len(local) == 0 || len(local) > 64 || len(domain) > 253 {
		return false
	}
	if strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		if !(isAlnum(c) || strings.IndexByte(".'+-_", c) >= 0) {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			if !isAlnum(l[i]) && l[i] != '-' {
				return false
			}
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// EmailDomain returns the lower-cased domain of an address, or "".
func EmailDomain(addr string) string {
	_, d, ok := strings.Cut(addr, "@")
	if !ok {
		return ""
	}
	return strings.ToLower(d)
}
