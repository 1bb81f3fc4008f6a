package grantscli

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/cli"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
)

// list shows who is connected, with what and under which key — and no
// token (run checks the output for secrets).
func TestListShowsWhoNotWhat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		d := newDeployment(t, dialect)
		out, _, err := d.run("list")
		if err != nil || out != "Nobody has connected a Google account.\n" {
			t.Errorf("list with nobody connected: %q, %v", out, err)
		}
		key := d.env["TOKEN_ENCRYPTION_KEY"]
		d.connect(key, sam, "sam@example.com")
		d.connect(key, alice, "alice@example.com")
		out, _, err = d.run("list")
		if err != nil {
			t.Fatalf("list: %v\n%s", err, out)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[0], "USER") || lines[3] != "2 connected accounts." {
			t.Fatalf("list: got\n%s\nwant a header, two people and a count", out)
		}
		for i, who := range []string{sam + " sam@example.com", alice + " alice@example.com"} {
			row := strings.Join(strings.Fields(lines[i+1]), " ")
			for _, want := range []string{who, "email chat.memberships chat.memberships.app cloud-identity.groups.readonly openid",
				" UTC", keyID(t, key) + " (current)"} {
				if !strings.Contains(row, want) {
					t.Errorf("row %q lacks %q", lines[i+1], want)
				}
			}
		}
	})
}

// revoke --user revokes at Google (the fake's consent is dead) and
// deletes the grant here; anyone else stays connected.
func TestRevokeOnePerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		d := newDeployment(t, dialect)
		key := d.env["TOKEN_ENCRYPTION_KEY"]
		d.connect(key, sam, "sam@example.com")
		d.connect(key, alice, "alice@example.com")
		out, _, err := d.run("revoke", "--user", sam)
		if err != nil || !strings.Contains(out, sam+" sam@example.com: revoked at Google and deleted.") {
			t.Fatalf("revoke --user %s: %q, %v", sam, out, err)
		}
		if got := d.grants(); !slices.Equal(got, []string{alice}) {
			t.Errorf("grants here after revoking sam: %v, want alice's only", got)
		}
		if got := d.liveAtGoogle(); !slices.Equal(got, []string{alice}) {
			t.Errorf("consents live at Google: %v, want alice's only", got)
		}
		// By address, and then nothing left to do.
		if out, _, err := d.run("revoke", "--user", "Alice@Example.com"); err != nil || !strings.Contains(out, "revoked at Google") {
			t.Errorf("revoke by address: %q, %v", out, err)
		}
		if out, _, err := d.run("revoke", "--user", alice); err != nil || !strings.Contains(out, "nothing to revoke") {
			t.Errorf("revoke again: %q, %v; want nothing to do", out, err)
		}
		if len(d.grants())+len(d.liveAtGoogle()) != 0 {
			t.Errorf("left: here %v, at Google %v", d.grants(), d.liveAtGoogle())
		}
	})
}

// revoke --all without --yes only says who would go; with it, everyone
// is revoked at Google and here.
func TestRevokeAllNeedsYes(t *testing.T) {
	d := newDeployment(t, store.SQLite)
	key := d.env["TOKEN_ENCRYPTION_KEY"]
	d.connect(key, sam, "sam@example.com")
	d.connect(key, alice, "alice@example.com")
	out, _, err := d.run("revoke", "--all")
	if err == nil || cli.ExitCode(err) != 1 || !strings.Contains(err.Error(), "--yes") {
		t.Errorf("revoke --all: %v, want a failure asking for --yes", err)
	}
	for _, want := range []string{"Would revoke 2 connected accounts", sam + " sam@example.com", alice, "Nothing was changed."} {
		if !strings.Contains(out, want) {
			t.Errorf("preview lacks %q:\n%s", want, out)
		}
	}
	if len(d.grants()) != 2 || len(d.liveAtGoogle()) != 2 {
		t.Fatalf("the preview changed something: here %v, at Google %v", d.grants(), d.liveAtGoogle())
	}
	out, _, err = d.run("revoke", "--all", "--yes")
	if err != nil || !strings.Contains(out, "Revoked 2 of 2 connected accounts.") {
		t.Errorf("revoke --all --yes: %q, %v", out, err)
	}
	if len(d.grants())+len(d.liveAtGoogle()) != 0 {
		t.Errorf("left: here %v, at Google %v", d.grants(), d.liveAtGoogle())
	}
}

// When Google cannot be reached the grant is still deleted here, and the
// operator is told to have the person remove the access themselves.
func TestRevokeWhenGoogleIsDown(t *testing.T) {
	d := newDeployment(t, store.SQLite)
	d.connect(d.env["TOKEN_ENCRYPTION_KEY"], sam, "sam@example.com")
	d.env["GOOGLE_OAUTH_REVOKE_URL"] = "http://127.0.0.1:1/revoke"
	out, _, err := d.run("revoke", "--user", sam)
	if err == nil || cli.ExitCode(err) != 1 {
		t.Errorf("revoke with Google down: %v, want exit 1", err)
	}
	if !strings.Contains(out, "deleted here, but Google did not confirm") || !strings.Contains(out, "myaccount.google.com") {
		t.Errorf("output:\n%s\nwant it to say what happened and what the person can do", out)
	}
	if len(d.grants()) != 0 {
		t.Errorf("grants here: %v, want none", d.grants())
	}
}

