package demo

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/cli"
)

// Say implements `onboard say [--as PERSON] [--space SPACE | --dm]
// [--consent] TEXT`: it sends the running demo the event Chat would send
// when PERSON types TEXT, signed as Chat signs it, and prints the reply
// card as text. When Onboard asks PERSON to connect their Google account,
// --consent plays the rest: their consent, the way back to Chat, and Chat
// sending the message again.
func Say(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("say", flag.ContinueOnError)
	fs.SetOutput(stdout)
	as := fs.String("as", "sam", "who types: a demo person's email or its local part")
	spaceArg := fs.String("space", "AAAAonbrd01", "where: a space id, spaces/… name or display name")
	dm := fs.Bool("dm", false, "type in your direct message with Onboard instead of a space")
	msgID := fs.String("message-id", "", "message id to send (repeat one to show redelivery)")
	agree := fs.Bool("consent", false, "when Onboard asks to connect your Google account, consent and carry on")
	if err := fs.Parse(args); err != nil {
		return cli.FlagError(err) // -h: help, exit 0; a wrong flag: exit 2
	}
	text := strings.Join(fs.Args(), " ")
	if text == "" {
		return fmt.Errorf(`say: what should %s type? e.g. say --as sam "/invite @alice"`, *as)
	}
	st, err := readState()
	if err != nil {
		return err
	}
	w, err := chatfake.DefaultWorld()
	if err != nil {
		return err
	}
	person, err := FindPerson(w, *as)
	if err != nil {
		return err
	}
	ev, err := BuildMessage(w, Typed{Person: *as, Space: *spaceArg, DM: *dm, MessageID: *msgID, Text: text,
		ConfigCompleteURL: sayComplete})
	if err != nil {
		return err
	}
	client := Client{AppURL: st.AppURL, Audience: st.Audience, SigningKey: st.SigningKey}
	send := func() ([]byte, error) { return client.Send(ctx, ev) }
	reply, err := send()
	if err != nil {
		return err
	}
	if authURL, ok := configRequestURL(reply); ok {
		if !*agree {
			fmt.Fprintf(stdout, "(only you can see this)\nOnboard asks you to connect your Google account first:\n  %s\n"+
				"Run the same command with --consent to consent as %s and carry on.\n", authURL, person.Email)
			return nil
		}
		if reply, err = consent(ctx, stdout, authURL, person.Email, send); err != nil {
			return err
		}
	}
	return render(stdout, reply)
}
