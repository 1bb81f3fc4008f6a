package cards

import "github.com/onboard-chat/onboard/bot"

// The messages of bot's closed lists — outcomes, reasons, roles — and of
// /invite's refusals. Each list maps its stable identifiers to message IDs
// here, and nowhere else.

// Outcome labels (a row's topLabel).
const (
	idOutcomeJoined    msgID = "outcome.joined"
	idOutcomeInvited   msgID = "outcome.invited"
	idOutcomeAlready   msgID = "outcome.already"
	idOutcomeNotAdded  msgID = "outcome.notAdded"
	idOutcomeSkipped   msgID = "outcome.skipped"
	idOutcomeRefused   msgID = "outcome.refused"
	idOutcomePending   msgID = "outcome.pending"
	idOutcomeCancelled msgID = "outcome.cancelled"
	idOutcomeRemoved   msgID = "outcome.removed"
)

// outcomeLabelID is the label of o; "" for an outcome this package does
// not know.
func outcomeLabelID(o bot.Outcome) msgID {
	switch o {
	case bot.Joined:
		return idOutcomeJoined
	case bot.Invited:
		return idOutcomeInvited
	case bot.Already:
		return idOutcomeAlready
	case bot.NotAdded:
		return idOutcomeNotAdded
	case bot.Skipped:
		return idOutcomeSkipped
	case bot.Refused:
		return idOutcomeRefused
	case bot.Pending:
		return idOutcomePending
	case bot.Cancelled:
		return idOutcomeCancelled
	case bot.Removed:
		return idOutcomeRemoved
	}
	return ""
}

// Counts of people per outcome: "2 added", and after the rows "2 more
// added"; the list of the latter reads "and …".
const (
	idCountJoined        msgID = "count.joined"
	idCountInvited       msgID = "count.invited"
	idCountAlready       msgID = "count.already"
	idCountNotAdded      msgID = "count.notAdded"
	idCountSkipped       msgID = "count.skipped"
	idCountRefused       msgID = "count.refused"
	idCountPending       msgID = "count.pending"
	idCountCancelled     msgID = "count.cancelled"
	idCountRemoved       msgID = "count.removed"
	idCountMoreJoined    msgID = "count.more.joined"
	idCountMoreInvited   msgID = "count.more.invited"
	idCountMoreAlready   msgID = "count.more.already"
	idCountMoreNotAdded  msgID = "count.more.notAdded"
	idCountMoreSkipped   msgID = "count.more.skipped"
	idCountMoreRefused   msgID = "count.more.refused"
	idCountMorePending   msgID = "count.more.pending"
	idCountMoreCancelled msgID = "count.more.cancelled"
	idCountMoreRemoved   msgID = "count.more.removed"
	idCountMoreList      msgID = "count.more.list"

	idCountNotRemoved     msgID = "count.removal.notAdded"
	idCountNotInSpace     msgID = "count.removal.already"
	idCountMoreNotRemoved msgID = "count.removal.more.notAdded"
	idCountMoreNotInSpace msgID = "count.removal.more.already"
)

// countID is the count of people with outcome o in wording w; more says
// they are the ones left out of the rows. "" for an outcome this package
// does not know: counts list bot.Outcomes only.
func countID(w wording, o bot.Outcome, more bool) msgID {
	if id := previewCountID(o, more); w == previewing && id != "" {
		return id
	}
	if w == removing {
		switch {
		case o == bot.NotAdded && more:
			return idCountMoreNotRemoved
		case o == bot.NotAdded:
			return idCountNotRemoved
		case o == bot.Already && more:
			return idCountMoreNotInSpace
		case o == bot.Already:
			return idCountNotInSpace
		}
	}
	var all, left msgID
	switch o {
	case bot.Joined:
		all, left = idCountJoined, idCountMoreJoined
	case bot.Invited:
		all, left = idCountInvited, idCountMoreInvited
	case bot.Already:
		all, left = idCountAlready, idCountMoreAlready
	case bot.NotAdded:
		all, left = idCountNotAdded, idCountMoreNotAdded
	case bot.Skipped:
		all, left = idCountSkipped, idCountMoreSkipped
	case bot.Refused:
		all, left = idCountRefused, idCountMoreRefused
	case bot.Pending:
		all, left = idCountPending, idCountMorePending
	case bot.Cancelled:
		all, left = idCountCancelled, idCountMoreCancelled
	case bot.Removed:
		all, left = idCountRemoved, idCountMoreRemoved
	}
	if more {
		return left
	}
	return all
}

