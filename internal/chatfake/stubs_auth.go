package chatfake

// TEMPORARY stub: replaced by the auth implementation (auth*.go, keys*.go, metadata.go).

import "net/http"

type authState struct{}

func (s *Server) initAuth() error                       { return nil }
func (s *Server) registerAuthRoutes(mux *http.ServeMux) {}

// bearerScopes returns the scopes bound to the request's access token.
// ok is false when the token is missing, unknown or expired; the API then
// answers 401 UNAUTHENTICATED.
func (s *Server) bearerScopes(r *http.Request) (scopes []string, ok bool) { return nil, false }
