package demo

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// state is what the running demo tells `say`: where Onboard listens, the
// audience it expects, and the fake's signing key (a throwaway key that
// only the local fake trusts). The file is private to the user (0600).
type state struct {
	AppURL     string          `json:"appURL"`
	Audience   string          `json:"audience"`
	SigningKey json.RawMessage `json:"signingKey"`
}

func statePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "onboard", "demo-state.json"), nil
}

func writeState(s state) error {
	p, err := statePath()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

func readState() (state, error) {
	var s state
	p, err := statePath()
	if err != nil {
		return s, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return s, fmt.Errorf("no demo is running (no %s): start one with `go run .`", p)
	}
	if err != nil {
		return s, err
	}
	return s, json.Unmarshal(b, &s)
}