// A key rotation: grants sealed with the old key are re-sealed with the
// new one; one sealed with a key nobody configured is named and kept.
func TestRekeyAfterRotation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dialect store.Dialect) {
		d := newDeployment(t, dialect)
		oldKey, newKeyValue, lostKey := d.env["TOKEN_ENCRYPTION_KEY"], newKey(t), newKey(t)
		d.connect(oldKey, sam, "sam@example.com")
		d.connect(lostKey, alice, "alice@example.com")
		d.env["TOKEN_ENCRYPTION_KEY"], d.env["TOKEN_ENCRYPTION_KEY_PREVIOUS"] = newKeyValue, oldKey

		out, _, _ := d.run("list")
		for _, want := range []string{keyID(t, oldKey) + " (previous: run rekey)", keyID(t, lostKey) + " (not configured: cannot be opened)"} {
			if !strings.Contains(out, want) {
				t.Errorf("list before rekey lacks %q:\n%s", want, out)
			}
		}
		out, _, err := d.run("rekey")
		if err == nil || cli.ExitCode(err) != 1 {
			t.Errorf("rekey with a grant it cannot open: %v, want exit 1", err)
		}
		for _, want := range []string{"Re-sealed 1 grant with the current key " + keyID(t, newKeyValue),
			"Could not open 1 grant (left as sealed):", alice + ": oauth: sealed with a key that is not configured"} {
			if !strings.Contains(out, want) {
				t.Errorf("rekey output lacks %q:\n%s", want, out)
			}
		}
		// Sam's grant now opens with the new key alone: it still works at Google.
		d.env["TOKEN_ENCRYPTION_KEY_PREVIOUS"] = ""
		ts, err := d.flowWithKey(newKeyValue).TokenSource(t.Context(), sam)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ts.Token(); err != nil {
			t.Errorf("sam's re-sealed grant: %v", err)
		}
		if out, _, _ := d.run("list"); !strings.Contains(out, keyID(t, newKeyValue)+" (current)") {
			t.Errorf("list after rekey:\n%s\nwant sam's grant under the current key", out)
		}
	})
}

func TestRekeyNothingToDo(t *testing.T) {
	d := newDeployment(t, store.SQLite)
	d.connect(d.env["TOKEN_ENCRYPTION_KEY"], sam, "sam@example.com")
	out, _, err := d.run("rekey")
	if err != nil || !strings.HasPrefix(out, "Re-sealed 0 grants with the current key") {
		t.Errorf("rekey: %q, %v", out, err)
	}
}

// The configuration is checked before anything is opened, and every
// problem is named at once — never with a key's value.
func TestConfigurationProblems(t *testing.T) {
	d := newDeployment(t, store.SQLite)
	shortKey := "c2hvcnQ="
	d.env["OAUTH_CLIENT_SECRET"], d.env["TOKEN_ENCRYPTION_KEY"] = "", shortKey
	d.env["GOOGLE_OAUTH_REVOKE_URL"] = "revoke"
	_, _, err := d.run("list")
	if err == nil || cli.ExitCode(err) != 1 {
		t.Fatalf("list: %v, want a configuration error", err)
	}
	for _, want := range []string{"OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET are required", "TOKEN_ENCRYPTION_KEY: the key is 5 bytes",
		`GOOGLE_OAUTH_REVOKE_URL="revoke"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
	if strings.Contains(err.Error(), shortKey) {
		t.Errorf("the error repeats the key: %v", err)
	}
	// An SQLite file that is not there is not made on the spot.
	d = newDeployment(t, store.SQLite)
	d.env["DATABASE_URL"] = "sqlite:" + t.TempDir() + "/nowhere.db"
	if _, _, err := d.run("list"); err == nil || !strings.Contains(err.Error(), "set DATABASE_URL to the deployment's database") {
		t.Errorf("list on a missing database: %v", err)
	}
}

func TestCommandLine(t *testing.T) {
	d := newDeployment(t, store.SQLite)
	for _, tt := range []struct {
		args []string
		code int
	}{
		{[]string{"-h"}, 0}, {[]string{"list", "-h"}, 0}, {[]string{"revoke", "--help"}, 0},
		{nil, 2}, {[]string{"remove"}, 2}, {[]string{"revoke"}, 2}, {[]string{"revoke", "--all", "--user", sam}, 2},
		{[]string{"list", "extra"}, 2}, {[]string{"rekey", "--force"}, 2},
	} {
		_, _, err := d.run(tt.args...)
		if got := cli.ExitCode(err); got != tt.code {
			t.Errorf("grants %q: exit %d (%v), want %d", tt.args, got, err, tt.code)
		}
		if tt.code == 0 && !errors.Is(err, cli.ErrHelp) {
			t.Errorf("grants %q: %v, want help", tt.args, err)
		}
	}
}

// Erasing a person (`onboard audit erase --person`) revokes the Google
// account they connected, found by address or name, at Google and here;
// without the OAuth settings it says what it could not do.
func TestRevokePersonForErasure(t *testing.T) {
	d := newDeployment(t, store.SQLite)
	d.connect(d.env["TOKEN_ENCRYPTION_KEY"], sam, "sam@example.com")
	d.connect(d.env["TOKEN_ENCRYPTION_KEY"], alice, "alice@example.com")
	var out bytes.Buffer
	if err := RevokePerson(t.Context(), "Sam@Example.com", func(k string) string { return d.env[k] }, &out, &out); err != nil {
		t.Fatal(err)
	}
	if got := d.grants(); len(got) != 1 || got[0] != alice {
		t.Errorf("grants left %v, want alice's only", got)
	}
	if live := d.liveAtGoogle(); len(live) != 1 || live[0] != alice {
		t.Errorf("live at Google %v, want alice's only", live)
	}
	out.Reset()
	if err := RevokePerson(t.Context(), alice, func(string) string { return "" }, &out, &out); err != nil ||
		!strings.Contains(out.String(), "not revoked at Google") {
		t.Errorf("without OAuth settings: %v %q", err, out.String())
	}
}
