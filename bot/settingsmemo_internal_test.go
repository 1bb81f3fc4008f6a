package bot

import (
	"context"
	"testing"
)

// What one reader of the memo does to its copy, the next does not see;
// once the interaction is over the memo remembers nothing, so work that
// outlives it on a derived context reads afresh.
func TestSettingsMemo(t *testing.T) {
	ctx, memo := withSettingsMemo(context.Background())
	yes, five := true, 5
	memoOf(ctx).put("spaces/a", SpaceSettings{Space: "spaces/a", AllowedDomains: []string{"example.com"},
		PlansAllowed: &yes, PreviewOver: &five, Locale: "zh-TW"})
	got, ok := memoOf(ctx).get("spaces/a")
	if !ok || got.Locale != "zh-TW" {
		t.Fatalf("get after put: %+v, %v", got, ok)
	}
	got.AllowedDomains[0], *got.PlansAllowed, *got.PreviewOver = "evil.test", false, 0
	again, _ := memoOf(ctx).get("spaces/a")
	if again.AllowedDomains[0] != "example.com" || !*again.PlansAllowed || *again.PreviewOver != 5 {
		t.Errorf("a reader's change reached the memo: %+v", again)
	}
	if _, ok := memoOf(ctx).get("spaces/b"); ok {
		t.Error("a space never read is remembered")
	}

	memo.close()
	later := context.WithoutCancel(ctx)
	if _, ok := memoOf(later).get("spaces/a"); ok {
		t.Error("remembered after the interaction ended")
	}
	memoOf(later).put("spaces/a", SpaceSettings{})
	if _, ok := memoOf(later).get("spaces/a"); ok {
		t.Error("a closed memo took a new value")
	}
	if _, ok := memoOf(context.Background()).get("spaces/a"); ok {
		t.Error("a context without a memo remembered something")
	}
}
