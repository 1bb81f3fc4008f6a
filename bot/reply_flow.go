package bot

// The replies of the invite dialog, of previews and of the clicks that
// change a card already posted. Like reply.go's, each carries only what
// its card shows and the Audience it is for.

// InviteOfferReply answers /invite with nothing to invite: a private card
// whose button opens the invite dialog.
type InviteOfferReply struct {
	Audience
	Space string // spaces/… the command named ("" for none): the dialog invites there
}

// DialogReply opens the invite dialog or replaces what it shows: the
// form, or the preview of what its submit would do (Confirm and Cancel),
// or — for a command the Chat console opens a dialog for that has none —
// why there is none. Exactly one of Form, Preview and NoDialog is set.
type DialogReply struct {
	Audience
	Form     *InviteForm
	Preview  *PreviewReport
	NoDialog CommandName
}

// InviteForm is the invite dialog's form as it opens.
type InviteForm struct {
	// Addresses is the text area's first text: the people a typed command
	// named, one a line, in the parser's own syntax.
	Addresses string
	// Plans are the plans an Onboard admin may choose from (choosing one
	// makes the submit an /onboard); nil for anyone else.
	Plans []string
	Plan  string // the plan chosen already ("" for none)
	// Space is the space named already (spaces/…); "" invites where the
	// dialog was opened, or — AskSpace — into the space the person picks.
	Space    string
	AskSpace bool
	// Pickers: Chat's people and space pickers may be shown (not in the
	// Workspace add-on envelope, which has neither).
	Pickers bool
}

// DialogStatusReply closes the dialog, or keeps it open saying why
// nothing was done. Done closes it after a request was saved (the result
// is posted in the space, or the progress message follows); Cancelled
// closes it with nothing saved; Problem keeps it open, and Invalid names
// the entries that are not people.
type DialogStatusReply struct {
	Audience
	Done      *Batch
	Cancelled bool
	Problem   *Refusal
	Invalid   []string
}

// PreviewReply is a private preview of a large request, with Confirm and
// Cancel.
type PreviewReply struct {
	Audience
	Preview PreviewReport
}

// UpdateReply replaces the card that was clicked (Chat's UPDATE_MESSAGE,
// allowed on a click on one of Onboard's own messages): a preview once
// confirmed or cancelled, a result once undone. Of is the reply whose
// card takes its place.
type UpdateReply struct {
	Audience
	Of Reply
}

func (r InviteOfferReply) withAudience(a Audience) Reply  { r.Audience = a; return r }
func (r DialogReply) withAudience(a Audience) Reply       { r.Audience = a; return r }
func (r DialogStatusReply) withAudience(a Audience) Reply { r.Audience = a; return r }
func (r PreviewReply) withAudience(a Audience) Reply      { r.Audience = a; return r }
func (r UpdateReply) withAudience(a Audience) Reply       { r.Audience = a; return r }
