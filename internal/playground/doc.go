// Package playground is a Chat-like page over the demo's embedded chatfake,
// at /playground, so that anyone can try Onboard in a browser with no
// Google account. It exists only for the demo: internal/app mounts it on
// the demo's server and nowhere else, it answers loopback clients only,
// and a configured deployment has no such route.
//
// It owns the page and its small script (embedded, no build step, nothing
// fetched), the page's own words in English and Traditional Chinese, the
// timeline of what people typed and what Onboard answered, and drawing
// Onboard's cards as Chat draws them. It is a Chat client, not part of
// Onboard: a person's message or click becomes the classic event Chat
// sends (internal/demo builds it exactly as `onboard say` does), posted to
// Onboard's own endpoint with a token signed as Chat signs it, so every
// request goes through Onboard's verification like Chat's. Onboard's
// answer is applied as Chat applies it (docs/chat-platform.md §3.3): a new
// message, UPDATE_MESSAGE replacing the clicked card, DIALOG opening,
// updating or closing a modal dialog, REQUEST_CONFIG showing a private
// "Connect" prompt whose completion sends the message again (§10).
// Messages Onboard posts through the Chat API are read from chatfake as
// they arrive, and the page is told to refresh over server-sent events.
//
// Card text is Chat's HTML subset (b, i, u, s, font color, a href, br);
// sanitize.go renders that subset and shows everything else as the text it
// is, so a hostile display name never becomes markup. A widget it does not
// know is drawn as a visible placeholder, never silently left out.
//
// The page's words live here (locales/page.LOCALE.json, go-i18n messages
// with named placeholders), not in cards/: they are the words of the
// stand-in for Google Chat, not Onboard's. Their zh-TW wording follows
// Onboard's glossary all the same.
package playground
