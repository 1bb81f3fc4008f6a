package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
)

func TestExitCode(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"success", nil, 0},
		{"help", ErrHelp, 0},
		{"help, wrapped", fmt.Errorf("say: %w", flag.ErrHelp), 0},
		{"usage", Usagef("unknown command %q", "x"), 2},
		{"usage, wrapped", fmt.Errorf("audit: %w", Usage(errors.New("no command"))), 2},
		{"failure", errors.New("database down"), 1},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("%s: ExitCode(%v) = %d, want %d", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestParseFlags(t *testing.T) {
	newFS := func() *flag.FlagSet {
		fs := flag.NewFlagSet("thing", flag.ContinueOnError)
		fs.String("format", "csv", "csv or jsonl")
		return fs
	}
	tests := []struct {
		name             string
		args             []string
		wantCode         int
		wantOut, wantErr string
	}{
		{"good", []string{"--format", "jsonl"}, 0, "", ""},
		{"-h", []string{"-h"}, 0, "-format", ""},
		{"--help", []string{"--help"}, 0, "-format", ""},
		{"unknown flag", []string{"--colour"}, 2, "", "flag provided but not defined: -colour"},
		{"missing value", []string{"--format"}, 2, "", "flag needs an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := ParseFlags(newFS(), tt.args, &stdout, &stderr)
			if got := ExitCode(err); got != tt.wantCode {
				t.Errorf("exit code: got %d (%v), want %d", got, err, tt.wantCode)
			}
			if !strings.Contains(stdout.String(), tt.wantOut) || (tt.wantOut == "" && stdout.Len() > 0) {
				t.Errorf("stdout: got %q, want %q", stdout.String(), tt.wantOut)
			}
			if tt.wantErr != "" && (!strings.Contains(stderr.String(), tt.wantErr) || !strings.Contains(stderr.String(), "-format")) {
				t.Errorf("stderr: got %q, want the error %q and the usage", stderr.String(), tt.wantErr)
			}
		})
	}
}

func TestNoArgs(t *testing.T) {
	const help = "usage: onboard doctor\n"
	for _, tt := range []struct {
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{nil, 0, "", ""},
		{[]string{"-h"}, 0, help, ""},
		{[]string{"now"}, 2, "", help},
		{[]string{"--verbose"}, 2, "", help},
	} {
		var stdout, stderr bytes.Buffer
		err := NoArgs("doctor", help, tt.args, &stdout, &stderr)
		if got := ExitCode(err); got != tt.wantCode || stdout.String() != tt.wantOut || !strings.Contains(stderr.String(), tt.wantErr) {
			t.Errorf("NoArgs(%q): exit %d, stdout %q, stderr %q; want %d, %q, %q", tt.args, got, stdout.String(), stderr.String(),
				tt.wantCode, tt.wantOut, tt.wantErr)
		}
	}
}

func TestPrintVersion(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/onboard-chat/onboard",
		Version: "v0.0.0-20261207070000-abcdef123456"}}
	tests := []struct {
		name     string
		settings []debug.BuildSetting
		want     []string
	}{
		{"clean checkout", []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef1234567890"}, {Key: "vcs.time", Value: "2026-12-07T07:00:00Z"}},
			[]string{"onboard v0.0.0-20261207070000-abcdef123456", "revision: abcdef1234567890\n", "time:     2026-12-07T07:00:00Z", "go:       go1.26.8"}},
		{"uncommitted changes", []debug.BuildSetting{{Key: "vcs.revision", Value: "abcdef1234567890"}, {Key: "vcs.modified", Value: "true"}},
			[]string{"revision: abcdef1234567890 (with uncommitted changes)"}},
		{"no VCS information", nil, []string{"revision: unknown (built without VCS information)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := *info
			i.Settings = tt.settings
			var out bytes.Buffer
			if err := PrintVersion(&out, &i, true); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("got\n%s\nwant it to contain %q", out.String(), w)
				}
			}
		})
	}
	var out bytes.Buffer
	if err := PrintVersion(&out, nil, false); err != nil || !strings.Contains(out.String(), "no build information") {
		t.Errorf("without build info: got %q, %v", out.String(), err)
	}
}
