package fakeauth

import (
	"encoding/json"
	"net/http"
	"strings"
)

// The metadata server emulation answers what cloud.google.com/go/compute/metadata
// v0.10.0 and cloud.google.com/go/auth v0.24.4 ask of it when
// GCE_METADATA_HOST points here (OnGCE is then true without a probe):
//
//	instance/service-accounts/default/token[?scopes=a,b]  the access token
//	universe/universe-domain                               checked by httptransport
//	project/project-id, project/numeric-project-id         ProjectIDProvider
//	instance/service-accounts/default/{email,scopes}       and ?recursive=true on default/
//
// Every request needs "Metadata-Flavor: Google" (else 403, as on Cloud Run);
// every answer carries it back. Paths under a named account
// (service-accounts/<email>/…) work like default/.
const metadataPrefix = "/computeMetadata/v1/"

func (a *Authority) serveMetadata(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Metadata-Flavor") != "Google" {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte("Missing required header: Metadata-Flavor\n"))
		return
	}
	w.Header().Set("Metadata-Flavor", "Google")
	path := strings.TrimPrefix(r.URL.Path, metadataPrefix)
	switch path {
	case "project/project-id":
		writeText(w, a.opts.ProjectID)
		return
	case "project/numeric-project-id":
		writeText(w, a.opts.ProjectNumber)
		return
	case "universe/universe-domain":
		writeText(w, "googleapis.com")
		return
	case "instance/service-accounts/", "instance/service-accounts":
		writeText(w, "default/\n"+a.ServiceAccountEmail()+"/\n")
		return
	}
	account, rest, ok := strings.Cut(strings.TrimPrefix(path, "instance/service-accounts/"), "/")
	if !ok || !strings.HasPrefix(path, "instance/service-accounts/") ||
		(account != "default" && account != a.ServiceAccountEmail()) {
		metadataNotFound(w)
		return
	}
	a.serveServiceAccount(w, r, rest)
}

// serveServiceAccount answers instance/service-accounts/<account>/<rest>.
func (a *Authority) serveServiceAccount(w http.ResponseWriter, r *http.Request, rest string) {
	switch rest {
	case "":
		if r.URL.Query().Get("recursive") == "true" {
			writeJSONText(w, map[string]any{
				"aliases": []string{"default"},
				"email":   a.ServiceAccountEmail(),
				"scopes":  []string{cloudPlatformScope},
			})
			return
		}
		writeText(w, "aliases\nemail\nidentity\nscopes\ntoken\n")
	case "email":
		writeText(w, a.ServiceAccountEmail())
	case "scopes":
		writeText(w, cloudPlatformScope+"\n")
	case "aliases":
		writeText(w, "default\n")
	case "token":
		a.serveMetadataToken(w, r)
	default:
		metadataNotFound(w)
	}
}

// serveMetadataToken issues an access token bound to ?scopes=a,b (Cloud
// Run honours the parameter), or to cloud-platform without it.
func (a *Authority) serveMetadataToken(w http.ResponseWriter, r *http.Request) {
	var scopes []string
	for _, s := range strings.Split(r.URL.Query().Get("scopes"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			scopes = append(scopes, s)
		}
	}
	if len(scopes) == 0 {
		scopes = []string{cloudPlatformScope}
	}
	tok, err := a.issue(scopes, nil)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeJSON(w, http.StatusOK, accessTokenResponse(tok))
}

func writeText(w http.ResponseWriter, s string) {
	w.Header().Set("Content-Type", "application/text")
	w.WriteHeader(http.StatusOK)
	w.Write([]byte(s))
}

// writeJSONText is a recursive=true answer: JSON, with the content type
// the metadata server uses for it.
func writeJSONText(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	w.Write(b)
}

func metadataNotFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write([]byte("Not Found\n"))
}
