package e2e

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/pbx/store/sqlite"
)

// artifactDir is where a test leaves screenshots and downloads:
// $DIALTONE_TEST_ARTIFACTS/TEST when set, else the test's artifact
// directory (kept under -outputdir with go test -artifacts).
func artifactDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("DIALTONE_TEST_ARTIFACTS"); d != "" {
		dir := filepath.Join(d, strings.ReplaceAll(t.Name(), "/", "_"))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	return t.ArtifactDir()
}

// pageLog collects what goes wrong inside the page: uncaught exceptions
// and console errors (a Content-Security-Policy refusal is one).
type pageLog struct {
	mu   sync.Mutex
	errs []string
}

func (l *pageLog) add(s string) {
	l.mu.Lock()
	l.errs = append(l.errs, s)
	l.mu.Unlock()
}

func (l *pageLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.errs...)
}

// newBrowser starts headless Debian Chromium with the lab's flags, as root
// (--no-sandbox) with its own profile directory.
func newBrowser(t *testing.T) (context.Context, *pageLog) {
	t.Helper()
	bin := needBinary(t, "chromium")
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })

	log := &pageLog{}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	console := chromedp.Console(ctx)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			log.add(fmt.Sprintf("exception: %s", ev.ExceptionDetails.Text))
		}
	}()
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == "error" {
				log.add("console: " + m.String())
			}
		}
	}()
	// Start the browser now, so a missing library fails here, clearly.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, log
}

