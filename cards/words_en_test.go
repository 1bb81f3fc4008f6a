package cards

import "testing"

// english is the words of the default locale, as a reply without a locale
// gets them; t fails on any message that does not render.
func english(t testing.TB) *words {
	t.Helper()
	wd := newWords("", "")
	wd.heard = func(id msgID, err error) {
		if err != nil {
			t.Errorf("message %s: %v", id, err)
		}
	}
	return wd
}
