//go:build slow

package playground_test

// The playground in a real browser (Debian's chromium, driven by
// chromedp): the whole demo — Onboard, its database and jobs, chatfake —
// runs in this process, and the browser uses the page as a person would.
// Slow (a browser and the demo start), so behind the slow build tag:
//
//	go test -tags slow ./internal/playground/
//	go test -tags slow ./internal/playground/ -run Browser -update-screenshot   # rewrite docs/playground.png
//
// Without chromium it is skipped, saying so — except in CI (CI=true),
// where a missing browser fails the run. The screenshot wants a font with
// Traditional Chinese for the language switch (Debian: fonts-wqy-microhei);
// the test itself reads text, not pixels, and needs none.

import (
	"context"
	"flag"
	"log/slog"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/onboard-chat/onboard/internal/app"
	"github.com/onboard-chat/onboard/internal/config"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/playground.png from the browser test")

const screenshotPath = "../../docs/playground.png"

func TestBrowser(t *testing.T) {
	browser := newBrowser(t)
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // the demo's state file
	base := runDemo(t)

	t.Run("invite and undo", func(t *testing.T) {
		inviteAndUndo(t, browser, base)
	})
	t.Run("Traditional Chinese", func(t *testing.T) {
		run(t, browser,
			chromedp.Click(chromedp.CSS(`button.lang[value="zh-TW"]`)),
			chromedp.WaitVisible(chromedp.CSS(`html[lang="zh-Hant-TW"]`)))
		for sel, want := range map[string]string{"#send": "傳送", ".side h2": "成員", ".spaces h2": "聊天室",
			".demo-note": "僅供示範：在本機模擬 Google Chat，未與 Google 連結。"} {
			if got := get(t, browser, chromedp.Text(chromedp.CSS(sel))); got != want {
				t.Errorf("%s reads %q, want %q", sel, got, want)
			}
		}
	})
	t.Run("dialog", func(t *testing.T) {
		dialog(t, browser, base)
	})
}

// inviteAndUndo: sam types /invite @alice in Platform Team (picking Alice
// from the mention list), sees the result card and Alice join, clicks
// Undo and sees her leave and the card say it was undone, without Undo.
func inviteAndUndo(t *testing.T, browser context.Context, base string) {
	alice := `#members li[data-email="alice@example.com"]`
	run(t, browser,
		chromedp.Navigate(base+"/playground?as=sam&space=AAAAonbrd01&lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`#members li[data-email="sam@example.com"]`)),
		chromedp.SendKeys(chromedp.CSS(`#text`), "/invite @ali"),
		chromedp.Click(chromedp.CSS(`#mentions .mention-choice[data-email="alice@example.com"]`)))
	if typed := get(t, browser, chromedp.Value(chromedp.CSS(`#text`))); typed != "/invite @Alice Ng " {
		t.Errorf("after picking Alice the box reads %q", typed)
	}
	run(t, browser,
		chromedp.Click(chromedp.CSS(`#send`)),
		chromedp.WaitVisible(`//article[contains(@class,"from-app")]//div[@class="card-title"][.="Invite results"]`),
		chromedp.WaitVisible(`//article[contains(@class,"from-app")]//div[@class="dt-text"][.="Alice Ng"]`),
		chromedp.WaitVisible(chromedp.CSS(alice+`[data-state="JOINED"]`)))
	if *updateScreenshot {
		screenshot(t, browser)
	}
	run(t, browser,
		chromedp.Click(`//article[contains(@class,"from-app")]//button[.="Undo"]`),
		chromedp.WaitNotPresent(chromedp.CSS(alice)),
		chromedp.WaitVisible(`//div[@class="card-title"][.="Undone"]`),
		chromedp.WaitNotPresent(`//article[contains(@class,"from-app")]//button[.="Undo"]`))
}

// dialog drives Onboard's own invite dialog, on a page in Traditional
// Chinese: a bare /invite offers it; its button opens it with the people
// picker; an entry that is not a person keeps it open with Onboard's
// reason; picking Alice and Bob and submitting closes it with what was
// done, they join (Bob is invited), and the result Onboard posts through
// the API appears in the space.
func dialog(t *testing.T, browser context.Context, base string) {
	// The page is in Traditional Chinese, and so is Onboard: Chat sends
	// the page's language as the person's common.userLocale.
	submit := `//dialog[@id="dialog"]//button[.="邀請"]`
	addresses := chromedp.CSS(`#dialog textarea[name="addresses"]`)
	run(t, browser,
		chromedp.Navigate(base+"/playground?as=sam&space=AAAAonbrd01&lang=zh-TW"),
		chromedp.WaitVisible(chromedp.CSS(`#members li[data-email="sam@example.com"]`)),
		chromedp.SendKeys(chromedp.CSS(`#text`), "/invite"),
		chromedp.Click(chromedp.CSS(`#send`)),
		chromedp.Click(`//button[.="邀請使用者…"]`),
		chromedp.WaitVisible(chromedp.CSS(`#dialog[open] [data-dialog]`)),
		chromedp.Click(chromedp.CSS(`#dialog input[value="users/222222222222222222222"]`)),
		chromedp.SendKeys(addresses, "tomorrow"),
		chromedp.Click(submit),
		chromedp.WaitVisible(`//p[@id="dialog-error"][starts-with(.,"以下項目不是使用者或電子郵件地址：tomorrow。")]`))
	if got := get(t, browser, chromedp.Text(chromedp.CSS(`#send`))); got != "傳送" {
		t.Errorf("with the dialog open the page's own words read %q, want 傳送", got)
	}
	run(t, browser,
		chromedp.SendKeys(addresses, strings.Repeat(kb.Backspace, len("tomorrow"))),
		chromedp.Click(chromedp.CSS(`#dialog input[value="users/333333333333333333333"]`)),
		chromedp.Click(submit),
		chromedp.WaitNotPresent(chromedp.CSS(`#dialog[open]`)),
		chromedp.WaitVisible(`//div[@id="toast"][starts-with(.,"完成：")]`),
		chromedp.WaitVisible(`//article[contains(@class,"from-app")]//div[@class="card-title"][.="邀請結果"]`),
		chromedp.WaitVisible(chromedp.CSS(`#members li[data-email="alice@example.com"][data-state="JOINED"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#members li[data-email="bob@example.com"][data-state="INVITED"]`)))
}

// newBrowser starts headless chromium with nothing that reaches the
// network on its own, and a profile of its own.
func newBrowser(t *testing.T) context.Context {
	path := findChromium()
	if path == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true and no chromium: the browser test must run in CI (apt-get install -y chromium)")
		}
		t.Skip("no chromium installed (apt-get install chromium): the browser test is skipped")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1360, 820))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// run runs actions in the browser, giving up after 30 seconds.
