// Package handlers is Onboard's HTTP edge on Echo. It owns the routes
// (POST / for Chat events, GET /health and GET /ready for probes), the
// bearer-token check on every Chat route, the request body limit, decoding
// both Chat event envelopes (classic and Workspace add-on) into a
// bot.Interaction, wrapping the reply in the request's envelope, and the one
// table that maps every problem at the edge to an HTTP status and to the
// result an event is counted under (status.go).
//
// Every request first passes accessLog (access.go): it reads the request's
// trace from X-Cloud-Trace-Context into the context, for every line logged
// with it, and logs one line per request in Cloud Logging's httpRequest
// shape once the answer is written. The edge counts events and refused
// tokens through Config.Metrics; it does not serve /metrics.
//
// A request goes: verified → decoded → one call to the domain (Bot.Handle)
// → one call to cards → JSON. Bad input is the caller's fault, never a
// crash: an oversized body is 413, malformed JSON 400, a valid event we do
// not handle 200 {}, and a panic a fixed 500 while the process lives.
//
// It must not hold business rules, run SQL, call the Chat API or any other
// service, or contain a word a user reads (those belong to bot, internal/…
// and cards). It must never log or keep a bearer token, a request body or
// configCompleteRedirectUrl/…Uri (a live capability token).
package handlers
