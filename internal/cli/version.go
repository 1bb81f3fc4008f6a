package cli

import (
	"fmt"
	"io"
	"runtime/debug"
)

// PrintVersion prints what `onboard version` shows, from the build
// information Go embeds in the binary: the module version, the VCS
// revision and time it was built from (and whether the tree had
// uncommitted changes), and the Go toolchain. A binary built without VCS
// information (deploy/Dockerfile's build context leaves .git out) says so
// instead of guessing.
func PrintVersion(w io.Writer, info *debug.BuildInfo, ok bool) error {
	if !ok || info == nil {
		_, err := fmt.Fprintln(w, "onboard: no build information in this binary")
		return err
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	revision := settings["vcs.revision"]
	switch {
	case revision == "":
		revision = "unknown (built without VCS information)"
	case settings["vcs.modified"] == "true":
		revision += " (with uncommitted changes)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	_, err := fmt.Fprintf(w, "onboard %s\nmodule:   %s\nrevision: %s\n", version, info.Main.Path, revision)
	if err != nil {
		return err
	}
	if t := settings["vcs.time"]; t != "" {
		if _, err := fmt.Fprintf(w, "time:     %s\n", t); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(w, "go:       %s\n", info.GoVersion)
	return err
}
