package playground

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/onboard-chat/onboard/internal/demo"
)

// The types below read a Chat message and its cards v2 as Chat documents
// them (https://developers.google.com/workspace/chat/api/reference/rest/v1/cards),
// leniently: a field we do not draw is skipped, and a widget we do not know
// is kept by name (widget.Unknown) so that it is drawn as a placeholder.
// They are our own rather than chat/v1's because chat/v1 drops unknown
// widgets on decoding, and the point is to show them.

type message struct {
	Name                 string          `json:"name"`
	Text                 string          `json:"text"`
	PrivateMessageViewer *userRef        `json:"privateMessageViewer"`
	CardsV2              []cardWithID    `json:"cardsV2"`
	ActionResponse       *actionResponse `json:"actionResponse"`
	LastUpdateTime       string          `json:"lastUpdateTime"`
}

// empty reports whether m says nothing: Chat posts no message for it.
func (m *message) empty() bool { return m.Text == "" && len(m.CardsV2) == 0 }

type userRef struct {
	Name string `json:"name"`
}

type cardWithID struct {
	CardID string `json:"cardId"`
	Card   card   `json:"card"`
}

type card struct {
	Header      *cardHeader `json:"header"`
	Sections    []section   `json:"sections"`
	FixedFooter *footer     `json:"fixedFooter"` // dialogs
}

type cardHeader struct {
	Title    string `json:"title"`
	Subtitle string `json:"subtitle"`
}

type section struct {
	Header                    string   `json:"header"`
	Collapsible               bool     `json:"collapsible"`
	UncollapsibleWidgetsCount int      `json:"uncollapsibleWidgetsCount"`
	Widgets                   []widget `json:"widgets"`
}

// Shown and Hidden split a collapsible section as Chat draws it: the
// first uncollapsibleWidgetsCount widgets, then "Show more".
func (s section) Shown() []widget {
	if !s.Collapsible || s.UncollapsibleWidgetsCount >= len(s.Widgets) {
		return s.Widgets
	}
	return s.Widgets[:max(s.UncollapsibleWidgetsCount, 0)]
}

func (s section) Hidden() []widget {
	return s.Widgets[len(s.Shown()):]
}

type footer struct {
	PrimaryButton   *button `json:"primaryButton"`
	SecondaryButton *button `json:"secondaryButton"`
}

// widget is exactly one of the fields, or Unknown: the name of what Chat
// sent instead (image, grid, columns, …), or "(empty)".
type widget struct {
	TextParagraph  *textParagraph
	DecoratedText  *decoratedText
	ButtonList     *buttonList
	TextInput      *textInput
	SelectionInput *selectionInput
	Divider        bool
	Unknown        string
}

// widgetMeta are fields a widget may carry beside the widget itself.
var widgetMeta = map[string]bool{"horizontalAlignment": true, "id": true, "visibility": true, "eventActions": true}

func (w *widget) UnmarshalJSON(b []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		w.Unknown = "(unreadable)"
		return nil
	}
	var unknown []string
	for k, raw := range fields {
		var err error
		switch k {
		case "textParagraph":
			err = json.Unmarshal(raw, &w.TextParagraph)
		case "decoratedText":
			err = json.Unmarshal(raw, &w.DecoratedText)
		case "buttonList":
			err = json.Unmarshal(raw, &w.ButtonList)
		case "textInput":
			err = json.Unmarshal(raw, &w.TextInput)
		case "selectionInput":
			err = json.Unmarshal(raw, &w.SelectionInput)
		case "divider":
			w.Divider = true
		default:
			if !widgetMeta[k] {
				unknown = append(unknown, k)
			}
		}
		if err != nil {
			unknown = append(unknown, k+" (unreadable)")
		}
	}
	slices.Sort(unknown)
	w.Unknown = strings.Join(unknown, ", ")
	if w.Unknown == "" && !w.known() {
		w.Unknown = "(empty)"
	}
	return nil
}

func (w *widget) known() bool {
	return w.TextParagraph != nil || w.DecoratedText != nil || w.ButtonList != nil ||
		w.TextInput != nil || w.SelectionInput != nil || w.Divider
}

type textParagraph struct {
	Text string `json:"text"`
}

type decoratedText struct {
	TopLabel      string         `json:"topLabel"`
	Text          string         `json:"text"`
	BottomLabel   string         `json:"bottomLabel"`
	StartIcon     *icon          `json:"startIcon"`
	WrapText      bool           `json:"wrapText"`
	Button        *button        `json:"button"`
	SwitchControl *switchControl `json:"switchControl"`
}

