// Package oauth owns a person's own authority: connecting their Google
// account to Onboard with the OAuth 2.0 web flow Chat apps use, keeping the
// grant, and lending it to the Chat API client when a command must act as
// them (docs/chat-platform.md §10).
//
// The flow: a command that needs the person's authority asks Chat to show
// them a configuration request whose URL is AuthURL's — Google's
// authorization endpoint with PKCE (S256), offline access, incremental
// scopes and an opaque, single-use state. The state is bound on the server
// (internal/store) to the Chat user it was made for, the event's
// configCompleteRedirectUrl, the PKCE verifier and the scopes, for ten
// minutes; nothing the browser brings back is trusted but the state itself.
// Complete is GET /oauth2/callback: it claims the state once, exchanges the
// code with the verifier, verifies the ID token (signature, aud = our
// client, iss, expiry) and refuses unless users/{sub} is the person the
// state was made for — someone else consenting must never attach their
// account to another person's Chat identity. Only then is the refresh token
// stored, sealed (Keyring), and the browser sent back to Chat, which sends
// the original message again.
//
// golang.org/x/oauth2 does the protocol (authorization URL, PKCE, code
// exchange, refresh); this package adds what it leaves to the application:
// the server-side state, the identity check, sealed storage, revocation and
// telling a revoked grant (invalid_grant) from a passing failure.
//
// It must never log or return a token, a code, a state or a verifier, and
// never put one in an error.
package oauth
