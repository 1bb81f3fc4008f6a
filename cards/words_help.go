package cards

import (
	"html"

	"github.com/onboard-chat/onboard/bot"
)

// The words of the help and welcome cards.
const (
	idHelpUnknownCommand msgID = "help.unknownCommand"
	idHelpAbout          msgID = "help.about"
	idHelpInvite         msgID = "help.invite"
	idHelpInviteDM       msgID = "help.inviteDM"
	idHelpOnboard        msgID = "help.onboard"
	idHelpPlanList       msgID = "help.planList"
	idHelpStatus         msgID = "help.status"
	idHelpRemove         msgID = "help.remove"
	idHelpSettings       msgID = "help.settings"
	idHelpAudit          msgID = "help.audit"
	idHelpHelp           msgID = "help.help"
	idHelpWho            msgID = "help.who"
	idHelpWhoManagers    msgID = "help.who.managers"
	idHelpWhoMembers     msgID = "help.who.members"
	idHelpWhoDefault     msgID = "help.who.default"
	idHelpAdmins         msgID = "help.admins"
	idHelpPause          msgID = "help.pause"
	idHelpSpaces         msgID = "help.spaces"
	idHelpAuditAll       msgID = "help.auditAll"
	idWelcomeAbout       msgID = "welcome.about"
	idWelcomeSetup       msgID = "welcome.setup"

	idExampleAudit       msgID = "example.audit"
	idExamplePauseResume msgID = "example.pauseResume"
	idExampleSpaces      msgID = "example.spaces"
	idExampleAuditAll    msgID = "example.auditAll"
)

// unknownCommand is help's first line when someone typed a command Onboard
// does not know.
func (wd *words) unknownCommand(word string) string {
	if len(word) > 0 && word[0] == '/' {
		word = word[1:]
	}
	return wd.with(idHelpUnknownCommand, vars{"Command": html.EscapeString(clip(word, maxWordRunes))})
}

// helpParagraphs are the help card's sections: what Onboard does, the
// commands (command, what it does), and who may invite under policy (""
// when the policy in force is not known).
func (wd *words) helpParagraphs(policy bot.InvitePolicy) (about string, commands [][2]string, who string) {
	about = wd.text(idHelpAbout)
	commands = wd.pairs(
		idExampleInvite, idHelpInvite,
		idExampleInviteDM, idHelpInviteDM,
		idExampleOnboard, idHelpOnboard,
		idExamplePlanList, idHelpPlanList)
	commands = append(commands,
		[2]string{wd.text(idExampleStatus), wd.with(idHelpStatus, vars{"Cancel": wd.text(idExampleCancel)})})
	commands = append(commands, wd.pairs(
		idExampleRemove, idHelpRemove,
		idExampleSettings, idHelpSettings,
		idExampleAudit, idHelpAudit,
		idExampleHelp, idHelpHelp)...)
	whoID := idHelpWhoDefault
	switch policy {
	case bot.PolicyManagers:
		whoID = idHelpWhoManagers
	case bot.PolicyMembers:
		whoID = idHelpWhoMembers
	}
	return about, commands, wd.with(idHelpWho, vars{"Policy": wd.text(whoID)})
}

// welcomeParagraphs are the welcome card's paragraphs.
func (wd *words) welcomeParagraphs() []string {
	return []string{
		wd.with(idWelcomeAbout, vars{"Example": wd.text(idExampleInvite), "Help": wd.text(idExampleHelp)}),
		wd.with(idWelcomeSetup, vars{"Path": wd.text(idAdminPath)}),
	}
}

// adminCommands are the commands only Onboard admins may run.
func (wd *words) adminCommands() [][2]string {
	return wd.pairs(
		idExamplePauseResume, idHelpPause,
		idExampleSpaces, idHelpSpaces,
		idExampleAuditAll, idHelpAuditAll)
}

// pairs are commands users copy, each with what it does, from the IDs of
// (command, what it does) in turn.
func (wd *words) pairs(ids ...msgID) [][2]string {
	out := make([][2]string, 0, len(ids)/2)
	for i := 0; i+1 < len(ids); i += 2 {
		out = append(out, [2]string{wd.text(ids[i]), wd.text(ids[i+1])})
	}
	return out
}
