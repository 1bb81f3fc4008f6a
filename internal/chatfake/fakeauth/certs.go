package fakeauth

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Key-set URL paths, as Google serves them under https://www.googleapis.com.
const (
	googleJWKPath  = "/oauth2/v3/certs"
	googleX509Path = "/oauth2/v1/certs"
	saX509Prefix   = "/service_accounts/v1/metadata/x509/"
	saJWKPrefix    = "/service_accounts/v1/metadata/jwk/"
)

// Key-set URLs, as served by this authority.
func (a *Authority) GoogleJWKURL() string  { return a.base() + googleJWKPath }
func (a *Authority) GoogleX509URL() string { return a.base() + googleX509Path }
func (a *Authority) ChatX509URL() string   { return a.base() + saX509Prefix + ChatEmail }
func (a *Authority) ChatJWKURL() string    { return a.base() + saJWKPrefix + ChatEmail }

// keyFormat is how a key-set document is written.
type keyFormat int

const (
	formatJWK  keyFormat = iota // {"keys":[{kty,alg,use,kid,n,e}]}
	formatX509                  // {kid: PEM certificate}
)

func (a *Authority) registerKeys(mux *http.ServeMux) {
	google := func(f keyFormat) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			a.serveKeys(w, r, f, func() []*signingKey { return a.publishedKeys(GoogleKeys) })
		}
	}
	mux.HandleFunc("GET "+googleJWKPath, google(formatJWK))
	mux.HandleFunc("GET "+googleX509Path, google(formatX509))
	mux.HandleFunc("GET "+saJWKPrefix+"{email}", a.serviceAccountKeys(formatJWK))
	mux.HandleFunc("GET "+saX509Prefix+"{email}", a.serviceAccountKeys(formatX509))
	// Also used by third parties for the JWK form (docs/chat-platform.md §4.1),
	// and the robot path a key file's client_x509_cert_url names.
	mux.HandleFunc("GET /service_accounts/v1/jwk/{email}", a.serviceAccountKeys(formatJWK))
	mux.HandleFunc("GET /robot/v1/metadata/x509/{email}", a.serviceAccountKeys(formatX509))
}

// serviceAccountKeys serves a service account's public keys: Chat's set for
// chat@system, the app's one key for its own account, 404 for anyone else.
func (a *Authority) serviceAccountKeys(f keyFormat) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a.serveKeys(w, r, f, func() []*signingKey {
			switch r.PathValue("email") {
			case ChatEmail:
				return a.publishedKeys(ChatKeys)
			case a.ServiceAccountEmail():
				return []*signingKey{a.sa}
			}
			return nil
		})
	}
}

func (a *Authority) serveKeys(w http.ResponseWriter, r *http.Request, f keyFormat, keys func() []*signingKey) {
	a.mu.Lock()
	a.fetches[r.URL.Path]++
	failing, maxAge := a.keysFail, a.certsMaxAge
	a.mu.Unlock()
	if failing {
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{
			"error": map[string]any{"code": 503, "message": "The service is currently unavailable.", "status": "UNAVAILABLE"},
		})
		return
	}
	ks := keys()
	if ks == nil {
		writeJSON(w, http.StatusNotFound, map[string]any{
			"error": map[string]any{"code": 404, "message": "Not found", "status": "NOT_FOUND"},
		})
		return
	}
	w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d, must-revalidate, no-transform", int64(maxAge/time.Second)))
	w.Header().Set("Expires", a.now().Add(maxAge).UTC().Format(http.TimeFormat))
	if f == formatX509 {
		doc := make(map[string]string, len(ks))
		for _, k := range ks {
			doc[k.kid] = k.certPEM
		}
		writeJSON(w, http.StatusOK, doc)
		return
	}
	doc := struct {
		Keys []jwk `json:"keys"`
	}{Keys: make([]jwk, 0, len(ks))}
	for _, k := range ks {
		doc.Keys = append(doc.Keys, k.jwk())
	}
	writeJSON(w, http.StatusOK, doc)
}

// KeyFetches counts GET requests served for a key-set URL path (e.g.
// "/oauth2/v3/certs"), so tests can show caching and single-flight. Failed
// (503) fetches count too.
func (a *Authority) KeyFetches(path string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.fetches[path]
}

// SetKeysFailing makes every key-set endpoint answer 503 while on.
func (a *Authority) SetKeysFailing(on bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.keysFail = on
}

// SetCertsMaxAge sets the Cache-Control max-age of key-set responses.
func (a *Authority) SetCertsMaxAge(d time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.certsMaxAge = d
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
