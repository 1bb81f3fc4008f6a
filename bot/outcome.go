package bot

// Outcome is what happened to one person named in a command. The list is
// closed and shared by cards, logs, metrics and the audit log; its string
// values are stable identifiers (they appear in logs and metrics labels).
type Outcome string

const (
	Joined   Outcome = "joined"    // added; they are in the space now
	Invited  Outcome = "invited"   // invited; they must accept (auto-accept is off)
	Already  Outcome = "already"   // already a member or already invited
	NotAdded Outcome = "not_added" // the Chat API refused; Reason says why
	Skipped  Outcome = "skipped"   // not attempted: the invoker, the app, a duplicate, an unrecognised word
	Refused  Outcome = "refused"   // not allowed: policy, too many people

	// Outcomes of durable work (jobs.go).
	Pending   Outcome = "pending"   // saved and queued; not finished yet
	Cancelled Outcome = "cancelled" // not attempted: the request was cancelled; Reason says by whom
	Removed   Outcome = "removed"   // added, then removed again
)

// Outcomes lists every Outcome, in the order cards present them.
var Outcomes = []Outcome{Joined, Invited, Already, NotAdded, Skipped, Refused, Pending, Cancelled, Removed}

// Final reports whether an outcome is the end of a person's story.
func (o Outcome) Final() bool { return o != Pending && o != "" }

// Reason qualifies NotAdded, Skipped and Refused outcomes. Like Outcome it
// is a closed list of stable identifiers; cards map each to words and a
// remedy.
type Reason string

const (
	// Why the Chat API did not add someone (Outcome NotAdded).
	ReasonExternal      Reason = "external"         // outside the organisation: app authentication cannot invite them
	ReasonSpaceClosed   Reason = "space_closed"     // outside the organisation, and the space does not let outside people in
	ReasonNotFound      Reason = "not_found"        // no such person in the organisation
	ReasonAppNotInSpace Reason = "app_not_in_space" // Onboard is not a member of the target space
	ReasonNotApproved   Reason = "not_approved"     // a Workspace admin has not approved app authentication yet
	ReasonRateLimited   Reason = "rate_limited"     // the Chat API quota is exhausted for now
	ReasonAPIError      Reason = "api_error"        // anything else the API said
	ReasonNoOAuth       Reason = "no_oauth"         // a group or Onboard itself needs a person's own grant, and OAuth is not configured
	ReasonReconnect     Reason = "reconnect"        // the asker's grant was revoked or expired: they must connect again
	ReasonChatRefused   Reason = "chat_refused"     // with the asker's own grant, Chat said they may not add people there
	ReasonGroupNotFound Reason = "group_not_found"  // no Google Group with that address (or the asker cannot see it)
	ReasonGroupSpace    Reason = "group_space"      // groups can only be added to named spaces, never group chats or DMs
	ReasonAdminNoApps   Reason = "admin_no_apps"    // admin access cannot add apps
	ReasonAdminOutside  Reason = "admin_outside"    // admin access cannot add people outside the organisation
	// ReasonNotWorkspaceAdmin: Chat refused admin access — not a Workspace
	// admin with the privilege to manage Chat spaces.
	ReasonNotWorkspaceAdmin Reason = "not_workspace_admin"

	// Why someone was not attempted (Outcome Skipped).
	ReasonInvoker      Reason = "invoker"      // the person running the command
	ReasonApp          Reason = "app"          // Onboard itself, named in the space it is already in
	ReasonOtherApp     Reason = "other_app"    // another Chat app: Chat only lets an app add itself
	ReasonDuplicate    Reason = "duplicate"    // named more than once
	ReasonUnrecognised Reason = "unrecognised" // a word that is neither a mention nor an address

	// Why a whole command was not carried out (Outcome Refused).
	ReasonPolicy    Reason = "policy"     // the invoker's role does not allow inviting here
	ReasonNotMember Reason = "not_member" // the invoker is not a member of the target space
	ReasonTooMany   Reason = "too_many"   // more people than one command may name
	ReasonNoSpace   Reason = "no_space"   // no target space (a DM without a named space)
	ReasonSpaceType Reason = "space_type" // people cannot be added to this kind of space (a DM)
	ReasonNoPeople  Reason = "no_people"  // the command names nobody

	// Why work was cancelled (Outcome Cancelled).
	ReasonByRequester Reason = "by_requester" // the person who asked cancelled it
	ReasonAppRemoved  Reason = "app_removed"  // Onboard was removed from the space

	// Why a /plan, /onboard or /status request was not done (a reply's Problem).
	ReasonNotAdmin     Reason = "not_admin"      // only Onboard admins manage plans
	ReasonNoPlan       Reason = "no_plan"        // no plan of that name
	ReasonPlanExists   Reason = "plan_exists"    // a plan of that name exists already
	ReasonBadPlanInput Reason = "bad_plan_input" // the /plan command is not understood
	ReasonNoJob        Reason = "no_job"         // no such job of yours to cancel
	ReasonUnavailable  Reason = "unavailable"    // the database did not answer; nothing was done

	// Guardrails (Outcome Refused / NotAdded, and a reply's Problem).
	ReasonDomain      Reason = "domain"        // the address's domain is not allowed in this space
	ReasonPaused      Reason = "paused"        // Onboard admins paused every membership change
	ReasonNotAllowed  Reason = "not_allowed"   // the space is not on Onboard's allow-list
	ReasonRateLimit   Reason = "user_rate"     // the person sent too many commands; try again shortly
	ReasonPlansOff    Reason = "plans_off"     // the space's managers do not let plans add people there
	ReasonUndoExpired Reason = "undo_expired"  // undo is offered for 24 hours
	ReasonNotRemoved  Reason = "cannot_remove" // Chat refused the removal (a manager in a space Onboard did not create, the last manager)
	ReasonBadSettings Reason = "bad_settings"  // the /settings input is not understood
	// A /settings domain outside the organisation: a space may narrow the
	// domains Onboard invites from, never widen them.
	ReasonDomainOutsideOrg Reason = "domain_outside_org"

	// Why a dialog, a preview, Undo or Retry failed did nothing (a reply's
	// Problem).
	ReasonInvalidEntries   Reason = "invalid_entries"   // a dialog named words that are not people or addresses
	ReasonConnectFirst     Reason = "connect_first"     // a dialog's request needs the person's own Google account first
	ReasonPreviewExpired   Reason = "preview_expired"   // Confirm is honoured for ten minutes
	ReasonPreviewCancelled Reason = "preview_cancelled" // the preview was cancelled
	ReasonPreviewConfirmed Reason = "preview_confirmed" // Cancel came after Confirm
	ReasonNotYours         Reason = "not_yours"         // only the person who asked may confirm or cancel their preview
	ReasonAlreadyUndone    Reason = "already_undone"    // Undo was clicked before
	ReasonNothingToRetry   Reason = "nothing_to_retry"  // nobody's failure may pass on a retry
)

// Retryable reports whether a person not added for reason r may be added
// by trying again: a rate limit, an error of the Chat API (what a 5xx or a
// timeout ends as once the jobs give up), or a grant that was gone — not
// someone outside the organisation, or no one of that address.
func (r Reason) Retryable() bool {
	return r == ReasonRateLimited || r == ReasonAPIError || r == ReasonReconnect
}
