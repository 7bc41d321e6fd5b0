package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// optionsResponder is a trunk's SIP server reduced to what the OPTIONS
// pinger needs: it answers each OPTIONS on UDP with 200 (RFC 3261 §11.2).
type optionsResponder struct {
	conn  *net.UDPConn
	pings atomic.Int64
	done  chan struct{}
}

// startOptionsResponder listens on a loopback UDP port until the test ends.
func startOptionsResponder(t *testing.T) *optionsResponder {
	t.Helper()
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	must(t, "listen UDP", err)
	r := &optionsResponder{conn: conn, done: make(chan struct{})}
	go r.serve()
	t.Cleanup(func() {
		conn.Close()
		select {
		case <-r.done:
		case <-time.After(5 * time.Second):
			t.Error("OPTIONS responder did not stop")
		}
	})
	return r
}

func (r *optionsResponder) port() int { return r.conn.LocalAddr().(*net.UDPAddr).Port }

func (r *optionsResponder) serve() {
	defer close(r.done)
	buf := make([]byte, 65535)
	for {
		n, from, err := r.conn.ReadFromUDP(buf)
		if err != nil {
			return // closed by the test's cleanup
		}
		msg := string(buf[:n])
		if !strings.HasPrefix(msg, "OPTIONS ") {
			continue
		}
		r.pings.Add(1)
		_, _ = r.conn.WriteToUDP([]byte(optionsOK(msg)), from)
	}
}

// optionsOK is the 200 to an OPTIONS request: its Via, From, To, Call-ID
// and CSeq copied (RFC 3261 §8.2.6.2), a tag added to To.
func optionsOK(req string) string {
	head, _, _ := strings.Cut(req, "\r\n\r\n")
	full := map[string]string{"v": "Via", "f": "From", "t": "To", "i": "Call-ID"}
	var b strings.Builder
	b.WriteString("SIP/2.0 200 OK\r\n")
	for _, line := range strings.Split(head, "\r\n")[1:] {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if f, ok := full[strings.ToLower(name)]; ok {
			name = f
		}
		switch strings.ToLower(name) {
		case "to":
			if !strings.Contains(strings.ToLower(value), ";tag=") {
				value += ";tag=e2e-trunk"
			}
			fallthrough
		case "via", "from", "call-id", "cseq":
			fmt.Fprintf(&b, "%s: %s\r\n", name, value)
		}
	}
	b.WriteString("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\nContent-Length: 0\r\n\r\n")
	return b.String()
}

// acceptDialogs accepts every confirm() the page opens and keeps its text.
func acceptDialogs(ctx context.Context) func() []string {
	var (
		mu   sync.Mutex
		msgs []string
	)
	opening := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range opening {
			if err != nil {
				return
			}
			mu.Lock()
			msgs = append(msgs, ev.Message)
			mu.Unlock()
			if _, err := chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true}); err != nil {
				return
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), msgs...)
	}
}

// submit clicks a form's button and returns the status of the page the
// browser ends on (after any redirect).
func submit(t *testing.T, ctx context.Context, button string) int64 {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(button)))
	must(t, "submit "+button, err)
	return resp.Status
}

// text reads the text of the first element matching sel, or "" when there
// is none (it does not wait).
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
		`(function(){ var e = document.querySelector(%q); return e ? e.innerText.replace(/\s+/g, " ").trim() : ""; })()`, sel)))
	must(t, "read "+sel, err)
	return s
}

// cliJSON runs a `list --json` sub-command and decodes its output.
func cliJSON[T any](t *testing.T, n *node, args ...string) []T {
	t.Helper()
	out := n.mustCLI(append(args, "--json")...)
	var v []T
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("dialtone %v: %v\n%s", args, err, out)
	}
	return v
}

type cliTrunk struct {
	Name      string   `json:"name"`
	Type      string   `json:"type"`
	Host      string   `json:"host"`
	Port      int      `json:"port"`
	Transport string   `json:"transport"`
	Allow     []string `json:"allow"`
	SRTP      string   `json:"srtp"`
}

type cliDID struct {
	Number    string `json:"number"`
	Trunk     string `json:"trunk"`
	Extension string `json:"extension"`
}

type cliRoute struct {
	Name    string   `json:"name"`
	Pattern string   `json:"pattern"`
	Trunks  []string `json:"trunks"`
	Strip   int      `json:"strip"`
	Prepend string   `json:"prepend"`
}

