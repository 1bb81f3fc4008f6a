package handlers

import "github.com/onboard-chat/onboard/bot"

// interaction maps the decoded parts both envelopes share to the domain's
// Interaction. Any part may be nil.
//
// A message that carries a command (appCommandMetadata or
// message.slashCommand, whatever the event type says; docs/chat-platform.md
// Pitfall 1) is an EventCommand, so the same slash command is the same
// Interaction in both envelopes. ADDED_TO_SPACE keeps its kind and carries
// the CommandID (Pitfall 3): the domain must greet and run the command.
func interaction(kind bot.EventKind, u *wireUser, s *wireSpace, m *wireMessage,
	ac *wireAppCommand, common *wireCommon) bot.Interaction {
	in := bot.Interaction{Kind: kind, Actor: user(u)}
	if s == nil && m != nil {
		s = m.Space
	}
	if s != nil {
		in.Space = bot.Space{
			Name:            s.Name,
			DisplayName:     s.DisplayName,
			Type:            bot.SpaceType(s.SpaceType),
			SingleUserBotDM: s.SingleUserBotDM,
		}
	}
	if ac != nil {
		in.CommandID = positive(ac.AppCommandID)
	}
	if m != nil {
		in.Text, in.ArgumentText = m.Text, m.ArgumentText
		if kind != bot.EventCardClicked {
			// A click's message is the card clicked: every click on it
			// shares its name, so it cannot tell one event from another.
			in.ID = m.Name
		}
		if in.CommandID == 0 && m.SlashCommand != nil {
			in.CommandID = positive(m.SlashCommand.CommandID)
		}
		annotations(&in, m.Annotations)
	}
	if common != nil {
		in.Locale = common.UserLocale
		if common.TimeZone != nil {
			in.TimeZone = common.TimeZone.ID
		}
	}
	if in.Kind == bot.EventMessage && in.CommandID != 0 {
		in.Kind = bot.EventCommand
	}
	return in
}

// annotations reads mentions, the app's own name and, as a last resort, the
// command id from message annotations. Indices are copied as Chat sent them;
// they refer to Text (Pitfall 5).
func annotations(in *bot.Interaction, as []wireAnnotation) {
	for _, a := range as {
		switch a.Type {
		case "USER_MENTION":
			if a.UserMention == nil || a.UserMention.User == nil {
				continue
			}
			u := user(a.UserMention.User)
			in.Mentions = append(in.Mentions, bot.Mention{
				User: u, Start: int(a.StartIndex), Length: int(a.Length),
			})
			if u.Bot && in.App == "" {
				in.App = u.Name
			}
		case "SLASH_COMMAND":
			sc := a.SlashCommand
			if sc == nil {
				continue
			}
			if sc.Bot != nil && sc.Bot.Name != "" {
				in.App = sc.Bot.Name // the command's own app beats any mention
			}
			if in.CommandID == 0 {
				in.CommandID = positive(sc.CommandID)
			}
		}
	}
}

func user(u *wireUser) bot.User {
	if u == nil {
		return bot.User{}
	}
	return bot.User{Name: u.Name, DisplayName: u.DisplayName, Email: u.Email, Bot: u.Type == "BOT"}
}

// positive drops ids Chat cannot send (the console allows 1–1000).
func positive(n flexInt) int64 {
	if n < 0 {
		return 0
	}
	return int64(n)
}
