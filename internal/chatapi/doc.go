// Package chatapi is Onboard's one adapter to the Google Chat REST API,
// acting with the app's own authority (app authentication, a service
// account). It owns the wire — google.golang.org/api/chat/v1, the scopes it
// asks for, retries with backoff — and the classification of Chat's errors
// into bot.Kinds.
//
// classify (classify.go) is the only code in Onboard that reads Google's
// error bodies or messages; everything else decides on bot.Kind. The package
// must not log, must never return or log access tokens, and holds no
// package-level mutable state.
package chatapi
