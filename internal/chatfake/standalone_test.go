package chatfake

import (
	"bufio"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	chat "google.golang.org/api/chat/v1"
	"google.golang.org/api/option"
)

func TestRunStandalone(t *testing.T) {
	t.Parallel()
	key := filepath.Join(t.TempDir(), "sa.json")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := RunStandalone(ctx, []string{"-addr", "127.0.0.1:0", "-key-out", key}, pw)
		pw.CloseWithError(err)
		done <- err
	}()
	vars := map[string]string{}
	sc := bufio.NewScanner(pr)
	for len(vars) < 3 && sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		vars[k] = v
	}
	go io.Copy(io.Discard, pr)
	if vars["CHATFAKE_URL"] == "" || vars["GOOGLE_APPLICATION_CREDENTIALS"] != key || vars["GCE_METADATA_HOST"] == "" {
		t.Fatalf("printed %v, want CHATFAKE_URL, GOOGLE_APPLICATION_CREDENTIALS=%s and GCE_METADATA_HOST", vars, key)
	}
	if fi, err := os.Stat(key); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v, want mode 0600", fi, err)
	}

	svc, err := chat.NewService(ctx, option.WithAuthCredentialsFile(option.ServiceAccount, key),
		option.WithEndpoint(vars["CHATFAKE_URL"]+"/"), option.WithScopes(appScopes...))
	if err != nil {
		t.Fatal(err)
	}
	m, err := svc.Spaces.Members.Create("spaces/"+spacePlatform, human("users/alice@example.com")).Do()
	if err != nil || m.Name != "spaces/"+spacePlatform+"/members/"+idAlice {
		t.Fatalf("Create: got %v %v, want Alice's membership", m, err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("RunStandalone: got %v, want nil after cancel", err)
	}
}

func TestRunStandaloneBadArgs(t *testing.T) {
	t.Parallel()
	tests := [][]string{{"-world", "/does/not/exist.json"}, {"-nope"}, {"extra"}}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			if err := RunStandalone(context.Background(), args, io.Discard); err == nil {
				t.Errorf("got nil, want an error")
			}
		})
	}
}
