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

// Say implements `onboard say [--as PERSON] [--space SPACE | --dm] TEXT`:
// it sends the running demo the event Chat would send when PERSON types
// TEXT, signed as Chat signs it, and prints the reply card as text.
func Say(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("say", flag.ContinueOnError)
	fs.SetOutput(stdout)
	as := fs.String("as", "sam", "who types: a demo person's email or its local part")
	spaceArg := fs.String("space", "AAAAonbrd01", "where: a space id, spaces/… name or display name")
	dm := fs.Bool("dm", false, "type in your direct message with Onboard instead of a space")
	msgID := fs.String("message-id", "", "message id to send (repeat one to show redelivery)")
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
	ev, err := BuildEvent(w, *as, *spaceArg, *dm, *msgID, text)
	if err != nil {
		return err
	}
	reply, err := Client{AppURL: st.AppURL, Audience: st.Audience, SigningKey: st.SigningKey}.Send(ctx, ev)
	if err != nil {
		return err
	}
	return render(stdout, reply)
}
