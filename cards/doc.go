// Package cards owns every word an Onboard user reads and builds the Google
// Chat messages that carry them: invite results, refusals, help and the
// welcome card, as cardsV2 messages returned synchronously.
//
// It turns bot.Reply values into Message values and does nothing else: no
// I/O, no HTTP, no Chat API calls, no decisions about who may do what (that
// is bot's). All words live in words.go so that a translation replaces one
// file. User-supplied text (display names, addresses, typed words, space
// names) is HTML-escaped before it reaches a card, and no user text reaches
// a message's plain text, where Chat would read <users/…> as a mention.
//
// Message and the card types are lean mirrors of google.golang.org/api/chat/v1
// (same JSON field names): the generated types' MarshalJSON is about twenty
// times slower. The golden tests prove every message decodes strictly into
// chat.Message and re-encodes to the same JSON.
package cards
