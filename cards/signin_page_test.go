package cards_test

import (
	"strings"
	"testing"

	"github.com/onboard-chat/onboard/bot"
	"github.com/onboard-chat/onboard/cards"
)

// The sign-in page says what happened in plain words and never shows
// anything but the catalog's text.
func TestSignInPageWords(t *testing.T) {
	for o, want := range map[bot.SignInOutcome]string{
		bot.SignInConnected:    "click the button again",
		bot.SignInDenied:       "nothing changed",
		bot.SignInLinkExpired:  "10 minutes",
		bot.SignInWrongAccount: "nothing was connected",
		bot.SignInFailed:       "nothing was stored",
	} {
		page := string(cards.SignInPage(o, true, "en-US"))
		if !strings.Contains(page, want) || !strings.Contains(page, `<html lang="en">`) {
			t.Errorf("%s page lacks %q:\n%s", o, want, page)
		}
	}
	if page := string(cards.SignInPage(bot.SignInConnected, false, "")); !strings.Contains(page, "does not connect Google accounts") {
		t.Errorf("a deployment without OAuth: %s", page)
	}
}
