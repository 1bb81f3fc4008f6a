package chatfake

import (
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/onboard-chat/onboard/internal/chatfake/fakeauth"
)

// Options configure a Server. The zero value of every field is usable.
type Options struct {
	// Now is the clock used for token lifetimes, quotas and createTime
	// fields; nil means time.Now. Tests inject a clock instead of sleeping.
	Now func() time.Time
	// Addr is the listen address; empty means 127.0.0.1:0.
	Addr string
	// OnCall, if set, is told of every recorded request once it has been
	// answered (the demo prints the messages Onboard posts). It runs on
	// the request's goroutine, after the server's lock is released.
	OnCall func(Call)
}

// Server is a running chatfake. All exported methods are safe for concurrent
// use.
type Server struct {
	// URL is the base URL, without a trailing slash, e.g. http://127.0.0.1:9090.
	URL string

	now    func() time.Time
	onCall func(Call)
	ln     net.Listener
	http   *http.Server

	mu    sync.Mutex // guards everything below, and the state in auth and api
	world *World
	calls []Call

	api apiState // Chat REST API, quotas, faults (api*.go, quota.go, faults.go)

	// Authority issues access tokens and Chat's signed ID tokens; its
	// methods (MintURLToken, WriteServiceAccountKey, RotateKeys, …) are
	// promoted so tests can call them on the Server.
	*fakeauth.Authority
}

// New starts a chatfake serving w on opts.Addr.
func New(w *World, opts Options) (*Server, error) {
	if err := w.validate(); err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String(), now: opts.Now, onCall: opts.OnCall, ln: ln, world: w}
	if s.now == nil {
		s.now = time.Now
	}
	s.Authority, err = fakeauth.New(fakeauth.Options{ProjectNumber: w.ProjectNumber, Now: s.now,
		Users: identities(w), OAuthClients: w.OAuthClients})
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.Authority.SetBaseURL(s.URL)
	s.initAPI()
	mux := http.NewServeMux()
	s.Authority.Register(mux)
	s.registerAPIRoutes(mux)
	s.registerInspectRoutes(mux)
	s.http = &http.Server{Handler: s.record(mux), ReadHeaderTimeout: 10 * time.Second}
	go s.http.Serve(ln)
	return s, nil
}

// identities are the world's users as Google accounts: a user whose email
// is in one of the organisation's domains is a Workspace account of it
// (the ID token's hd claim).
func identities(w *World) []fakeauth.Identity {
	out := make([]fakeauth.Identity, 0, len(w.Users))
	for _, u := range w.Users {
		id := fakeauth.Identity{ID: u.ID, Email: u.Email}
		_, domain, _ := strings.Cut(u.Email, "@")
		for _, d := range w.Domains {
			if strings.EqualFold(d, domain) {
				id.HostedDomain = strings.ToLower(d)
			}
		}
		out = append(out, id)
	}
	return out
}

// Close stops the server.
func (s *Server) Close() error { return s.http.Close() }

// statusNames maps HTTP codes to the google.rpc code names Google uses in
// error bodies when the caller does not name one.
var statusNames = map[int]string{
	400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED",
	404: "NOT_FOUND", 409: "ALREADY_EXISTS", 429: "RESOURCE_EXHAUSTED",
	500: "INTERNAL", 501: "UNIMPLEMENTED", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED",
}

// writeError answers with Google's JSON error envelope (google.rpc.Status):
// {"error":{"code":409,"message":"…","status":"ALREADY_EXISTS"}}.
func writeError(w http.ResponseWriter, code int, status, message string) {
	if status == "" {
		status = statusNames[code]
	}
	writeJSON(w, code, map[string]any{"error": map[string]any{
		"code": code, "message": message, "status": status,
	}})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
