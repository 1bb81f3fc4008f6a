// Package bot is Onboard's domain: what a Chat interaction asks for, who is
// to be invited where, whether the person asking may do it, and what
// happened to each person.
//
// It declares the small interfaces it needs from the outside world (ports.go)
// and imports nothing of Onboard's own, no HTTP framework, no database
// driver and not the Chat API client: adapters in internal/ implement its
// ports, handlers/ feeds it Interactions and cards/ turns its Replies into
// words. A Reply is one of a closed set of types (reply.go), one per kind of
// answer, each carrying only what its card shows and the Audience it is for.
// Every person a command names ends with exactly one Outcome from the closed
// list in outcome.go.
package bot