// Why the Chat API did not add someone (Outcome NotAdded), and the remedy.
const (
	idWhyExternal         msgID = "reason.external"
	idRemedyExternal      msgID = "reason.external.remedy" // the asker's role is not known: who may
	idRemedyExternalAdds  msgID = "reason.external.remedy.adds"
	idRemedyExternalAsks  msgID = "reason.external.remedy.asks"
	idWhyNotFound         msgID = "reason.notFound"
	idRemedyNotFound      msgID = "reason.notFound.remedy"
	idWhyAppNotInSpace    msgID = "reason.appNotInSpace"
	idRemedyAppNotInSpace msgID = "reason.appNotInSpace.remedy"
	idWhyNotApproved      msgID = "reason.notApproved"
	idRemedyNotApproved   msgID = "reason.notApproved.remedy"
	idWhyRateLimited      msgID = "reason.rateLimited"
	idWhyAPIError         msgID = "reason.apiError"
	idRemedyAPIError      msgID = "reason.apiError.remedy"
	idWhyNoOAuth          msgID = "reason.noOAuth"
	idRemedyNoOAuth       msgID = "reason.noOAuth.remedy"
	idWhyReconnect        msgID = "reason.reconnect"
	idRemedyReconnect     msgID = "reason.reconnect.remedy"
	idWhyChatRefused      msgID = "reason.chatRefused"
	idRemedyChatRefused   msgID = "reason.chatRefused.remedy"
	idWhyGroupNotFound    msgID = "reason.groupNotFound"
	idRemedyGroupNotFound msgID = "reason.groupNotFound.remedy"
	idWhyGroupSpace       msgID = "reason.groupSpace"
	idWhySpaceClosed      msgID = "reason.spaceClosed"
	idRemedySpaceClosed   msgID = "reason.spaceClosed.remedy"
	idRemedyGroupSpace    msgID = "reason.groupSpace.remedy"
	idWhyAdminOutside     msgID = "reason.adminOutside"
	idRemedyAdminOutside  msgID = "reason.adminOutside.remedy"
	idWhyAdminNoApps      msgID = "reason.adminNoApps"
	idRemedyAdminNoApps   msgID = "reason.adminNoApps.remedy"
	idWhyNotWSAdmin       msgID = "reason.notWorkspaceAdmin"
	idRemedyNotWSAdmin    msgID = "reason.notWorkspaceAdmin.remedy"
)

// notAddedIDs are why the Chat API did not add someone for reason r, and
// the remedy; "" for a reason that is not the Chat API's. A remedy may
// name the Admin console's path ({{.Path}}).
func notAddedIDs(r bot.Reason) (why, remedy msgID) {
	switch r {
	case bot.ReasonExternal:
		return idWhyExternal, idRemedyExternal
	case bot.ReasonNotFound:
		return idWhyNotFound, idRemedyNotFound
	case bot.ReasonAppNotInSpace:
		return idWhyAppNotInSpace, idRemedyAppNotInSpace
	case bot.ReasonNotApproved:
		return idWhyNotApproved, idRemedyNotApproved
	case bot.ReasonRateLimited:
		return idWhyRateLimited, idTryInAMinute
	case bot.ReasonAPIError:
		return idWhyAPIError, idRemedyAPIError
	case bot.ReasonNoOAuth:
		return idWhyNoOAuth, idRemedyNoOAuth
	case bot.ReasonReconnect:
		return idWhyReconnect, idRemedyReconnect
	case bot.ReasonChatRefused:
		return idWhyChatRefused, idRemedyChatRefused
	case bot.ReasonGroupNotFound:
		return idWhyGroupNotFound, idRemedyGroupNotFound
	case bot.ReasonGroupSpace:
		return idWhyGroupSpace, idRemedyGroupSpace
	case bot.ReasonSpaceClosed:
		return idWhySpaceClosed, idRemedySpaceClosed
	case bot.ReasonAdminNoApps:
		return idWhyAdminNoApps, idRemedyAdminNoApps
	case bot.ReasonAdminOutside:
		return idWhyAdminOutside, idRemedyAdminOutside
	case bot.ReasonNotWorkspaceAdmin:
		return idWhyNotWSAdmin, idRemedyNotWSAdmin
	}
	return "", ""
}

