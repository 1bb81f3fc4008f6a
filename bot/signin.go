package bot

// SignInOutcome is how a person's visit to Onboard's sign-in callback
// ended: cards turns it into the page they see, internal/oauth decides it.
type SignInOutcome string

const (
	SignInConnected    SignInOutcome = "connected"     // the grant is stored
	SignInDenied       SignInOutcome = "denied"        // they declined on Google's consent screen
	SignInLinkUnknown  SignInOutcome = "link_unknown"  // not a link Onboard made
	SignInLinkUsed     SignInOutcome = "link_used"     // the link was used already
	SignInLinkExpired  SignInOutcome = "link_expired"  // the link is older than ten minutes
	SignInWrongAccount SignInOutcome = "wrong_account" // another Google account consented than the Chat user's own
	SignInFailed       SignInOutcome = "failed"        // Google's answer could not be used; nothing was stored
)
