package playground

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/demo"
)

// Config wires the playground to a running demo.
type Config struct {
	World *chatfake.World
	Fake  *chatfake.Server // the demo's fake: members, messages, calls
	// Onboard is how the page reaches Onboard: its endpoint, the audience
	// and chatfake's signing key.
	Onboard demo.Client
	Log     *slog.Logger // nil discards
}

// Playground serves the page. Its zero value is not usable; use New.
type Playground struct {
	world   *chatfake.World
	fake    *chatfake.Server
	onboard demo.Client
	log     *slog.Logger
	store   *store
	done    <-chan struct{}
	handler http.Handler
}

// maxRequest bounds what the page may post: a message, or a click with
// its form.
const maxRequest = 64 << 10

// New returns the playground; its event streams end when ctx does, so
// that the demo's server can shut down.
func New(ctx context.Context, cfg Config) *Playground {
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	p := &Playground{world: cfg.World, fake: cfg.Fake, onboard: cfg.Onboard, log: log, store: newStore(), done: ctx.Done()}
	static, _ := fs.Sub(assets, "assets")
	mux := http.NewServeMux()
	mux.HandleFunc("GET /playground", p.page)
	mux.HandleFunc("GET /playground/{$}", p.page)
	mux.Handle("GET /playground/assets/", staticOnly(http.StripPrefix("/playground/assets/", http.FileServerFS(static))))
	mux.HandleFunc("GET /playground/api/state", p.state)
	mux.HandleFunc("GET /playground/api/stream", p.stream)
	mux.HandleFunc("POST /playground/api/send", p.handleSend)
	mux.HandleFunc("POST /playground/api/click", p.handleClick)
	mux.HandleFunc("GET /playground/complete", p.complete)
	p.handler = guard(mux)
	return p
}

// Mount serves the playground under /playground and everything else with
// next (Onboard itself).
func (p *Playground) Mount(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/playground" || strings.HasPrefix(r.URL.Path, "/playground/") {
			p.handler.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Watch is told of every call Onboard makes to the fake (demo.Watch): a
// message Onboard posted or edited joins the timeline before Onboard
// hears back, so it keeps its place; any call may change the side panel.
func (p *Playground) Watch(c chatfake.Call) {
	if strings.HasPrefix(c.Method, "chat.spaces.messages.") {
		p.store.syncAPI(p.fake.State().Spaces)
	}
	p.store.changed()
}

// guard admits loopback clients that name a loopback host (so a web page
// elsewhere cannot reach the demo through DNS rebinding), refuses posts
// from other origins, and sets headers that keep the page to itself: no
// script, style or frame from anywhere else.
func guard(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; "+
			"base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("Cache-Control", "no-store")
		if !loopbackAddr(r.RemoteAddr) || !loopbackHost(r.Host) {
			http.Error(w, tr(r.URL.Query().Get("lang"), "thisComputerOnly"), http.StatusForbidden)
			return
		}
		if r.Method == http.MethodPost {
			if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
				http.Error(w, "cross-origin request refused", http.StatusForbidden)
				return
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				http.Error(w, "JSON only", http.StatusUnsupportedMediaType)
				return
			}
			r.Body = http.MaxBytesReader(w, r.Body, maxRequest)
		}
		h.ServeHTTP(w, r)
	})
}

// staticOnly serves the page's script and style sheet, not the templates
// beside them.
func staticOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, ".js") && !strings.HasSuffix(r.URL.Path, ".css") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func loopbackHost(hostport string) bool {
	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		host = hostport
	}
	return strings.EqualFold(host, "localhost") || loopbackAddr(host)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// decode reads a bounded JSON body into v; false (and a 400) when it is
// not one.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, outcome{Kind: kindError, Message: "not a request the page sends"})
		return false
	}
	return true
}

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
