package config

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
)

// The README's configuration table is the operator's contract: it lists
// every variable Load reads, in Variables' order, and the command-id
// default it shows is the one the code uses.
func TestREADMETableMatchesTheCode(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	defaults := map[string]string{}
	row := regexp.MustCompile("^\\| `([A-Z_]+)` \\|.*\\| (.*) \\|$")
	for _, line := range strings.Split(string(b), "\n") {
		if m := row.FindStringSubmatch(line); m != nil {
			names = append(names, m[1])
			defaults[m[1]] = m[2]
		}
	}
	if strings.Join(names, ",") != strings.Join(Variables, ",") {
		t.Errorf("README table lists\n %v\nwant (config.Variables)\n %v", names, Variables)
	}
	if want := "`" + bot.DefaultCommandIDs().String() + "`"; defaults["CHAT_COMMAND_IDS"] != want {
		t.Errorf("README's CHAT_COMMAND_IDS default %s, want %s", defaults["CHAT_COMMAND_IDS"], want)
	}
}