// Why a person was skipped, or a whole command refused.
const (
	idWhyInvoker      msgID = "reason.invoker"
	idWhyApp          msgID = "reason.app"
	idWhyOtherApp     msgID = "reason.otherApp"
	idWhyDuplicate    msgID = "reason.duplicate"
	idWhyUnrecognised msgID = "reason.unrecognised"
	idWhyPolicy       msgID = "reason.policy"
	idWhyNotMember    msgID = "reason.notMember"
	idWhyTooMany      msgID = "reason.tooMany"
	idWhyNoSpace      msgID = "reason.noSpace"
	idWhySpaceType    msgID = "reason.spaceType"
	idWhyNoPeople     msgID = "reason.noPeople"
)

// reasonWhyID is why for the reasons of Outcome Skipped and Refused; ""
// for the others.
func reasonWhyID(r bot.Reason) msgID {
	switch r {
	case bot.ReasonInvoker:
		return idWhyInvoker
	case bot.ReasonApp:
		return idWhyApp
	case bot.ReasonOtherApp:
		return idWhyOtherApp
	case bot.ReasonDuplicate:
		return idWhyDuplicate
	case bot.ReasonUnrecognised:
		return idWhyUnrecognised
	case bot.ReasonPolicy:
		return idWhyPolicy
	case bot.ReasonNotMember:
		return idWhyNotMember
	case bot.ReasonTooMany:
		return idWhyTooMany
	case bot.ReasonNoSpace:
		return idWhyNoSpace
	case bot.ReasonSpaceType:
		return idWhySpaceType
	case bot.ReasonNoPeople:
		return idWhyNoPeople
	}
	return ""
}

// Chat's roles, as Chat's own UI names them.
const (
	idRoleOwner   msgID = "role.owner"
	idRoleManager msgID = "role.manager"
	idRoleMember  msgID = "role.member"
	idRoleUnknown msgID = "role.unknown"
)

// The paragraphs of a refused /invite.
const (
	idRefusalPolicyManagers msgID = "refusal.policy.managers"
	idRefusalPolicyMembers  msgID = "refusal.policy.members"
	idRefusalPolicyAsk      msgID = "refusal.policy.ask"
	idRefusalNotMember      msgID = "refusal.notMember"
	idRefusalNotMemberAsk   msgID = "refusal.notMember.ask"
	idRefusalTooMany        msgID = "refusal.tooMany"
	idNameTheSpace          msgID = "refusal.nameTheSpace"
	idRefusalNoSpaceURL     msgID = "refusal.noSpace.url"
	idRefusalSpaceType      msgID = "refusal.spaceType"
	idRefusalSpaceTypeWhere msgID = "refusal.spaceType.where"
	idRefusalNoPeople       msgID = "refusal.noPeople"
	idGroupLabel            msgID = "row.group.label"
	idGroupSeparator        msgID = "row.group.separator"
	idGroupMore             msgID = "row.group.more"
	idRefusalOnlyYou        msgID = "refusal.onlyYou"
	idRefusalOnlyYouShort   msgID = "refusal.onlyYou.short"
	idExamplesWithDM        msgID = "examples.withDM"
)
