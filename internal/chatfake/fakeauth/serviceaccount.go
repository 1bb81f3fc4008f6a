package fakeauth

import (
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// serviceAccountFile is Google's service_account JSON key, field for field.
type serviceAccountFile struct {
	Type                    string `json:"type"`
	ProjectID               string `json:"project_id"`
	PrivateKeyID            string `json:"private_key_id"`
	PrivateKey              string `json:"private_key"`
	ClientEmail             string `json:"client_email"`
	ClientID                string `json:"client_id"`
	AuthURI                 string `json:"auth_uri"`
	TokenURI                string `json:"token_uri"`
	AuthProviderX509CertURL string `json:"auth_provider_x509_cert_url"`
	ClientX509CertURL       string `json:"client_x509_cert_url"`
	UniverseDomain          string `json:"universe_domain"`
}

// ServiceAccountKey returns the JSON key file of the app's service account,
// with token_uri pointing at this authority. SetBaseURL must come first.
// universe_domain is googleapis.com, so Google's Go libraries exchange the
// key at token_uri rather than sending self-signed JWTs.
func (a *Authority) ServiceAccountKey() ([]byte, error) {
	base := a.base()
	if base == "" {
		return nil, errors.New("fakeauth: ServiceAccountKey before SetBaseURL")
	}
	der, err := x509.MarshalPKCS8PrivateKey(a.sa.priv)
	if err != nil {
		return nil, fmt.Errorf("fakeauth: encode service account key: %w", err)
	}
	email := a.ServiceAccountEmail()
	return json.MarshalIndent(serviceAccountFile{
		Type:                    "service_account",
		ProjectID:               a.opts.ProjectID,
		PrivateKeyID:            a.sa.kid,
		PrivateKey:              string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		ClientEmail:             email,
		ClientID:                serviceAccountClientID,
		AuthURI:                 "https://accounts.google.com/o/oauth2/auth", // user consent: not part of the fake
		TokenURI:                base + "/token",
		AuthProviderX509CertURL: base + googleX509Path,
		ClientX509CertURL:       base + "/robot/v1/metadata/x509/" + strings.ReplaceAll(email, "@", "%40"),
		UniverseDomain:          "googleapis.com",
	}, "", "  ")
}

// WriteServiceAccountKey writes ServiceAccountKey to path with mode 0600.
func (a *Authority) WriteServiceAccountKey(path string) error {
	b, err := a.ServiceAccountKey()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("fakeauth: write service account key: %w", err)
	}
	// An existing file keeps its mode with OpenFile; make it private too.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("fakeauth: write service account key: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("fakeauth: write service account key: %w", err)
	}
	return f.Close()
}