type icon struct {
	AltText      string `json:"altText"`
	KnownIcon    string `json:"knownIcon"`
	MaterialIcon *struct {
		Name string `json:"name"`
	} `json:"materialIcon"`
	IconURL string `json:"iconUrl"`
}

type switchControl struct {
	Name        string `json:"name"`
	Value       string `json:"value"`
	Selected    bool   `json:"selected"`
	ControlType string `json:"controlType"` // SWITCH (default) or CHECKBOX
}

type buttonList struct {
	Buttons []button `json:"buttons"`
}

type button struct {
	Text     string          `json:"text"`
	AltText  string          `json:"altText"`
	Disabled bool            `json:"disabled"`
	Type     string          `json:"type"` // OUTLINED, FILLED, FILLED_TONAL, BORDERLESS
	OnClick  json.RawMessage `json:"onClick"`
}

// click is what a button's onClick asks for: an action sent to Onboard, a
// link to open, or (Unsupported) something the playground does not do.
type click struct {
	Action      *action   `json:"action"`
	OpenLink    *openLink `json:"openLink"`
	Unsupported string    `json:"-"`
}

func (b button) Click() click {
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(b.OnClick, &fields)
	var c click
	for k, raw := range fields {
		switch k {
		case "action":
			_ = json.Unmarshal(raw, &c.Action)
		case "openLink":
			_ = json.Unmarshal(raw, &c.OpenLink)
		default:
			c.Unsupported = k
		}
	}
	return c
}

type action struct {
	Function    string       `json:"function"`
	Parameters  []demo.Param `json:"parameters"`
	Interaction string       `json:"interaction"` // OPEN_DIALOG
}

type openLink struct {
	URL string `json:"url"`
}

type textInput struct {
	Name            string `json:"name"`
	Label           string `json:"label"`
	HintText        string `json:"hintText"`
	Value           string `json:"value"`
	Type            string `json:"type"` // SINGLE_LINE or MULTIPLE_LINE
	PlaceholderText string `json:"placeholderText"`
}

type selectionInput struct {
	Name                        string              `json:"name"`
	Label                       string              `json:"label"`
	Type                        string              `json:"type"` // CHECK_BOX, RADIO_BUTTON, SWITCH, DROPDOWN, MULTI_SELECT
	Items                       []selectionItem     `json:"items"`
	MultiSelectMaxSelectedItems int                 `json:"multiSelectMaxSelectedItems"`
	PlatformDataSource          *platformDataSource `json:"platformDataSource"`
}

type selectionItem struct {
	Text       string `json:"text"`
	Value      string `json:"value"`
	Selected   bool   `json:"selected"`
	BottomText string `json:"bottomText"`
}

// platformDataSource is a people picker (commonDataSource USER) or a
// space picker (hostAppDataSource.chatDataSource.spaceDataSource).
type platformDataSource struct {
	CommonDataSource  string `json:"commonDataSource"`
	HostAppDataSource *struct {
		ChatDataSource *struct {
			SpaceDataSource *struct {
				DefaultToCurrentSpace bool `json:"defaultToCurrentSpace"`
			} `json:"spaceDataSource"`
		} `json:"chatDataSource"`
	} `json:"hostAppDataSource"`
}

func (p *platformDataSource) people() bool { return p != nil && p.CommonDataSource == "USER" }

// spaces reports whether p is a space picker, and whether it starts on
// the current space.
func (p *platformDataSource) spaces() (picker, current bool) {
	if p == nil || p.HostAppDataSource == nil || p.HostAppDataSource.ChatDataSource == nil ||
		p.HostAppDataSource.ChatDataSource.SpaceDataSource == nil {
		return false, false
	}
	return true, p.HostAppDataSource.ChatDataSource.SpaceDataSource.DefaultToCurrentSpace
}

// actionResponse is how a synchronous answer asks Chat to apply it
// (docs/chat-platform.md §3.3).
type actionResponse struct {
	Type         string        `json:"type"`
	URL          string        `json:"url"` // REQUEST_CONFIG
	DialogAction *dialogAction `json:"dialogAction"`
}

type dialogAction struct {
	Dialog *struct {
		Body *card `json:"body"`
	} `json:"dialog"`
	ActionStatus *actionStatus `json:"actionStatus"`
}

type actionStatus struct {
	StatusCode        string `json:"statusCode"`
	UserFacingMessage string `json:"userFacingMessage"`
}
