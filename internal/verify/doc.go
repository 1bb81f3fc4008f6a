// Package verify owns the answer to one question: did this request really
// come from Google Chat for our app? It checks the bearer token Chat puts on
// every request (docs/chat-platform.md §4) and keeps the public keys it needs.
//
// Two audiences are supported, chosen by Config.Audience:
//
//   - URL mode ("https://…"): a Google-signed ID token. aud must equal the
//     configured URL byte for byte, iss is accounts.google.com (with or
//     without https://), email is chat@system.gserviceaccount.com — or the
//     configured add-on service agent — and email_verified is JSON true.
//     Keys come from Google's OAuth 2.0 certificates.
//   - Project-number mode (all digits): a JWT signed by
//     chat@system.gserviceaccount.com itself, iss is that account, aud is the
//     project number. Keys come from that account's published certificates.
//     Add-on tokens are not accepted in this mode.
//
// We parse the compact JWT and verify RS256 ourselves (rs256.go: the
// standard library's modular arithmetic with each key prepared once) rather
// than using google.golang.org/api/idtoken. That is a decision: idtoken checks
// neither iss nor email, allows no clock skew, refetches the keys on every
// call when Cache-Control is missing, has no last-good fallback, and cannot
// verify project-number tokens because its certificate URL is fixed
// (docs/chat-platform.md Pitfalls 16–17). The JWT subset Chat uses is small enough
// to check completely here.
//
// Every failure is an *Error whose Reason is one of a closed set, safe to use
// as a metrics label. Verification fails closed: anything unexpected is a
// rejection. A token longer than 3600 s (exp-iat, or exp-now when iat is
// absent) plus the skew is rejected as malformed: Chat never mints one, so it
// is not a Chat token, whatever its clock says.
//
// Keys are cached per certificate URL for the response's Cache-Control
// max-age (clamped to 5 min … 24 h) and fetched again only when that expires
// or an unknown kid appears (at most once per Config.MinRefresh). Concurrent
// callers share one fetch, and a failed fetch keeps the last good keys. There
// is no background refresher and no network call per request once warm.
//
// This package must not read request bodies, and must never put a token or
// key material into an error or a log line; the HTTP middleware that calls
// Verify lives in package handlers.
package verify
