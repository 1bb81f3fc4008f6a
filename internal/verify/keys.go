package verify

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	maxKeyDocBytes = 1 << 20 // Google's documents are a few KiB
	fetchTimeout   = 10 * time.Second
	minKeyTTL      = 5 * time.Minute
	maxKeyTTL      = 24 * time.Hour
	minRSABits     = 2048
	maxRSABits     = 8192
)

// keySet maps kid to its keys. A publisher may list two keys under one kid
// (a botched rotation, or a hostile document): all are kept and a signature
// by any of them verifies, so the order of the document never decides. It
// is never modified after it is built.
type keySet map[string][]*rsaKey

// add appends pub under kid, unless it is a key we cannot use (checkRSA).
func (s keySet) add(kid string, pub *rsa.PublicKey) {
	if k, err := newRSAKey(pub); err == nil {
		s[kid] = append(s[kid], k)
	}
}

// fetchKeys GETs a key document and returns its RSA keys and how long they
// may be cached. Errors name the URL and status, never the body.
func fetchKeys(ctx context.Context, client *http.Client, url string) (keySet, time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("key set request: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, fmt.Errorf("key set fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, 0, fmt.Errorf("key set fetch %s: status %d", url, resp.StatusCode)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxKeyDocBytes+1))
	if err != nil {
		return nil, 0, fmt.Errorf("key set read %s: %w", url, err)
	}
	if len(body) > maxKeyDocBytes {
		return nil, 0, fmt.Errorf("key set %s: larger than %d bytes", url, maxKeyDocBytes)
	}
	keys, err := parseKeyDoc(body)
	if err != nil {
		return nil, 0, fmt.Errorf("key set %s: %w", url, err)
	}
	return keys, cacheTTL(resp.Header), nil
}

// cacheTTL is max-age minus Age, clamped to [minKeyTTL, maxKeyTTL]; the floor
// applies when there is no usable header, so a missing Cache-Control never
// means a fetch per request.
func cacheTTL(h http.Header) time.Duration {
	maxAge := -1
	for _, field := range h.Values("Cache-Control") {
		for _, d := range strings.Split(field, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, "max-age") {
				if n, err := strconv.Atoi(strings.Trim(val, `"`)); err == nil && n >= 0 {
					maxAge = n
				}
			}
		}
	}
	if maxAge < 0 {
		return minKeyTTL
	}
	if age, err := strconv.Atoi(strings.TrimSpace(h.Get("Age"))); err == nil && age > 0 {
		maxAge -= age
	}
	ttl := time.Duration(maxAge) * time.Second
	return min(max(ttl, minKeyTTL), maxKeyTTL)
}

// parseKeyDoc accepts either a JWK set {"keys":[…]} or Google's x509 map
// {kid: PEM certificate}. Keys we cannot use (not RSA, not for RS256
// signatures, too small) are skipped; a document with none is an error.
func parseKeyDoc(body []byte) (keySet, error) {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, errors.New("not a JSON object")
	}
	var keys keySet
	var err error
	if raw, ok := doc["keys"]; ok && bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		keys, err = parseJWKs(raw)
	} else {
		keys, err = parseX509Map(doc)
	}
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, errors.New("no usable RSA keys")
	}
	return keys, nil
}

type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
}

func parseJWKs(raw json.RawMessage) (keySet, error) {
	var list []jwk
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, errors.New("keys is not an array of JWKs")
	}
	keys := make(keySet, len(list))
	for _, k := range list {
		if k.Kty != "RSA" || k.Kid == "" || (k.Alg != "" && k.Alg != "RS256") || (k.Use != "" && k.Use != "sig") {
			continue
		}
		pub, err := jwkToRSA(k.N, k.E)
		if err != nil {
			continue
		}
		keys.add(k.Kid, pub)
	}
	return keys, nil
}

func jwkToRSA(n64, e64 string) (*rsa.PublicKey, error) {
	// Some publishers pad; RFC 7518 says they must not. Accept both.
	nb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(n64, "="))
	if err != nil {
		return nil, err
	}
	eb, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(e64, "="))
	if err != nil {
		return nil, err
	}
	if len(eb) == 0 || len(eb) > 4 {
		return nil, errors.New("bad exponent")
	}
	e := 0
	for _, b := range eb {
		e = e<<8 | int(b)
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: e}, nil
}

func parseX509Map(doc map[string]json.RawMessage) (keySet, error) {
	keys := make(keySet, len(doc))
	for kid, raw := range doc {
		var certPEM string
		if err := json.Unmarshal(raw, &certPEM); err != nil {
			return nil, errors.New("neither a JWK set nor a map of kid to PEM certificate")
		}
		block, _ := pem.Decode([]byte(certPEM))
		if block == nil || block.Type != "CERTIFICATE" || kid == "" {
			continue
		}
		// The certificate is only a wrapper for the key: Google's are
		// self-signed and rotate by publication, so validity dates and chains
		// are not checked (the same as Google's own client libraries).
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			continue
		}
		pub, ok := cert.PublicKey.(*rsa.PublicKey)
		if !ok {
			continue
		}
		keys.add(kid, pub)
	}
	return keys, nil
}

func checkRSA(k *rsa.PublicKey) (*rsa.PublicKey, error) {
	bits := k.N.BitLen()
	if bits < minRSABits || bits > maxRSABits || k.E < 3 || k.E%2 == 0 {
		return nil, errors.New("unsupported RSA key")
	}
	return k, nil
}
