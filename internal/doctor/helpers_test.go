package doctor

import (
	"bytes"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/internal/chatfake"
	"github.com/onboard-chat/onboard/internal/config"
	"github.com/onboard-chat/onboard/internal/store"
	"github.com/onboard-chat/onboard/internal/store/storetest"
	"github.com/onboard-chat/onboard/internal/testkeys"
)

// endpointURL is a URL audience that passes the audience check.
const endpointURL = "https://onboard-abc123-uc.a.run.app"

// allPass is every check passing, in order.
var allPass = []string{
	"✓ configuration valid",
	"✓ credentials load",
	"✓ access token for chat.app.memberships",
	"✓ access token for chat.bot",
	"✓ Chat API answers",
	"✓ app can list its spaces",
	"✓ admin approval",
	"✓ verification keys can be fetched",
	"✓ audience looks right",
	"✓ trusted callers",
	"✓ database connects",
	"✓ database schema is current",
	"✓ job queue tables present",
}

// newFake starts a chatfake on the example world; edit may change it.
func newFake(t *testing.T, edit func(*chatfake.World)) *chatfake.Server {
	t.Helper()
	w, err := chatfake.DefaultWorld()
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(w)
	}
	fake, err := chatfake.New(w, chatfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fake.Close() })
	return fake
}

// deployment is the environment of a server deployed against fake with a
// key file, trusting the fake project's add-on service agent, with a
// migrated SQLite database of its own.
func deployment(t *testing.T, fake *chatfake.Server) map[string]string {
	t.Helper()
	return map[string]string{
		"CHAT_AUDIENCE":                  endpointURL,
		"CHAT_API_ENDPOINT":              fake.URL + "/",
		"GOOGLE_APPLICATION_CREDENTIALS": writeKey(t, fake, nil),
		"GOOGLE_CERTS_URL":               fake.GoogleJWKURL(),
		"CHAT_CERTS_URL":                 fake.ChatX509URL(),
		"GOOGLE_CLOUD_PROJECT":           "onboard-prod",
		"CHAT_ADDON_SERVICE_ACCOUNT":     fake.AddonServiceAgent(),
		"DATABASE_URL":                   migratedDatabase(t, store.SQLite),
	}
}

// migratedDatabase is the URL of a new database of dialect d, migrated
// as the server leaves it, and closed again: the doctor opens its own.
func migratedDatabase(t *testing.T, d store.Dialect) string {
	t.Helper()
	u := storetest.URL(t, d)
	st, err := store.Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return u
}

// execSQL runs statements on the database at u, to put it in a state a
// test needs.
func execSQL(t *testing.T, u string, statements ...string) {
	t.Helper()
	st, err := store.Open(t.Context(), u)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, q := range statements {
		if _, err := st.DB().ExecContext(t.Context(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// doctorRun loads env as the server would and runs the doctor, returning
// what it printed.
func doctorRun(t *testing.T, env map[string]string) (string, error) {
	t.Helper()
	cfg, cerr := config.Load(func(k string) string { return env[k] })
	var out bytes.Buffer
	err := Run(t.Context(), cfg, &out, Options{ConfigErr: cerr})
	checkNoSecrets(t, out.String())
	return out.String(), err
}

// checkNoSecrets fails if out shows an access token or key material.
func checkNoSecrets(t *testing.T, out string) {
	t.Helper()
	for _, secret := range []string{"ya29.", "PRIVATE KEY", "private_key\":", "eyJ", "hunter2"} {
		if strings.Contains(out, secret) {
			t.Errorf("output shows %q:\n%s", secret, out)
		}
	}
}

// marks returns the "✓ name" (or ✗, !) of every check line, in order.
func marks(out string) []string {
	var got []string
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "✓ ") && !strings.HasPrefix(line, "✗ ") && !strings.HasPrefix(line, "! ") {
			continue
		}
		name, _, _ := strings.Cut(line, " — ")
		got = append(got, name)
	}
	return got
}

// with returns allPass with the named checks' marks replaced, e.g.
// with("✗ admin approval").
func with(changed ...string) []string {
	out := append([]string(nil), allPass...)
	for _, c := range changed {
		for i, p := range out {
			if checkName(p) == checkName(c) {
				out[i] = c
			}
		}
	}
	return out
}

// checkName drops the mark of "✓ name".
func checkName(s string) string {
	_, name, _ := strings.Cut(s, " ")
	return name
}

// lineOf returns the printed line of the named check with the indented
// lines (cause, fix, note) under it.
func lineOf(out, name string) string {
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if n, _, _ := strings.Cut(checkName(l), " — "); n != name {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.HasPrefix(lines[j], "    ") {
			j++
		}
		return strings.Join(lines[i:j], "\n")
	}
	return ""
}

// The key-file helpers live in internal/testkeys, shared with the other
// packages whose tests need broken credentials.
var (
	writeKey        = testkeys.WriteKey
	writeFile       = testkeys.WriteFile
	otherPrivateKey = testkeys.OtherPrivateKey
	closedURL       = testkeys.ClosedURL
)
