package bot

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// CommandName names what a command asks for.
type CommandName string

const (
	CmdNone       CommandName = ""        // not a command (a plain message)
	CmdInvite     CommandName = "invite"  // add people to a space
	CmdHelp       CommandName = "help"    // explain Onboard
	CmdOnboard    CommandName = "onboard" // apply a plan (later)
	CmdPlan       CommandName = "plan"    // manage plans (later)
	CmdStatus     CommandName = "status"  // list or cancel one's jobs
	CmdRemove     CommandName = "remove"  // remove people (later)
	CmdSettings   CommandName = "settings"
	CmdAudit      CommandName = "audit"
	CmdPause      CommandName = "pause"      // Onboard admins: stop every membership change
	CmdResume     CommandName = "resume"     // Onboard admins: allow them again
	CmdSpaces     CommandName = "spaces"     // Onboard admins: the spaces Onboard is in
	CmdConnect    CommandName = "connect"    // connect your Google account (your own authority)
	CmdDisconnect CommandName = "disconnect" // revoke and forget it
	CmdUnknown    CommandName = "unknown"    // a command Onboard does not know
)

var knownCommands = []CommandName{CmdInvite, CmdHelp, CmdOnboard, CmdPlan, CmdStatus,
	CmdRemove, CmdSettings, CmdAudit, CmdPause, CmdResume, CmdSpaces, CmdConnect, CmdDisconnect}

// CommandIDs maps the slash/quick command ids configured in the Chat API
// console to commands.
type CommandIDs map[int64]CommandName

// DefaultCommandIDs is the table the README and deploy/setup.sh document.
func DefaultCommandIDs() CommandIDs {
	return CommandIDs{1: CmdInvite, 2: CmdHelp, 3: CmdOnboard, 4: CmdPlan, 5: CmdStatus,
		6: CmdRemove, 7: CmdSettings, 8: CmdAudit, 9: CmdPause, 10: CmdResume, 11: CmdSpaces,
		12: CmdConnect, 13: CmdDisconnect}
}

// ParseCommandIDs reads CHAT_COMMAND_IDS: "1=invite,2=help,…". Ids are
// 1–1000 (the console's range); names must be known commands; neither may
// repeat.
func ParseCommandIDs(s string) (CommandIDs, error) {
	ids := CommandIDs{}
	seen := map[CommandName]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		idText, name, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q: want id=command", part)
		}
		id, err := strconv.ParseInt(strings.TrimSpace(idText), 10, 64)
		if err != nil || id < 1 || id > 1000 {
			return nil, fmt.Errorf("%q: command id must be a number from 1 to 1000", part)
		}
		cmd := CommandName(strings.ToLower(strings.TrimSpace(name)))
		if !isKnownCommand(cmd) {
			return nil, fmt.Errorf("%q: unknown command %q", part, cmd)
		}
		if _, dup := ids[id]; dup || seen[cmd] {
			return nil, fmt.Errorf("%q: id or command given twice", part)
		}
		ids[id], seen[cmd] = cmd, true
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no commands")
	}
	return ids, nil
}

// String renders the table in ParseCommandIDs' format, ordered by id.
func (c CommandIDs) String() string {
	keys := make([]int64, 0, len(c))
	for id := range c {
		keys = append(keys, id)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	parts := make([]string, len(keys))
	for i, id := range keys {
		parts[i] = fmt.Sprintf("%d=%s", id, c[id])
	}
	return strings.Join(parts, ",")
}

func isKnownCommand(c CommandName) bool {
	for _, k := range knownCommands {
		if k == c {
			return true
		}
	}
	return false
}

// Command is a parsed command.
type Command struct {
	Name CommandName
	Word string // what was typed when Name is CmdUnknown
	// Space is the target space named in the arguments (spaces/{id}),
	// empty when none was named.
	Space   string
	People  []Target // in the order named, duplicates and skips removed
	Skipped []Skip   // named but not to be attempted, with why
	// Args are the words after the command word, as typed, with mentions
	// blanked out (for commands that take words: /plan, /status, /onboard).
	// Like people, they are split at commas too.
	Args []string
	// Fields are the same words split at white space only, so that a
	// comma-separated value ("domains=example.com,partner.org") stays one
	// field (/settings).
	Fields []string
	// Admin is the --admin flag: a Workspace admin acts with admin access
	// (useAdminAccess) in any space of the organisation.
	Admin bool
}

// Target is someone a command names: a person, a Google Group, or Onboard
// itself.
type Target struct {
	Kind      TargetKind
	User      string // users/{id} (mentions, typed names), users/{email} (typed addresses), users/app, or groups/{id}
	Display   string // what to call them on a card: display name or address
	Email     string // the typed address, lower-cased; empty for mentions (a group's address for group:)
	Mentioned bool   // from a USER_MENTION annotation
}

// TargetKind says what a Target is.
type TargetKind string

const (
	TargetPerson TargetKind = ""      // a human user
	TargetGroup  TargetKind = "group" // a Google Group: groups/{id}, or an address still to look up
	TargetApp    TargetKind = "app"   // Onboard itself (users/app), added to another space
)

// IsGroup reports whether t is a Google Group.
func (t Target) IsGroup() bool { return t.Kind == TargetGroup }

// Skip is a word or person of a command that will not be attempted.
type Skip struct {
	Target Target // Display holds the word as typed
	Reason Reason // ReasonInvoker, ReasonApp, ReasonDuplicate, ReasonUnrecognised
}
