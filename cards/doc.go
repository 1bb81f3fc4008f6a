// Package cards owns every word an Onboard user reads and builds the Google
// Chat messages that carry them: invite and onboarding results, the
// acknowledgement of work that continues, the progress message the jobs
// post and update, /status, /plan, refusals, help and the welcome card;
// and the guardrails' cards: removal results and Undo, /settings with its
// form, /audit, /spaces, /pause and /resume, and the command limit; the
// invite dialog (Chat's people picker, pasted addresses, an admin's
// plans), its status when it closes or stays open, previews with Confirm
// and Cancel, and the cards a click replaces (UPDATE_MESSAGE).
//
// The buttons and form fields it builds come back to bot as CARD_CLICKED
// events; their function, parameter and field names (settings.go,
// dialog.go) are a contract with bot, and a card already posted keeps the
// names it had. In the Workspace add-on envelope the same answers become
// the add-on's actions (addon.go): card navigation for dialogs, and
// create or update message actions.
//
// It turns bot's replies (Reply switches on the reply's type; each card
// builder takes only its own kind) and batches (Progress) into Message
// values and does nothing else: no I/O, no HTTP, no Chat API calls, no
// decisions about who may do what (that is bot's).
//
// Every word comes from the message catalog, locales/AREA.LOCALE.json
// (go-i18n's JSON files, embedded): sentences with named placeholders and
// CLDR plural forms, found by the msgID constants of the words*.go files.
// A reply is worded in its Audience's locale, chosen by pickLocale
// (catalog.go); a translation adds files and changes no code, and the
// catalog tests check it has every message with the same placeholders.
// Only English exists so far.
//
// User-supplied text (display names, addresses, typed words, space names,
// plan names, welcome texts) is HTML-escaped before it reaches a field Chat
// formats as HTML (text paragraphs, decorated text, section headers) — and
// so before it fills a message's placeholder there, as the catalog's
// templates escape nothing; a card header's title and subtitle are plain
// text, which Chat shows as typed, so they carry it unescaped ("R&D", not
// "R&amp;D"). No user text reaches a message's plain text, where Chat would
// read <users/…> as a mention.
//
// Every message stays within Chat's limits (32,000 bytes, 100 widgets a
// card) whatever it reports: long lists show the people not added first
// and count the rest, and the tests prove the worst cases fit.
//
// Message and the card types are lean mirrors of google.golang.org/api/chat/v1
// (same JSON field names): the generated types' MarshalJSON is about twenty
// times slower. The golden tests prove every message decodes strictly into
// chat.Message and re-encodes to the same JSON.
package cards
