// Package chatfake is a local stand-in for Google's servers as a Google Chat
// app sees them: the OAuth token endpoint, the metadata server of Cloud Run,
// Chat's request-signing keys, and the Chat REST API (spaces, members,
// messages) under /v1/, enforcing the documented membership rules.
//
// It also plays the Google side of user authorization: the OAuth 2.0
// authorization, token and revocation endpoints for a person's grant to
// one of the project's OAuth clients (fakeauth), the Chat API's rules for
// calls made with that grant — people, Google Groups, the app adding
// itself, Workspace admin access (userauth.go) — and Cloud Identity's
// groups.lookup (groups.go).
//
// It is a real HTTP server. Code under test talks to it through the official
// clients (google.golang.org/api/chat/v1, golang.org/x/oauth2/google,
// cloud.google.com/go/compute/metadata) exactly as it would talk to Google;
// nothing in Onboard is mocked. It must never be reachable from production
// code paths other than the demo and the test suites.
//
// The world file format, the inspection endpoints and the fault injection
// are documented in world.go, inspect.go and faults.go; an example world is
// testdata/world.json. The API's check order, error messages and assumed
// status codes are in api.go and rules.go; usage limits in quota.go;
// RunStandalone (standalone.go) serves it as `onboard fakechat`.
package chatfake