// shot saves a full-page screenshot as NAME.png.
func shot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// An office manager's first session, in a real browser against the real
// binary: log in, create an extension, see it listed, register a real
// phone (baresip) with it and watch it appear on the dashboard without a
// reload, export the call records as CSV, and visit every page.
func TestBrowserAdminUI(t *testing.T) {
	needBinary(t, "baresip")
	n := newNode(t)
	n.mustCLI("admin", "add", "office", "--password", "office-password-1", "--role", "admin")
	s := n.serve()
	base := "http://" + n.http
	dir := artifactDir(t)
	t.Logf("screenshots in %s", dir)

	// A few call records, written with the store as the call code will.
	st, err := sqlite.Open(context.Background(), filepath.Join(n.dataDir, "dialtone.db"))
	must(t, "open store", err)
	now := time.Now()
	for i, d := range []string{store.DispositionAnswered, store.DispositionNoAnswer, store.DispositionBusy} {
		start := now.Add(-time.Duration(3-i) * 20 * time.Minute)
		c := store.CDR{ID: fmt.Sprintf("e2e-%d", i), Node: "e2e", CallID: fmt.Sprintf("call-%d@e2e", i), StartedAt: start,
			EndedAt: start.Add(40 * time.Second), Duration: 40 * time.Second, CallerNumber: "201", CallerName: "Reception",
			CalleeNumber: fmt.Sprintf("+1555000%04d", i), Disposition: d}
		if d == store.DispositionAnswered {
			c.AnsweredAt, c.Billable, c.CodecA, c.CodecB = start.Add(5*time.Second), 35*time.Second, "PCMU", "PCMU"
			c.PacketsA, c.PacketsB, c.LostA, c.JitterA, c.MOSA, c.MOSB = 1750, 1750, 3, 2*time.Millisecond, 4.3, 4.3
		}
		must(t, "insert CDR", st.InsertCDR(context.Background(), c))
	}
	st.Close()

	ctx, plog := newBrowser(t)

	// Log in.
	must(t, "login page", chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("f-username"))))
	shot(t, ctx, dir, "01-login")
	must(t, "log in", chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("f-username"), "office"),
		chromedp.SendKeys(chromedp.ID("f-password"), "office-password-1"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("phones-body")),
	))
	shot(t, ctx, dir, "02-dashboard")

	// Create an extension; its generated SIP password is shown once.
	must(t, "new extension form", chromedp.Do(ctx,
		chromedp.Navigate(base+"/extensions"),
		chromedp.WaitVisible(chromedp.ID("new-extension")),
		chromedp.Click(chromedp.ID("new-extension")),
		chromedp.WaitVisible(chromedp.ID("f-number")),
		chromedp.SendKeys(chromedp.ID("f-number"), "2x"),
	))
	// The browser checks the form before sending it (the server checks again).
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!document.getElementById("f-number").checkValidity()`))
	if err != nil || !bad {
		t.Fatalf("the browser accepts extension number 2x: %v", err)
	}
	must(t, "fill form", chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`document.getElementById("f-number").value = ""`),
		chromedp.SendKeys(chromedp.ID("f-number"), "201"),
		chromedp.SendKeys(chromedp.ID("f-name"), "Reception"),
		chromedp.SendKeys(chromedp.ID("f-voicemail_pin"), "2468"),
	))
	shot(t, ctx, dir, "03-extension-new")
	must(t, "create extension", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#extension-form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("sip-password")),
	))
	password, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("sip-password")))
	must(t, "read password", err)
	if !regexp.MustCompile(`^[A-Z2-7]{20}$`).MatchString(password) {
		t.Fatalf("generated password %q", password)
	}
	shot(t, ctx, dir, "04-extension-created")

	// See it in the list.
	must(t, "extension list", chromedp.Do(ctx,
		chromedp.Navigate(base+"/extensions"),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-number="201"]`)),
	))
	row, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`tr[data-number="201"]`)))
	must(t, "read row", err)
	if !strings.Contains(row, "Reception") || !strings.Contains(row, "enabled") {
		t.Fatalf("extension row %q", row)
	}
	shot(t, ctx, dir, "05-extensions")

	// The dashboard, live: mark the page, register a real phone, and wait
	// for its row on the same page.
	must(t, "dashboard", chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("phones-body")),
	))
	live, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.getElementById("live-status").textContent === "Live"`,
		chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil || !live {
		t.Fatalf("live stream not connected: %v", err)
	}
	must(t, "mark page", chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.dialtoneNoReload = 42`)))
	if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('#phones-body tr[data-key^="201 "]')`)); has {
		t.Fatal("phone listed before it registered")
	}
	p := startPhone(t, fmt.Sprintf("<sip:201@%s;transport=udp>;auth_pass=%s;regint=60", n.sip, password), "")
	appeared, err := chromedp.Run(ctx, chromedp.Poll[bool](
		`!!document.querySelector('#phones-body tr[data-key^="201 "]') && window.dialtoneNoReload === 42`,
		chromedp.WithPollingTimeout(30*time.Second), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil || !appeared {
		t.Fatalf("registered phone not shown on the dashboard without reload: %v\nbaresip:\n%s\nserver:\n%s", err, p.output(), s.output())
	}
	count, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("phone-count")))
	must(t, "phone count", err)
	if count != "1" {
		t.Fatalf("phone count %q", count)
	}
	ua, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#phones-body tr[data-key^="201 "]`)))
	must(t, "phone row", err)
	if !strings.Contains(ua, "baresip") {
		t.Fatalf("phone row %q", ua)
	}
	shot(t, ctx, dir, "06-dashboard-live")

	// The extension's page: softphone settings with a QR code, the phone.
	must(t, "extension page", chromedp.Do(ctx,
		chromedp.Navigate(base+"/extensions/201"),
		chromedp.WaitVisible(chromedp.CSS("svg.qr")),
	))
	shot(t, ctx, dir, "07-extension-edit")
	must(t, "registrations", chromedp.Do(ctx, chromedp.Navigate(base+"/registrations"), chromedp.WaitVisible(chromedp.CSS("main table"))))
	regs, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main table")))
	must(t, "registrations text", err)
	if !strings.Contains(regs, "201") || !strings.Contains(regs, "baresip") {
		t.Fatalf("registrations page %q", regs)
	}
	shot(t, ctx, dir, "08-registrations")

	// Export the call records as CSV, as a download.
	downloads := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	must(t, "call records", chromedp.Do(ctx,
		chromedp.Navigate(base+"/cdrs"),
		chromedp.WaitVisible(chromedp.ID("export-csv")),
	))
	shot(t, ctx, dir, "09-cdrs")
	yes := true
	must(t, "download", chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: &yes})
			return err
		}),
		chromedp.Click(chromedp.ID("export-csv")),
	))
	var file string
	for ev, err := range progress {
		must(t, "download progress", err)
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("CSV download canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(downloads, ev.GUID)
			break
		}
	}
	body, err := os.ReadFile(file)
	must(t, "read CSV", err)
	must(t, "save CSV", os.WriteFile(filepath.Join(dir, "cdrs.csv"), body, 0o644))
	rows, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	must(t, "parse CSV", err)
	if len(rows) != 4 || rows[0][0] != "id" || rows[1][0] != "e2e-2" || rows[3][10] != "ANSWERED" || rows[3][23] != "4.30" {
		t.Fatalf("CSV rows %v", rows)
	}

	// Every other page, and two on a phone-sized screen.
	for i, pg := range []struct{ path, sel string }{
		{"/bans", "#bans"}, {"/audit", "#audit"}, {"/settings", "#h-general"}, {"/tokens", "#tokens"},
	} {
		must(t, pg.path, chromedp.Do(ctx, chromedp.Navigate(base+pg.path), chromedp.WaitVisible(chromedp.CSS(pg.sel))))
		shot(t, ctx, dir, fmt.Sprintf("%02d-%s", 10+i, strings.TrimPrefix(pg.path, "/")))
	}
	must(t, "audit", chromedp.Do(ctx, chromedp.Navigate(base+"/audit"), chromedp.WaitVisible(chromedp.ID("audit"))))
	text, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("audit")))
	must(t, "audit text", err)
	if !strings.Contains(text, "ext.add") || !strings.Contains(text, "office") || !strings.Contains(text, "127.0.0.1") {
		t.Fatalf("audit log %q", text)
	}
	must(t, "phone size", chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("phones-body")),
	))
	shot(t, ctx, dir, "14-dashboard-phone")
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	must(t, "measure", err)
	if wide {
		t.Error("the dashboard scrolls sideways on a phone-sized screen")
	}
	must(t, "extensions on a phone", chromedp.Do(ctx, chromedp.Navigate(base+"/extensions/201"), chromedp.WaitVisible(chromedp.CSS("svg.qr"))))
	shot(t, ctx, dir, "15-extension-phone")
	wide, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
	must(t, "measure", err)
	if wide {
		t.Error("the extension page scrolls sideways on a phone-sized screen")
	}

	// Log out: the dashboard asks for a login again.
	must(t, "log out", chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
		chromedp.WaitVisible(chromedp.ID("f-username")),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("f-username")),
	))
	if errs := plog.list(); len(errs) > 0 {
		t.Fatalf("errors in the page:\n%s", strings.Join(errs, "\n"))
	}
}
