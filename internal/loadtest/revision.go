package loadtest

// -before: Onboard as of another commit, built and measured in the same
// run as today's, so that a before/after table comes from one machine at
// one time (a number measured last week on another VM compares with
// nothing).

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// revision is Onboard's source as of one commit of this repository.
type revision struct {
	commit string // abbreviated hash, for the report
	dir    string // where its files are
}

// checkout writes the tree of git revision rev (anything git rev-parse
// reads: a hash, a tag, HEAD~3) to a new directory under parent. It uses
// git archive rather than a worktree: nothing in the repository changes,
// and a failed run leaves nothing behind but its temporary directory.
func checkout(ctx context.Context, rev, parent string) (revision, error) {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return revision{}, fmt.Errorf("-before %q: want a git revision", rev)
	}
	out, err := exec.CommandContext(ctx, "git", "rev-parse", "--verify", "--short=12", rev+"^{commit}").Output()
	if err != nil {
		return revision{}, fmt.Errorf("-before %q: not a commit of this repository: %w", rev, err)
	}
	r := revision{commit: strings.TrimSpace(string(out)), dir: filepath.Join(parent, "before-src")}
	// From the top of the work tree: in a subdirectory git archive
	// writes only that subdirectory.
	top, err := exec.CommandContext(ctx, "git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return revision{}, fmt.Errorf("git rev-parse --show-toplevel: %w", err)
	}
	var archive bytes.Buffer
	cmd := exec.CommandContext(ctx, "git", "archive", "--format=tar", r.commit)
	cmd.Dir, cmd.Stdout = strings.TrimSpace(string(top)), &archive
	if err := cmd.Run(); err != nil {
		return revision{}, fmt.Errorf("git archive %s: %w", r.commit, err)
	}
	if err := extract(&archive, r.dir); err != nil {
		return revision{}, fmt.Errorf("unpacking %s: %w", r.commit, err)
	}
	return r, nil
}

// extract writes the directories and regular files of a tar stream under
// dir. A name that would land outside dir is an error; links and other
// entries (a Go module has none it needs to build) are skipped.
func extract(r io.Reader, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		name := filepath.FromSlash(strings.TrimSuffix(h.Name, "/"))
		if !filepath.IsLocal(name) {
			return fmt.Errorf("%q: not a path inside the tree", h.Name)
		}
		switch h.Typeflag {
		case tar.TypeDir:
			err = root.MkdirAll(name, 0o755)
		case tar.TypeReg:
			err = writeFile(root, name, tr, fs.FileMode(h.Mode).Perm())
		}
		if err != nil {
			return err
		}
	}
}

func writeFile(root *os.Root, name string, r io.Reader, perm fs.FileMode) error {
	if err := root.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm|0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	return errors.Join(err, f.Close())
}
