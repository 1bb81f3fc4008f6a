package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// The words of the help and welcome cards.

// unknownCommand is help's first line when someone typed a command Onboard
// does not know.
func unknownCommand(word string) string {
	if len(word) > 0 && word[0] == '/' {
		word = word[1:]
	}
	return "\"/" + html.EscapeString(clip(word, maxWordRunes)) + "\" is not a command Onboard knows."
}

// helpParagraphs are the help card's sections: what Onboard does, the
// commands (command, what it does), and who may invite under policy (""
// when the policy in force is not known).
func helpParagraphs(policy bot.InvitePolicy) (about string, commands [][2]string, who string) {
	about = "Onboard adds people to Chat spaces for you and tells the space what happened to each person: " +
		"added, invited (they must accept), already there, or not added — and why."
	commands = [][2]string{
		{exampleInvite, "Add people to this space by @mention or email address."},
		{exampleInviteDM, "In a direct message with Onboard: add people to the space you name."},
		{exampleOnboard, "Add people to every space of a plan — a named set of spaces — in one go. " +
			"Spaces where you can't invite are skipped, and the results say why."},
		{examplePlanList, "See the plans and their spaces. Onboard admins (ONBOARD_ADMINS) create and change them with /plan."},
		{exampleStatus, "Your recent onboarding jobs and how far they got; " + exampleCancel + " stops one of yours."},
		{exampleRemove, "Remove people from this space (owners and managers, unless the space's settings say otherwise). " +
			"The space sees who removed whom."},
		{exampleSettings, "This space's rules for Onboard — who may invite and remove, allowed email domains, " +
			"people per command, plans — with a form to change them. Owners and managers change them."},
		{exampleAudit, "What Onboard did in this space and who asked, newest first. Owners and managers see it; " +
			"add @alice or 7d to narrow it down."},
		{exampleHelp, "Show this help. Only you see it."},
	}
	switch policy {
	case bot.PolicyManagers:
		who = "<b>Who can invite:</b> in a space, only its owners and managers (Onboard's invite policy); in a group chat, everyone."
	case bot.PolicyMembers:
		who = "<b>Who can invite:</b> in a space, every member (Onboard's invite policy allows it); in a group chat, everyone."
	default:
		who = "<b>Who can invite:</b> in a space, its owners and managers (your Onboard administrator may allow every member); " +
			"in a group chat, everyone."
	}
	who += " Onboard admins may apply a plan in any space Onboard is in. " +
		"Onboard can't invite people outside your organisation — a space manager can add them in Chat."
	return about, commands, who
}

// welcomeParagraphs are the welcome card's paragraphs.
func welcomeParagraphs() []string {
	return []string{
		"Thanks for adding Onboard. It adds people to this space for you: type <b>" + exampleInvite +
			"</b> and Onboard adds them and says who was added, who was invited and who could not be added, and why. " +
			"<b>" + exampleHelp + "</b> explains more.",
		"<b>One-time setup:</b> before Onboard can add anyone, a Workspace super administrator must approve its " +
			"app authentication once in the Admin console: " + adminPath + ".",
	}
}

// sectionAdmins heads the commands only Onboard admins may run.
const sectionAdmins = "For Onboard admins (ONBOARD_ADMINS)"

// exampleAudit is /audit as users type it.
const exampleAudit = "/audit"

// adminCommands are the commands only Onboard admins may run.
var adminCommands = [][2]string{
	{"/pause · " + exampleResume, "Stop every addition and removal at once, in every space; /resume starts them again."},
	{"/spaces", "List the spaces Onboard is in."},
	{"/audit all", "The audit log of every space."},
}
