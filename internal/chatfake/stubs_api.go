package chatfake

// TEMPORARY stub: replaced by the API implementation (api*.go, quota.go, faults.go, inspect.go).

import "net/http"

type apiState struct{}

// Call is one recorded request (see inspect.go).
type Call struct{}

func (s *Server) initAPI()                                 {}
func (s *Server) registerAPIRoutes(mux *http.ServeMux)     {}
func (s *Server) registerInspectRoutes(mux *http.ServeMux) {}
func (s *Server) record(h http.Handler) http.Handler       { return h }