// An administrator connects the PBX to a provider in a real browser
// against the real binary: a trunk added through the form (after two
// refused attempts that save nothing) turns "up" once the server's OPTIONS
// ping reaches the provider, calls to a DID go to an extension and
// national numbers leave through the trunk; the trunk cannot be removed
// while routes use it, and goes once they are removed.
func TestBrowserTrunks(t *testing.T) {
	n := newNode(t)
	n.mustCLI("admin", "add", "office", "--password", "office-password-1", "--role", "admin")
	n.mustCLI("ext", "add", "202", "--name", "Sales", "--password", "pw-202-secret")
	provider := startOptionsResponder(t)
	s := n.serve()
	base := "http://" + n.http
	dir := artifactDir(t)
	t.Logf("screenshots in %s", dir)

	ctx, plog := newBrowser(t)
	dialogs := acceptDialogs(ctx)

	must(t, "log in", chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("f-username")),
		chromedp.SendKeys(chromedp.ID("f-username"), "office"),
		chromedp.SendKeys(chromedp.ID("f-password"), "office-password-1"),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("phones-body")),
	))

	// A generic trunk, first with an allowed network that is no CIDR.
	host := fmt.Sprintf("127.0.0.1:%d", provider.port())
	must(t, "trunks page", chromedp.Do(ctx,
		chromedp.Navigate(base+"/trunks"),
		chromedp.WaitVisible(chromedp.ID("trunk-form")),
		chromedp.SetValue(chromedp.ID("f-type"), "generic"),
		chromedp.SendKeys(chromedp.ID("f-name"), "pstn"),
		chromedp.SendKeys(chromedp.ID("f-host"), host),
		chromedp.SendKeys(chromedp.ID("f-transport"), "udp"),
		chromedp.SendKeys(chromedp.ID("f-allow"), "127.0.0.9/33"),
	))
	if got := text(t, ctx, "#trunks tbody"); got != "No trunk yet." {
		t.Fatalf("trunk list before any trunk: %q", got)
	}
	// The browser checks the name before sending it (the server checks again).
	valid, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(function(){
		var f = document.getElementById("f-name"), out = [];
		["Pstn", "pstn!", "-pstn", "pstn-1_b", "pstn"].forEach(function(v){ f.value = v; out.push(v + "=" + f.checkValidity()); });
		return out.join(" "); })()`))
	must(t, "check name", err)
	if want := "Pstn=false pstn!=false -pstn=false pstn-1_b=true pstn=true"; valid != want {
		t.Fatalf("browser checks of the trunk name: %s, want %s", valid, want)
	}
	shot(t, ctx, dir, "01-trunk-form")
	if code := submit(t, ctx, "#create-trunk"); code != 422 {
		t.Fatalf("trunk with allowed network 127.0.0.9/33: status %d, want 422", code)
	}
	shot(t, ctx, dir, "02-trunk-bad-cidr")
	if got := text(t, ctx, "#e-allow"); !strings.Contains(got, `"127.0.0.9/33" is not a CIDR network`) {
		t.Fatalf("allowed networks field message %q", got)
	}
	if got := text(t, ctx, "#form-error"); !strings.Contains(got, "Nothing was saved") {
		t.Fatalf("form error %q", got)
	}
	// The form keeps what was typed, the type included.
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`["f-type","f-name","f-host","f-transport","f-allow"].map(function(id){ return document.getElementById(id).value; }).join(" ")`))
	must(t, "read form", err)
	if want := "generic pstn " + host + " udp 127.0.0.9/33"; kept != want {
		t.Fatalf("form after refusal %q, want %q", kept, want)
	}
	if ts := cliJSON[cliTrunk](t, n, "trunk", "list"); len(ts) != 0 {
		t.Fatalf("refused trunk saved: %+v", ts)
	}

	// Then a host with a space in it.
	must(t, "correct the form", chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("f-allow"), "127.0.0.9/32"),
		chromedp.SetValue(chromedp.ID("f-host"), fmt.Sprintf("127.0.0.1 %d", provider.port())),
	))
	if code := submit(t, ctx, "#create-trunk"); code != 422 {
		t.Fatalf("trunk with a space in its host: status %d, want 422", code)
	}
	shot(t, ctx, dir, "03-trunk-bad-host")
	if got := text(t, ctx, "#e-host"); !strings.Contains(got, "invalid host") {
		t.Fatalf("host field message %q", got)
	}
	if got := text(t, ctx, "#e-allow"); got != "" {
		t.Fatalf("allowed networks still marked: %q", got)
	}
	if ts := cliJSON[cliTrunk](t, n, "trunk", "list"); len(ts) != 0 {
		t.Fatalf("refused trunk saved: %+v", ts)
	}

	// Now right.
	must(t, "correct the host", chromedp.Do(ctx, chromedp.SetValue(chromedp.ID("f-host"), host)))
	if code := submit(t, ctx, "#create-trunk"); code != 200 {
		t.Fatalf("adding trunk: status %d", code)
	}
	added := time.Now()
	must(t, "trunk listed", chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`tr[data-trunk="pstn"]`))))
	shot(t, ctx, dir, "04-trunk-added")
	if got := text(t, ctx, "p.flash"); got != "Trunk added." {
		t.Fatalf("flash %q", got)
	}
	row := text(t, ctx, `tr[data-trunk="pstn"]`)
	for _, want := range []string{"generic", host, "udp", "off", "127.0.0.9/32"} {
		if !strings.Contains(row, want) {
			t.Fatalf("trunk row %q lacks %q", row, want)
		}
	}
	// Not pinged yet: no state to show.
	pingedBefore := provider.pings.Load()
	state := text(t, ctx, `tr[data-trunk="pstn"] td.trunk-state`)
	if pingedBefore == 0 && state != "unknown" {
		t.Fatalf("trunk state %q before any ping, want unknown", state)
	}
	ts := cliJSON[cliTrunk](t, n, "trunk", "list")
	if len(ts) != 1 || ts[0].Name != "pstn" || ts[0].Type != "generic" || ts[0].Host != "127.0.0.1" || ts[0].Port != provider.port() ||
		ts[0].Transport != "udp" || ts[0].SRTP != "off" || len(ts[0].Allow) != 1 || ts[0].Allow[0] != "127.0.0.9/32" {
		t.Fatalf("trunk list %+v", ts)
	}

	// An inbound route to extension 202 while the pinger gets round to
	// the new trunk (its rounds are 30 s apart).
	must(t, "inbound page", chromedp.Do(ctx,
		chromedp.Navigate(base+"/routes/inbound"),
		chromedp.WaitVisible(chromedp.ID("did-form")),
		chromedp.SendKeys(chromedp.ID("f-number"), "+15550102"),
		chromedp.SetValue(chromedp.ID("f-trunk"), "pstn"),
		chromedp.SendKeys(chromedp.ID("f-extension"), "202"),
	))
	if code := submit(t, ctx, "#create-did"); code != 200 {
		t.Fatalf("adding inbound route: status %d", code)
	}
	shot(t, ctx, dir, "05-inbound")
	if got := text(t, ctx, "p.flash"); got != "Inbound route added." {
		t.Fatalf("flash %q", got)
	}
	if got := text(t, ctx, "#dids tbody tr"); !strings.Contains(got, "+15550102 pstn 202") {
		t.Fatalf("inbound route row %q", got)
	}
	if ds := cliJSON[cliDID](t, n, "did", "list"); len(ds) != 1 || ds[0] != (cliDID{"+15550102", "pstn", "202"}) {
		t.Fatalf("did list %+v", ds)
	}

	// An outbound route for national numbers.
	must(t, "outbound page", chromedp.Do(ctx,
		chromedp.Navigate(base+"/routes/outbound"),
		chromedp.WaitVisible(chromedp.ID("route-form")),
		chromedp.SendKeys(chromedp.ID("f-name"), "national"),
		chromedp.SendKeys(chromedp.ID("f-pattern"), "NXXNXXXXXX"),
		chromedp.SendKeys(chromedp.ID("f-trunks"), "pstn"),
		chromedp.SendKeys(chromedp.ID("f-prepend"), "+1"),
	))
	if code := submit(t, ctx, "#create-route"); code != 200 {
		t.Fatalf("adding outbound route: status %d", code)
	}
	shot(t, ctx, dir, "06-outbound")
	if got := text(t, ctx, "p.flash"); got != "Outbound route added." {
		t.Fatalf("flash %q", got)
	}
	if got := text(t, ctx, `tr[data-route="national"]`); !strings.HasPrefix(got, "1 national NXXNXXXXXX 0 +1 pstn") {
		t.Fatalf("outbound route row %q", got)
	}
	rs := cliJSON[cliRoute](t, n, "route", "list")
	if len(rs) != 1 || rs[0].Name != "national" || rs[0].Pattern != "NXXNXXXXXX" || rs[0].Strip != 0 || rs[0].Prepend != "+1" ||
		len(rs[0].Trunks) != 1 || rs[0].Trunks[0] != "pstn" {
		t.Fatalf("route list %+v", rs)
	}

	// The trunk turns up on its page once a ping round reaches the
	// provider: rounds run at start and every 30 s, so within 40 s of the
	// trunk being added.
	for {
		must(t, "trunks page", chromedp.Do(ctx,
			chromedp.Navigate(base+"/trunks"),
			chromedp.WaitVisible(chromedp.CSS(`tr[data-trunk="pstn"]`)),
		))
		state = text(t, ctx, `tr[data-trunk="pstn"] td.trunk-state`)
		if state == "up" {
			break
		}
		if state != "unknown" {
			t.Fatalf("trunk state %q, want unknown then up", state)
		}
		if time.Since(added) > 40*time.Second {
			t.Fatalf("trunk not up within 40 s (state %q, %d OPTIONS answered)\n%s", state, provider.pings.Load(), s.output())
		}
		time.Sleep(time.Second)
	}
	t.Logf("trunk up %.1f s after it was added; %d OPTIONS answered", time.Since(added).Seconds(), provider.pings.Load())
	if provider.pings.Load() == 0 {
		t.Fatal("trunk shown up but the provider saw no OPTIONS")
	}
	if got := text(t, ctx, `tr[data-trunk="pstn"] td:nth-child(8)`); !strings.Contains(got, "200") {
		t.Fatalf("last ping cell %q, want the 200", got)
	}
	shot(t, ctx, dir, "07-trunk-up")

	// Removing it while routes use it is refused, naming them.
	if code := submit(t, ctx, `tr[data-trunk="pstn"] form button[type=submit]`); code != 409 {
		t.Fatalf("removing a trunk in use: status %d, want 409", code)
	}
	shot(t, ctx, dir, "08-trunk-in-use")
	refusal := text(t, ctx, "#form-error")
	for _, want := range []string{"Not removed", "used by", "+15550102", "national"} {
		if !strings.Contains(refusal, want) {
			t.Fatalf("refusal %q lacks %q", refusal, want)
		}
	}
	if ts := cliJSON[cliTrunk](t, n, "trunk", "list"); len(ts) != 1 {
		t.Fatalf("trunk list after refused removal %+v", ts)
	}
	if ds, rs := cliJSON[cliDID](t, n, "did", "list"), cliJSON[cliRoute](t, n, "route", "list"); len(ds) != 1 || len(rs) != 1 {
		t.Fatalf("routes after refused trunk removal: %+v %+v", ds, rs)
	}

	// Remove the routes, then the trunk.
	must(t, "inbound page", chromedp.Do(ctx, chromedp.Navigate(base+"/routes/inbound"), chromedp.WaitVisible(chromedp.ID("dids"))))
	if code := submit(t, ctx, `#dids form:has(input[name=number][value="+15550102"]) button[type=submit]`); code != 200 {
		t.Fatalf("removing inbound route: status %d", code)
	}
	if got := text(t, ctx, "#dids tbody"); got != "No inbound route yet." {
		t.Fatalf("inbound routes after removal %q", got)
	}
	must(t, "outbound page", chromedp.Do(ctx, chromedp.Navigate(base+"/routes/outbound"), chromedp.WaitVisible(chromedp.ID("routes"))))
	if code := submit(t, ctx, `tr[data-route="national"] form button[type=submit]`); code != 200 {
		t.Fatalf("removing outbound route: status %d", code)
	}
	if got := text(t, ctx, "#routes tbody"); !strings.HasPrefix(got, "No outbound route yet") {
		t.Fatalf("outbound routes after removal %q", got)
	}
	if ds, rs := cliJSON[cliDID](t, n, "did", "list"), cliJSON[cliRoute](t, n, "route", "list"); len(ds) != 0 || len(rs) != 0 {
		t.Fatalf("routes after removal: %+v %+v", ds, rs)
	}
	must(t, "trunks page", chromedp.Do(ctx, chromedp.Navigate(base+"/trunks"), chromedp.WaitVisible(chromedp.CSS(`tr[data-trunk="pstn"]`))))
	if code := submit(t, ctx, `tr[data-trunk="pstn"] form button[type=submit]`); code != 200 {
		t.Fatalf("removing trunk: status %d", code)
	}
	shot(t, ctx, dir, "09-trunk-removed")
	if got := text(t, ctx, "p.flash"); got != "Trunk removed." {
		t.Fatalf("flash %q", got)
	}
	if got := text(t, ctx, "#trunks tbody"); got != "No trunk yet." {
		t.Fatalf("trunk list after removal %q", got)
	}
	if ts := cliJSON[cliTrunk](t, n, "trunk", "list"); len(ts) != 0 {
		t.Fatalf("trunk list after removal %+v", ts)
	}

	// Every removal asked first.
	want := []string{"Remove trunk pstn?", "Remove the inbound route of +15550102?", "Remove route national?", "Remove trunk pstn?"}
	if got := dialogs(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("confirmations %q, want %q", got, want)
	}
	// The only errors in the page are the refusals' statuses: two 422s, a 409.
	var errs []string
	refused := map[string]int{}
	for _, e := range plog.list() {
		if _, code, ok := strings.Cut(e, "the server responded with a status of "); ok && (strings.HasPrefix(code, "422 ") || strings.HasPrefix(code, "409 ")) {
			refused[code[:3]]++
			continue
		}
		errs = append(errs, e)
	}
	if len(errs) > 0 {
		t.Fatalf("errors in the page:\n%s", strings.Join(errs, "\n"))
	}
	if refused["422"] != 2 || refused["409"] != 1 {
		t.Fatalf("refusals logged by the page: %v, want 2 422s and a 409", refused)
	}
}
