package chatapi

import "net/http"

// Transport is the connection pool under the Chat API clients (New and
// NewForUser without an HTTPClient of their own; internal/app passes it
// under its metrics): Go's default transport keeping up to
// maxIdlePerHost idle connections to the API instead of two. Google's
// endpoint speaks HTTP/2, where one connection carries every call at
// once; over HTTP/1.1 — the local fake the embedded default runs against,
// or a proxy — a command's calls in flight together each need a
// connection, and with two kept idle a 20-person command dialled
// eighteen new ones, and closed them again, every time
// (docs/performance.md).
var Transport = newTransport()

// maxIdlePerHost is how many calls a command can have in flight at once
// (bounded by the invite workers' pool) with room to spare.
const maxIdlePerHost = 128

func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = maxIdlePerHost
	return t
}
