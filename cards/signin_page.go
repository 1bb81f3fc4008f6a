package cards

import (
	"bytes"
	"html/template"

	"github.com/onboard-chat/onboard/bot"
)

// signInWords are the sign-in callback page's words per outcome: a title
// and what happened and what to do, in the person's terms. No token, code
// or detail of Google's answer ever reaches the page.
var signInWords = map[bot.SignInOutcome][2]string{
	bot.SignInConnected: {"Connected",
		"Your Google account is connected to Onboard. Go back to Google Chat and click the button again."},
	bot.SignInDenied: {"Not connected",
		"You chose not to give Onboard access, so nothing changed. To try again, run the command in Google Chat again."},
	bot.SignInLinkUnknown: {"This link does not work",
		"This sign-in link is not one Onboard made. Run the command in Google Chat again to get a new one."},
	bot.SignInLinkUsed: {"This link was already used",
		"Each sign-in link works once. If you are not connected yet, run the command in Google Chat again."},
	bot.SignInLinkExpired: {"This link has expired",
		"Sign-in links work for 10 minutes. Run the command in Google Chat again to get a new one."},
	bot.SignInWrongAccount: {"That is not your Chat account",
		"You signed in with a Google account other than the one you use in Google Chat, so nothing was connected. " +
			"Run the command again and choose the account you use in Chat."},
	bot.SignInFailed: {"Something went wrong",
		"Onboard could not finish connecting your Google account, and nothing was stored. Try again in a few " +
			"minutes; if it keeps happening, tell the people who run Onboard for your organisation."},
}

// signInNotConfigured is the page when this deployment connects no
// accounts.
var signInNotConfigured = [2]string{"Not available",
	"This Onboard does not connect Google accounts. Ask the people who run Onboard for your organisation."}

var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Onboard · {{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#202124}
h1{font-size:1.4rem}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Text}}</p></body></html>
`))

// SignInPage is the HTML page GET /oauth2/callback shows when it does not
// send the browser back to Chat. configured is false when this deployment
// has no OAuth client.
func SignInPage(o bot.SignInOutcome, configured bool) []byte {
	w, ok := signInWords[o]
	if !ok {
		w = signInWords[bot.SignInFailed]
	}
	if !configured {
		w = signInNotConfigured
	}
	var b bytes.Buffer
	_ = signInPage.Execute(&b, struct{ Title, Text string }{w[0], w[1]}) // fixed data: cannot fail
	return b.Bytes()
}