func run(t *testing.T, browser context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	get(t, browser, chromedp.Steps(steps...))
}

// get runs one action that reads something, giving up after 30 seconds.
func get[T any](t *testing.T, browser context.Context, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(browser, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		page, _ := chromedp.Run(browser, chromedp.OuterHTML(chromedp.CSS("body")))
		t.Fatalf("in the browser: %v\npage:\n%s", err, page)
	}
	return v
}

func screenshot(t *testing.T, browser context.Context) {
	png := get(t, browser, chromedp.CaptureScreenshot())
	if err := os.WriteFile(screenshotPath, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", screenshotPath, len(png))
}

// runDemo runs the demo (`go run .` with nothing configured) in this
// process until the test ends, and returns the address its banner gives
// for the playground.
func runDemo(t *testing.T) string {
	cfg, err := config.Load(func(k string) string { return map[string]string{"PORT": "0"}[k] })
	if err != nil || !cfg.Demo {
		t.Fatalf("config: demo %v, %v", cfg.Demo, err)
	}
	cfg.MetricsAddr = ""
	ctx, cancel := context.WithCancel(context.Background())
	banner := &bannerWatch{found: make(chan string, 1)}
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx, cfg, slog.New(slog.DiscardHandler), banner) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("the demo did not stop within 15 s")
		}
	})
	select {
	case base := <-banner.found:
		return base
	case err := <-done:
		t.Fatalf("the demo ended before it listened: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("the demo printed no banner within 60 s")
	}
	return ""
}

type bannerWatch struct {
	mu    sync.Mutex
	text  strings.Builder
	found chan string
}

var playgroundLine = regexp.MustCompile(`(http://127\.0\.0\.1:\d+)/playground`)

func (b *bannerWatch) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.text.Write(p)
	if m := playgroundLine.FindStringSubmatch(b.text.String()); m != nil {
		select {
		case b.found <- m[1]:
		default:
		}
	}
	return len(p), nil
}
