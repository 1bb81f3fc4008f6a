package demo

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
)

// render prints a reply message (classic or add-on envelope) as text.
func render(w io.Writer, reply []byte) error {
	var msg struct {
		HostAppDataAction *struct {
			ChatDataAction struct {
				CreateMessageAction struct {
					Message json.RawMessage `json:"message"`
				} `json:"createMessageAction"`
			} `json:"chatDataAction"`
		} `json:"hostAppDataAction"`
	}
	if err := json.Unmarshal(reply, &msg); err != nil {
		return fmt.Errorf("reply is not JSON: %w", err)
	}
	if msg.HostAppDataAction != nil {
		reply = msg.HostAppDataAction.ChatDataAction.CreateMessageAction.Message
	}
	var m message
	if err := json.Unmarshal(reply, &m); err != nil {
		return fmt.Errorf("reply is not a Chat message: %w", err)
	}
	var b strings.Builder
	if m.Text == "" && len(m.CardsV2) == 0 {
		b.WriteString("(Onboard acknowledged without a message)\n")
	}
	if m.PrivateMessageViewer != nil {
		b.WriteString("(only you can see this)\n")
	}
	for _, c := range m.CardsV2 {
		fmt.Fprintf(&b, "── %s", plain(c.Card.Header.Title))
		if c.Card.Header.Subtitle != "" {
			fmt.Fprintf(&b, " · %s", plain(c.Card.Header.Subtitle))
		}
		b.WriteString(" ──\n")
		for _, s := range c.Card.Sections {
			if s.Header != "" {
				fmt.Fprintf(&b, "%s\n", plain(s.Header))
			}
			for _, wd := range s.Widgets {
				writeWidget(&b, wd)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeWidget(b *strings.Builder, wd widget) {
	switch {
	case wd.TextParagraph != nil:
		fmt.Fprintf(b, "  %s\n", plain(wd.TextParagraph.Text))
	case wd.DecoratedText != nil:
		d := wd.DecoratedText
		line := plain(d.Text)
		if d.TopLabel != "" {
			line = plain(d.TopLabel) + ": " + line
		}
		fmt.Fprintf(b, "  • %s\n", line)
		if d.BottomLabel != "" {
			fmt.Fprintf(b, "      %s\n", plain(d.BottomLabel))
		}
	case wd.ButtonList != nil:
		for _, bt := range wd.ButtonList.Buttons {
			fmt.Fprintf(b, "  [%s]\n", plain(bt.Text))
		}
	}
}

var tags = regexp.MustCompile(`<br\s*/?>|<[^>]*>`)

// plain turns card HTML into text.
func plain(s string) string {
	s = tags.ReplaceAllStringFunc(s, func(t string) string {
		if strings.HasPrefix(t, "<br") {
			return "\n    "
		}
		return ""
	})
	return html.UnescapeString(s)
}

// message is the part of a Chat message that render reads.
type message struct {
	Text                 string    `json:"text"`
	PrivateMessageViewer *struct{} `json:"privateMessageViewer"`
	CardsV2              []struct {
		Card struct {
			Header struct {
				Title    string `json:"title"`
				Subtitle string `json:"subtitle"`
			} `json:"header"`
			Sections []struct {
				Header  string   `json:"header"`
				Widgets []widget `json:"widgets"`
			} `json:"sections"`
		} `json:"card"`
	} `json:"cardsV2"`
}

type widget struct {
	TextParagraph *struct {
		Text string `json:"text"`
	} `json:"textParagraph"`
	DecoratedText *struct {
		TopLabel    string `json:"topLabel"`
		Text        string `json:"text"`
		BottomLabel string `json:"bottomLabel"`
	} `json:"decoratedText"`
	ButtonList *struct {
		Buttons []struct {
			Text string `json:"text"`
		} `json:"buttons"`
	} `json:"buttonList"`
}
