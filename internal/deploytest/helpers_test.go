package deploytest

import (
	"bufio"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// repoRoot is the repository root: tests run in internal/deploytest.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("repository root %s has no go.mod: %v", root, err)
	}
	return root
}

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// goMinor is go.mod's language version as major.minor ("1.26").
func goMinor(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^go (\d+)\.(\d+)`).FindStringSubmatch(readRepoFile(t, "go.mod"))
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	return m[1] + "." + m[2]
}

// lines yields the non-blank lines of s with comments removed. A "#" starts
// a comment at the line start or after a space, outside double quotes —
// enough for the YAML and Dockerfiles kept here.
func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		line := stripComment(sc.Text())
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}

func stripComment(line string) string {
	inQuote := false
	for i, r := range line {
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == '#' && !inQuote && (i == 0 || line[i-1] == ' '):
			return strings.TrimRight(line[:i], " ")
		}
	}
	return strings.TrimRight(line, " ")
}

// secretPatterns are shapes of credentials that must never be committed in a
// deployment file.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----`),
	regexp.MustCompile(`"?private_key(_id)?"?\s*:`),
	regexp.MustCompile(`AIza[0-9A-Za-z_-]{20,}`),                  // API key
	regexp.MustCompile(`ya29\.[0-9A-Za-z_-]+`),                    // OAuth access token
	regexp.MustCompile(`://[^/\s:@]+:[^/\s@]+@`),                  // password in a URL
	regexp.MustCompile(`(?i)(password|secret|token)\s*[:=]\s*\S`), // a named secret with a value
	regexp.MustCompile(`\.json\b`),                                // a key file path
}

func secretLike(s string) bool {
	for _, p := range secretPatterns {
		if p.MatchString(s) {
			return true
		}
	}
	return false
}

func TestSecretLike(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`CHAT_AUDIENCE: "https://onboard-abc-uc.a.run.app"`, false},
		{`INVITE_POLICY: "managers"`, false},
		{`value: PROJECT_ID`, false},
		{`GOOGLE_APPLICATION_CREDENTIALS: "/srv/sa.json"`, true},
		{`"private_key": "-----BEGIN PRIVATE KEY-----\nMIIE"`, true},
		{`DATABASE_URL: "postgres://onboard:hunter2@db/onboard"`, true},
		{`API_KEY: "AIzaSyA1234567890abcdefghijklmnopqrstuv"`, true},
		{`password: x`, true},
	}
	for _, tt := range tests {
		if got := secretLike(tt.in); got != tt.want {
			t.Errorf("secretLike(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
