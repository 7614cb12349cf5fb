package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The console's browser helpers: a real headless Chromium (Debian's
// chromium, `make chromium`) driven by chromedp over the DevTools protocol.
// Tests of console pages use these and give what they touch an id.

// chromiumEnv names the Chromium executable. Set and wrong is a failure;
// unset, chromium on PATH is used and the test skips without one.
const chromiumEnv = "CAUSEWAY_CHROMIUM"

// stepTimeout bounds one browser step (a wait included).
const stepTimeout = 20 * time.Second

// browser is one headless Chromium tab on a server's console.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string // the console's URL
}

func chromiumBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(chromiumEnv); p != "" {
		if err := executable(p); err != nil {
			t.Fatalf("%s=%s: %v", chromiumEnv, p, err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skipf("no chromium: %s is unset and none is on PATH (run `make chromium`, or use `make test`)", chromiumEnv)
	return ""
}

// newBrowser starts Chromium (headless, no sandbox: the tests run as
// root) for s's console; it stops when the test ends. confirm() dialogs
// are accepted.
func newBrowser(t *testing.T, s *server) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumBinary(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 860),
		chromedp.UserDataDir(t.TempDir()),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first call starts the browser, whose life is its context's:
	// no timeout on it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return &browser{t: t, ctx: ctx, base: s.url("/console/")}
}

// void drops an action's value, to run it among other steps.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

// waitJS waits until the JavaScript expression is true.
func waitJS(js string) chromedp.Action[chromedp.Void] {
	return void(chromedp.Poll[bool](js, chromedp.WithPollingTimeout(stepTimeout)))
}

// run runs actions within stepTimeout; on failure it saves a screenshot
// and fails the test with the banner's text, if any.
func (b *browser) run(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		shot := b.screenshot("failed-" + safeName(b.t.Name()))
		b.t.Fatalf("%s: %v\nbanner: %q\nscreenshot: %s", what, err, b.textOf("#banner"), shot)
	}
}

// goTo opens a console page: #/name?query. It does not wait for the page's
// data (or for the shell: a refused token shows the login page instead);
// wait for what the test expects to see.
func (b *browser) goTo(name string, query url.Values) {
	b.t.Helper()
	u := b.base + "#/" + name
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	// On the console already, only the fragment changes: a same-document
	// navigation has no load event for Navigate to wait for, so set it as
	// a link would.
	js := fmt.Sprintf(`(() => {
		if (!location.href.startsWith(%q)) return false;
		location.href = %q;
		return true;
	})()`, b.base, u)
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if inPage, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && inPage {
		b.run("open "+u, chromedp.WaitVisible(chromedp.CSS("#app > *")))
		return
	}
	b.run("open "+u, chromedp.Navigate(u), chromedp.WaitVisible(chromedp.CSS("#app > *")))
}

// open opens the console's first page (the login page when logged out).
func (b *browser) open() {
	b.t.Helper()
	b.run("open "+b.base, chromedp.Navigate(b.base), chromedp.WaitVisible(chromedp.CSS("#app > *")))
}

// login opens the console and logs in through its login page.
func (b *browser) login(username, password string) {
	b.t.Helper()
	b.run("open the login page", chromedp.Navigate(b.base), chromedp.WaitVisible(chromedp.CSS("#login")))
	b.setValue(`#login input[name="username"]`, username)
	b.setValue(`#login input[name="password"]`, password)
	b.run("log in", chromedp.Click(chromedp.CSS(`#login button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("nav")))
}

// setValue types value into an input, textarea or select the way a user
// does, so that the page's input and change handlers see it.
func (b *browser) setValue(sel, value string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el) return false;
		const proto = Object.getPrototypeOf(el);
		Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, %q);
		el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return true;
	})()`, sel, value)
	b.run("set "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), waitJS(js))
}

// click clicks the element sel finds, once it is visible and enabled. The
// click is the element's own (el.click()), not a mouse event at its
// coordinates: those are read first and go stale when content loading
// above the element moves it, and the click then lands beside it.
func (b *browser) click(sel string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		if (!el || el.disabled) return false;
		el.click();
		return true;
	})()`, sel)
	b.run("click "+sel, chromedp.WaitVisible(chromedp.CSS(sel)), waitJS(js))
}

// clickButton clicks the button inside scope whose label is text.
func (b *browser) clickButton(scope, text string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
		const root = document.querySelector(%q);
		const btn = root && [...root.querySelectorAll('button')].find((x) => x.innerText.trim() === %q && !x.disabled);
		if (btn) btn.click();
		return !!btn;
	})()`, scope, text)
	b.run(fmt.Sprintf("click the button %q in %s", text, scope),
		waitJS(js))
}

// waitText waits until the element sel finds shows text.
func (b *browser) waitText(sel, text string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); return !!el && el.innerText.includes(%q); })()`, sel, text)
	b.run(fmt.Sprintf("wait for %q in %s", text, sel), waitJS(js))
}

// waitGone waits until the element sel finds no longer shows text.
func (b *browser) waitGone(sel, text string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); return !el || !el.innerText.includes(%q); })()`, sel, text)
	b.run(fmt.Sprintf("wait for %q to leave %s", text, sel), waitJS(js))
}

// waitValue waits until the input, textarea or select sel finds holds value.
func (b *browser) waitValue(sel, value string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); return !!el && el.value === %q; })()`, sel, value)
	b.run(fmt.Sprintf("wait for %s to hold %q", sel, value), waitJS(js))
}

// setSessionToken replaces the token the console keeps for the tab.
func (b *browser) setSessionToken(token string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => {
		const s = JSON.parse(sessionStorage.getItem('causeway.session') || '{}');
		s.token = %q;
		sessionStorage.setItem('causeway.session', JSON.stringify(s));
		return true;
	})()`, token)
	b.run("set the session token", waitJS(js))
}

// textOf answers the text of the element sel finds, "" when there is none.
func (b *browser) textOf(sel string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); return el ? el.innerText : ''; })()`, sel)
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](js))
	return s
}

// screenshot saves the whole page as build/console-screenshots/NAME.png
// (test artifacts, kept after the run) and answers the path.
func (b *browser) screenshot(name string) string {
	b.t.Helper()
	dir := filepath.Join(moduleRoot(), "build", "console-screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", p)
	return p
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == ' ' {
			return '_'
		}
		return r
	}, s)
}
