package chatfake

// List filters as documented for spaces.members.list and spaces.list.
//
// members.list: terms `role = "ROLE_MANAGER"`, `role = "ROLE_MEMBER"`,
// `member.type = "HUMAN"`, `member.type = "BOT"`, `member.type != "…"`
// (!= only for member.type), joined by AND / OR, optionally parenthesised.
// As in AIP-160, OR binds tighter than AND, so a filter is an AND of
// OR-groups. A field may appear in only one AND-group: `role = "A" AND
// role = "B"` and `member.type = "HUMAN" AND member.type = "BOT"` are
// INVALID_ARGUMENT, as is anything else the grammar does not accept.
//
// spaces.list: `space_type = "SPACE"` or `spaceType = "…"`, joined by OR.

import (
	"errors"
	"fmt"
	"strings"
)

// filterTerm is field op value.
type filterTerm struct {
	field, op, value string
}

// memberFilter is an AND of OR-groups; empty matches everything.
type memberFilter [][]filterTerm

var memberFilterValues = map[string]map[string]bool{
	"role":        {"ROLE_MEMBER": true, "ROLE_MANAGER": true},
	"member.type": {"HUMAN": true, "BOT": true},
}

var errBadFilter = errors.New("Invalid filter")

func parseMemberFilter(s string) (memberFilter, error) {
	groups, err := parseFilter(s)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		for _, t := range g {
			if memberFilterValues[t.field] == nil || !memberFilterValues[t.field][t.value] {
				return nil, fmt.Errorf("Invalid filter: %s %s %q", t.field, t.op, t.value)
			}
			if t.op == "!=" && t.field != "member.type" {
				return nil, fmt.Errorf("Invalid filter: != is only supported for member.type")
			}
		}
	}
	seen := map[string]bool{}
	for _, g := range groups {
		fields := map[string]bool{}
		for _, t := range g {
			fields[t.field] = true
		}
		for f := range fields {
			if seen[f] {
				return nil, fmt.Errorf("Invalid filter: %s is used in more than one AND condition", f)
			}
			seen[f] = true
		}
	}
	return memberFilter(groups), nil
}

// humansOnly reports whether f keeps apps out by an AND-group that is just
// member.type = "HUMAN" or member.type != "BOT" (required with admin access).
func (f memberFilter) humansOnly() bool {
	for _, g := range f {
		if len(g) == 1 && g[0].field == "member.type" &&
			((g[0].op == "=" && g[0].value == "HUMAN") || (g[0].op == "!=" && g[0].value == "BOT")) {
			return true
		}
	}
	return false
}

func (f memberFilter) match(role, typ string) bool {
	for _, g := range f {
		ok := false
		for _, t := range g {
			v := role
			if t.field == "member.type" {
				v = typ
			}
			if (t.op == "=") == (v == t.value) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// parseSpaceFilter returns the accepted space types; nil means all.
func parseSpaceFilter(s string) (map[string]bool, error) {
	groups, err := parseFilter(s)
	if err != nil || len(groups) > 1 {
		return nil, errBadFilter
	}
	if len(groups) == 0 {
		return nil, nil
	}
	types := map[string]bool{}
	for _, t := range groups[0] {
		okField := t.field == "space_type" || t.field == "spaceType"
		okValue := t.value == "SPACE" || t.value == "GROUP_CHAT" || t.value == "DIRECT_MESSAGE"
		if !okField || !okValue || t.op != "=" {
			return nil, errBadFilter
		}
		types[t.value] = true
	}
	return types, nil
}

// parseFilter parses `term (OR term)* (AND …)*` into AND-groups of terms.
func parseFilter(s string) ([][]filterTerm, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	var groups [][]filterTerm
	for len(toks) > 0 {
		paren := toks[0] == "("
		if paren {
			toks = toks[1:]
		}
		var g []filterTerm
		for {
			if len(toks) < 3 || (toks[1] != "=" && toks[1] != "!=") {
				return nil, errBadFilter
			}
			g = append(g, filterTerm{field: toks[0], op: toks[1], value: strings.Trim(toks[2], `"`)})
			toks = toks[3:]
			if len(toks) == 0 || toks[0] != "OR" {
				break
			}
			toks = toks[1:]
		}
		if paren {
			if len(toks) == 0 || toks[0] != ")" {
				return nil, errBadFilter
			}
			toks = toks[1:]
		}
		groups = append(groups, g)
		if len(toks) == 0 {
			break
		}
		if toks[0] != "AND" || len(toks) == 1 {
			return nil, errBadFilter
		}
		toks = toks[1:]
	}
	return groups, nil
}

// tokenize splits a filter into words, quoted strings, =, != and parens.
func tokenize(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '(' || c == ')' || c == '=':
			toks = append(toks, string(c))
			i++
		case c == '!':
			if i+1 >= len(s) || s[i+1] != '=' {
				return nil, errBadFilter
			}
			toks = append(toks, "!=")
			i += 2
		case c == '"':
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				return nil, errBadFilter
			}
			toks = append(toks, s[i:i+j+2])
			i += j + 2
		default:
			j := i
			for j < len(s) && strings.IndexByte(" \t\n()=!\"", s[j]) < 0 {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}
