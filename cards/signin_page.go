package cards

import (
	"bytes"
	"html/template"

	"github.com/onboard-chat/onboard/bot"
)

// The sign-in callback page's words: a title, and what happened and what to
// do, in the person's terms. No token, code or detail of Google's answer
// ever reaches the page.
const (
	idSignInConnected          msgID = "signin.connected.title"
	idSignInConnectedText      msgID = "signin.connected.text"
	idSignInDenied             msgID = "signin.denied.title"
	idSignInDeniedText         msgID = "signin.denied.text"
	idSignInLinkUnknown        msgID = "signin.linkUnknown.title"
	idSignInLinkUnknownText    msgID = "signin.linkUnknown.text"
	idSignInLinkUsed           msgID = "signin.linkUsed.title"
	idSignInLinkUsedText       msgID = "signin.linkUsed.text"
	idSignInLinkExpired        msgID = "signin.linkExpired.title"
	idSignInLinkExpiredText    msgID = "signin.linkExpired.text"
	idSignInWrongAccount       msgID = "signin.wrongAccount.title"
	idSignInWrongAccountText   msgID = "signin.wrongAccount.text"
	idSignInFailed             msgID = "signin.failed.title"
	idSignInFailedText         msgID = "signin.failed.text"
	idSignInNotConfigured      msgID = "signin.notConfigured.title"
	idSignInNotConfiguredText  msgID = "signin.notConfigured.text"
	idSignInPageTitle          msgID = "signin.page.title"
	idSignInPageLanguageMarker msgID = "signin.page.lang"
)

var signInIDs = map[bot.SignInOutcome][2]msgID{
	bot.SignInConnected:    {idSignInConnected, idSignInConnectedText},
	bot.SignInDenied:       {idSignInDenied, idSignInDeniedText},
	bot.SignInLinkUnknown:  {idSignInLinkUnknown, idSignInLinkUnknownText},
	bot.SignInLinkUsed:     {idSignInLinkUsed, idSignInLinkUsedText},
	bot.SignInLinkExpired:  {idSignInLinkExpired, idSignInLinkExpiredText},
	bot.SignInWrongAccount: {idSignInWrongAccount, idSignInWrongAccountText},
	bot.SignInFailed:       {idSignInFailed, idSignInFailedText},
}

var signInPage = template.Must(template.New("signin").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{.Page}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#202124}
h1{font-size:1.4rem}</style></head>
<body><h1>{{.Title}}</h1><p>{{.Text}}</p></body></html>
`))

// SignInPage is the HTML page GET /oauth2/callback shows when it does not
// send the browser back to Chat, in locale (the browser's language; "" for
// the default). configured is false when this deployment has no OAuth
// client. html/template escapes the words.
func SignInPage(o bot.SignInOutcome, configured bool, locale string) []byte {
	return signInPageIn(newWords(locale, ""), o, configured)
}

func signInPageIn(wd *words, o bot.SignInOutcome, configured bool) []byte {
	ids, ok := signInIDs[o]
	if !ok {
		ids = signInIDs[bot.SignInFailed]
	}
	if !configured {
		ids = [2]msgID{idSignInNotConfigured, idSignInNotConfiguredText}
	}
	title := wd.text(ids[0])
	var b bytes.Buffer
	_ = signInPage.Execute(&b, struct{ Lang, Page, Title, Text string }{wd.text(idSignInPageLanguageMarker),
		wd.with(idSignInPageTitle, vars{"Title": title}), title, wd.text(ids[1])}) // fixed data: cannot fail
	return b.Bytes()
}
