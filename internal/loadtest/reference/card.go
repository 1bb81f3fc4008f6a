package reference

import chat "google.golang.org/api/chat/v1"

// helpLines are the help card's commands; the wording is the reference's
// own, about as long as Onboard's help card so both marshal a similar
// amount of JSON.
var helpLines = [][2]string{
	{"/invite @alice @bob carol@example.com", "Add people to this space by @mention or email address."},
	{"/invite spaces/AAAA… @alice bob@example.com", "In a direct message: add people to the space you name."},
	{"/onboard @alice bob@example.com PLAN", "Add people to every space of a plan in one go; spaces where you can't invite are skipped and the results say why."},
	{"/plan list · /plan show PLAN", "See the plans and their spaces. Admins create and change them with /plan."},
	{"/status", "Your recent onboarding jobs and how far they got; /status cancel ID stops one of yours."},
	{"/remove @alice bob@example.com", "Remove people from this space (owners and managers unless the space's settings say otherwise)."},
	{"/settings", "This space's rules — who may invite and remove, allowed domains, people per command, plans — with a form to change them."},
	{"/audit", "What was done in this space and who asked, newest first; add @alice or 7d to narrow it down."},
	{"/help", "Show this help. Only you see it."},
}

var adminLines = [][2]string{
	{"/pause · /resume", "Stop every addition and removal at once, in every space; /resume starts them again."},
	{"/spaces", "List the spaces the app is in."},
	{"/audit all", "The audit log of every space."},
}

const (
	helpIntro = "This app adds people to Chat spaces for you and tells the space what happened to each person: added, invited (they must accept), already there, or not added — and why."
	helpWho   = "<b>Who can invite:</b> in a space, its owners and managers; in a group chat, everyone. Admins may apply a plan in any space the app is in. People outside your organisation can't be invited — a space manager can add them in Chat."
)

// helpMessage is the private help card for viewer (users/…).
func helpMessage(viewer string) *chat.Message {
	commands := decorated(helpLines)
	commands = append(commands, &chat.GoogleAppsCardV1Widget{Divider: &chat.GoogleAppsCardV1Divider{}},
		&chat.GoogleAppsCardV1Widget{TextParagraph: &chat.GoogleAppsCardV1TextParagraph{Text: helpWho}})
	text := "Help: /invite @alice @bob carol@example.com"
	return &chat.Message{
		Text: text, FallbackText: text,
		PrivateMessageViewer: &chat.User{Name: viewer},
		CardsV2: []*chat.CardWithId{{CardId: "help", Card: &chat.GoogleAppsCardV1Card{
			Header: &chat.GoogleAppsCardV1CardHeader{Title: "Help", Subtitle: "Adds people to Chat spaces"},
			Sections: []*chat.GoogleAppsCardV1Section{
				{Widgets: []*chat.GoogleAppsCardV1Widget{{TextParagraph: &chat.GoogleAppsCardV1TextParagraph{Text: helpIntro}}}},
				{Widgets: commands},
				{Header: "For admins", Widgets: decorated(adminLines)},
			},
		}}},
	}
}

func decorated(lines [][2]string) []*chat.GoogleAppsCardV1Widget {
	out := make([]*chat.GoogleAppsCardV1Widget, 0, len(lines)+2)
	for _, l := range lines {
		out = append(out, &chat.GoogleAppsCardV1Widget{DecoratedText: &chat.GoogleAppsCardV1DecoratedText{
			Text: "<b>" + l[0] + "</b>", BottomLabel: l[1], WrapText: true}})
	}
	return out
}
