package e2e

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// newPhoneBrowser starts headless Chromium for the softphone page: a fake
// microphone playing wav (48 kHz mono 16-bit, once: %noloop), the
// permission prompt answered yes, autoplay allowed, and loopback ICE
// candidates (Dialtone's candidate is 127.0.0.1 here).
func newPhoneBrowser(t *testing.T, wav string) (context.Context, *pageLog) {
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
		chromedp.Flag("use-fake-ui-for-media-stream", true),
		chromedp.Flag("use-fake-device-for-media-stream", true),
		chromedp.Flag("use-file-for-fake-audio-capture", wav+"%noloop"),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("allow-loopback-in-peer-connection", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	log := &pageLog{}
	exceptions := chromedp.Events(ctx, runtime.ExceptionThrown)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			log.add(fmt.Sprintf("exception: %s", ev.ExceptionDetails.Text))
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx, log
}

// js evaluates expr in the page.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// waitPage polls a boolean expression in the page.
func waitPage(t *testing.T, ctx context.Context, what, expr string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !js[bool](t, ctx, expr) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v; page state %v, error %q", what, d,
				js[map[string]any](t, ctx, "window.dialtonePhone.state()"), js[string](t, ctx, "window.dialtonePhone.lastError()"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// eventsFrom waits for an event of type typ among those after the first n.
func (c *phoneCtrl) eventsFrom(t *testing.T, n int, typ string, d time.Duration) (map[string]any, time.Time) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		c.mu.Lock()
		for i := n; i < len(c.seen); i++ {
			if c.seen[i]["type"] == typ {
				ev := c.seen[i]
				c.mu.Unlock()
				return ev, time.Now()
			}
		}
		c.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no %s from baresip within %v; events: %s", typ, d, c.events())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func (c *phoneCtrl) mark() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.seen)
}

var logTime = regexp.MustCompile(`time=(\S+) level=INFO msg="browser call: WebRTC session answered"`)

// freqRuns labels 200 ms windows of pcm (8 kHz) with their dominant
// frequency (to 50 Hz) when loud and pure, and lists the runs of two
// windows or more, silence and unclear windows left out.
func freqRuns(pcm []int16) string {
	const win = audioRate / 5
	var labels []string
	for i := 0; i+win <= len(pcm); i += win {
		w := pcm[i : i+win]
		if rms(w) < 1000 {
			continue
		}
		if f, purity := dominant(w); purity >= 0.8 {
			labels = append(labels, fmt.Sprintf("%.0f", math.Round(f/50)*50))
		}
	}
	var runs []string
	for i := 0; i < len(labels); {
		j := i
		for j < len(labels) && labels[j] == labels[i] {
			j++
		}
		if j-i >= 2 && (len(runs) == 0 || runs[len(runs)-1] != labels[i]) {
			runs = append(runs, labels[i])
		}
		i = j
	}
	return strings.Join(runs, " ")
}

// The browser softphone against the real binary, Chromium and baresip:
// (a) the page, logged in as 201 over SIP over WebSocket, calls baresip 202
// (PCMU only: the call is transcoded from Opus); 202's recording has the
// fake microphone's tones in order; (c) a key pressed on the page reaches
// 202 as RFC 4733; (d) hold from the page plays music on hold to 202, the
// resume brings the browser back; (e) the CDR has the WebRTC leg's codec
// and packets; (b) 202 calls 201, the page answers and hears 202's tone.
func TestWebRTCSoftphone(t *testing.T) {
	needBinary(t, "baresip")
	needBinary(t, "chromium")
	dir := t.TempDir()

	// The page's microphone: four tones in order, then bursts of 1000 Hz
	// until the end (Chromium's noise suppression fades a steady tone out).
	steps := []toneStep{
		{0, ms(1500)},
		{440, ms(500)}, {0, ms(150)},
		{880, ms(500)}, {0, ms(150)},
		{1320, ms(500)}, {0, ms(150)},
		{660, ms(500)}, {0, ms(700)},
	}
	for range 50 {
		steps = append(steps, toneStep{1000, ms(600)}, toneStep{0, ms(150)})
	}
	mic := makeTones(0.5, steps...)
	micWAV := filepath.Join(dir, "mic.wav")
	writeWAVAt(t, micWAV, mic.pcm, 48000, 1)
	tones := mic
	tones.tones = mic.tones[:4]
	// Music on hold: a 1700 Hz tone, unlike anything else in the call.
	mohWAV := filepath.Join(dir, "moh.wav")
	writeWAVAt(t, mohWAV, makeTones(0.4, toneStep{1700, 3 * time.Second}).pcm, 8000, 1)
	// 202 plays 700 Hz all along.
	deskWAV := filepath.Join(dir, "desk.wav")
	writeWAVAt(t, deskWAV, makeTones(0.5, toneStep{700, 90 * time.Second}).pcm, 8000, 1)

	n := newNode(t, "DIALTONE_WEBRTC_PORT="+fmt.Sprint(freePort(t)), "DIALTONE_MEDIA_ADDR=127.0.0.1", "DIALTONE_MOH="+mohWAV)
	n.mustCLI("ext", "add", "201", "--name", "Browser", "--password", "pw-201-secret")
	n.mustCLI("ext", "add", "202", "--name", "Desk", "--password", "pw-202-secret")
	srv := n.serve()

	desk := startPhoneWith(t, phoneOptions{
		account: fmt.Sprintf("<sip:202@%s;transport=udp>;auth_pass=pw-202-secret;regint=600;answermode=auto;audio_codecs=PCMU/8000/1", n.sip),
		source:  deskWAV, record: true, control: true, quitAfter: 3 * time.Minute,
	})
	ctl := desk.control()

	ctx, plog := newPhoneBrowser(t, micWAV)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("page errors: %v", plog.list())
		}
	})
	must(t, "open /phone", chromedp.Do(ctx, chromedp.Navigate("http://"+n.http+"/phone/"),
		chromedp.WaitReady(chromedp.ID("login-ext"))))
	waitPage(t, ctx, "page script", "!!window.dialtonePhone", 10*time.Second)
	js[chromedp.Void](t, ctx, `window.dialtonePhone.login("201", "pw-201-secret")`)
	waitPage(t, ctx, "201 registered over WebSocket", `window.dialtonePhone.state().registration === "registered"`, 15*time.Second)
	n.waitRegs(15*time.Second, "201 (ws) and 202 registered", func(r []map[string]any) bool {
		b := regsOf(r, "201")
		return len(b) == 1 && b[0]["transport"] == "ws" && len(regsOf(r, "202")) == 1
	})

	// (a) The page calls 202.
	mark := ctl.mark()
	js[chromedp.Void](t, ctx, `window.dialtonePhone.call("202")`)
	_, firstAudio := ctl.eventsFrom(t, mark, "CALL_RTPESTAB", 15*time.Second)
	waitPage(t, ctx, "call active", `window.dialtonePhone.state().call === "active"`, 10*time.Second)
	// From the log line of the browser's authenticated INVITE (written
	// when its WebRTC answer is ready, ~1 ms after it arrives) to baresip's
	// first RTP: ICE, DTLS, 202's answer and the first transcoded packet.
	m := logTime.FindStringSubmatch(srv.output())
	if m == nil {
		t.Fatal("no log line of the browser's INVITE")
	}
	invited, err := time.Parse(time.RFC3339Nano, m[1])
	must(t, "log time", err)
	if d := firstAudio.Sub(invited); d > time.Second || d < 0 {
		t.Fatalf("browser's INVITE to first audio at the desk phone: %v, want well under a second (goal 300 ms)", d)
	} else {
		t.Logf("browser's INVITE to first audio at the desk phone: %v", d.Round(time.Millisecond))
	}
	live := n.waitAnsweredCall(5 * time.Second)
	if live.A.Media.Codec != "opus" || live.B[0].Media.Codec != "PCMU" {
		t.Fatalf("call list codecs %s/%s, want opus/PCMU", live.A.Media.Codec, live.B[0].Media.Codec)
	}
	// The page hears 202's 700 Hz.
	time.Sleep(1500 * time.Millisecond)
	heard := js[map[string]any](t, ctx, "window.dialtonePhone.remoteAudio()")
	if f, _ := heard["frequency"].(float64); math.Abs(f-700) > 25 {
		t.Fatalf("the page hears %v, want 700 Hz", heard)
	}
	t.Logf("page hears 202: %.0f Hz at %.1f dB", heard["frequency"], heard["levelDb"])

	// The tones play out (1.5 + 2.45 + 0.7 s of the file), then (c) a key.
	time.Sleep(3 * time.Second)
	mark = ctl.mark()
	if !js[bool](t, ctx, `window.dialtonePhone.dtmf("5")`) {
		t.Fatalf("dtmf refused: %q", js[string](t, ctx, "window.dialtonePhone.lastError()"))
	}
	ev, _ := ctl.eventsFrom(t, mark, "CALL_DTMF_START", 5*time.Second)
	if ev["param"] != "5" {
		t.Fatalf("baresip got DTMF %v, want 5", ev["param"])
	}

	// (d) Hold: 202 hears the music; resume: the page again.
	time.Sleep(time.Second)
	js[chromedp.Void](t, ctx, `window.dialtonePhone.hold()`)
	waitPage(t, ctx, "held", `window.dialtonePhone.state().held === true`, 5*time.Second)
	time.Sleep(2500 * time.Millisecond)
	js[chromedp.Void](t, ctx, `window.dialtonePhone.resume()`)
	waitPage(t, ctx, "resumed", `window.dialtonePhone.state().held === false`, 5*time.Second)
	time.Sleep(2500 * time.Millisecond)
	mark = ctl.mark()
	js[chromedp.Void](t, ctx, `window.dialtonePhone.hangup()`)
	ctl.eventsFrom(t, mark, "CALL_CLOSED", 10*time.Second)
	waitPage(t, ctx, "call over", `["idle", "ended"].includes(window.dialtonePhone.state().call)`, 5*time.Second)

	// (e) The CDR.
	c := n.waitCDRs(1, 10*time.Second)[0]
	num := func(k string) float64 { f, _ := c[k].(float64); return f }
	if c["disposition"] != "ANSWERED" || c["codec_a"] != "opus" || c["codec_b"] != "PCMU" || num("packets_a") < 400 || num("packets_b") < 400 {
		t.Fatalf("CDR %v: want ANSWERED, opus/PCMU, packets from both legs", c)
	}
	t.Logf("CDR: %v/%v, packets %v/%v, lost %v/%v, jitter %v/%v ms, MOS %v/%v", c["codec_a"], c["codec_b"],
		c["packets_a"], c["packets_b"], c["lost_a"], c["lost_b"], c["jitter_a_ms"], c["jitter_b_ms"], c["mos_a"], c["mos_b"])

	// What 202 heard: the tones in order, the 1000 Hz tail, the music,
	// the tail again.
	desk.waitOutput("terminated", 5*time.Second)
	rec := recordingAt8k(t, desk.recDir)
	all := findTones(rec)
	if len(all) < 5 {
		t.Fatalf("202 heard %v", all)
	}
	checkTones(t, "202 hearing the page", all[:4], tones)
	after := rec[all[3].end:]
	if got := freqRuns(after); !regexp.MustCompile(`^1000 1700 1000$`).MatchString(got) {
		t.Fatalf("after the tones 202 heard %q (200 ms windows, runs of 400 ms or more), want the page's 1000 Hz, the music on hold's 1700 Hz, the page's 1000 Hz", got)
	}

	// (b) 202 calls the page; the page answers and hears 700 Hz.
	mark = ctl.mark()
	ctl.command(t, "dial", "sip:201@"+n.sip)
	waitPage(t, ctx, "incoming call", `window.dialtonePhone.state().call === "incoming"`, 10*time.Second)
	js[chromedp.Void](t, ctx, `window.dialtonePhone.answer()`)
	ctl.eventsFrom(t, mark, "CALL_ESTABLISHED", 10*time.Second)
	waitPage(t, ctx, "answered call active", `window.dialtonePhone.state().call === "active"`, 10*time.Second)
	time.Sleep(2 * time.Second)
	heard = js[map[string]any](t, ctx, "window.dialtonePhone.remoteAudio()")
	if f, _ := heard["frequency"].(float64); math.Abs(f-700) > 25 {
		t.Fatalf("the page hears %v from 202's call, want 700 Hz", heard)
	}
	if l, _ := heard["levelDb"].(float64); l < -40 {
		t.Fatalf("the page hears 202 at %.1f dB, too quiet", l)
	}
	t.Logf("page answering 202 hears %.0f Hz at %.1f dB", heard["frequency"], heard["levelDb"])
	live = n.waitAnsweredCall(5 * time.Second)
	if live.A.Media.Codec != "PCMU" || live.B[0].Media.Codec != "opus" {
		t.Fatalf("call list codecs %s/%s, want PCMU/opus", live.A.Media.Codec, live.B[0].Media.Codec)
	}
	mark = ctl.mark()
	ctl.command(t, "hangup", "")
	ctl.eventsFrom(t, mark, "CALL_CLOSED", 10*time.Second)
	cs := n.waitCDRs(2, 10*time.Second)
	if c := cs[0]; c["disposition"] != "ANSWERED" || c["caller_number"] != "202" || c["codec_b"] != "opus" {
		t.Fatalf("second CDR %v: want 202's answered call with opus on the browser's leg", c)
	}
	if errs := plog.list(); len(errs) > 0 {
		t.Fatalf("page errors: %v", errs)
	}
}

// adminLogin logs the browser in to the admin UI as an admin user.
func adminLogin(t *testing.T, ctx context.Context, base, user, password string) {
	t.Helper()
	must(t, "admin log in", chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("f-username")),
		chromedp.SendKeys(chromedp.ID("f-username"), user),
		chromedp.SendKeys(chromedp.ID("f-password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("phones-body")),
	))
}

// phoneRegistered is true once the page's script runs and 201 is registered.
const phoneRegistered = `!!window.dialtonePhone && window.dialtonePhone.state().registration === "registered" && window.dialtonePhone.state().extension === "201"`

// One-click sign-in and reload mid-call, against the real binary, Chromium
// and baresip: (link) an admin creates extension 201's sign-in link in the
// admin UI; a tab that opens it registers as 201 without a password, a
// second tab with the same link is refused and says why; (reload) "Open
// softphone" opens the page signed in as 201, which calls baresip 202; a
// reload mid-call ends the call at once with a CDR (answered, hung up by
// the caller), and the reloaded page registers again with exactly one
// binding for 201.
func TestWebRTCPhoneLink(t *testing.T) {
	needBinary(t, "baresip")
	needBinary(t, "chromium")
	dir := t.TempDir()
	var steps []toneStep
	for range 60 {
		steps = append(steps, toneStep{1000, ms(600)}, toneStep{0, ms(150)})
	}
	micWAV := filepath.Join(dir, "mic.wav")
	writeWAVAt(t, micWAV, makeTones(0.5, steps...).pcm, 48000, 1)
	deskWAV := filepath.Join(dir, "desk.wav")
	writeWAVAt(t, deskWAV, makeTones(0.5, toneStep{700, 90 * time.Second}).pcm, 8000, 1)

	n := newNode(t, "DIALTONE_WEBRTC_PORT="+fmt.Sprint(freePort(t)), "DIALTONE_MEDIA_ADDR=127.0.0.1")
	n.mustCLI("admin", "add", "office", "--password", "office-password-1", "--role", "admin")
	n.mustCLI("ext", "add", "201", "--name", "Browser", "--password", "pw-201-secret")
	n.mustCLI("ext", "add", "202", "--name", "Desk", "--password", "pw-202-secret")
	srv := n.serve()
	base := "http://" + n.http

	desk := startPhoneWith(t, phoneOptions{
		account: fmt.Sprintf("<sip:202@%s;transport=udp>;auth_pass=pw-202-secret;regint=600;answermode=auto;audio_codecs=PCMU/8000/1", n.sip),
		source:  deskWAV, control: true, quitAfter: 3 * time.Minute,
	})
	ctl := desk.control()

	ctx, plog := newPhoneBrowser(t, micWAV)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("page errors: %v\nserver:\n%s", plog.list(), srv.output())
		}
	})
	adminLogin(t, ctx, base, "office", "office-password-1")
	n.waitRegs(15*time.Second, "202 registered", func(r []map[string]any) bool { return len(regsOf(r, "202")) == 1 })

	t.Run("link", func(t *testing.T) {
		// The buttons fit a phone-sized screen too.
		must(t, "extension page on a phone", chromedp.Do(ctx,
			chromedp.EmulateViewport(390, 844),
			chromedp.Navigate(base+"/extensions/201"),
			chromedp.WaitVisible(chromedp.ID("open-softphone")),
		))
		if js[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
			t.Error("the extension page with the softphone buttons scrolls sideways on a phone-sized screen")
		}
		must(t, "create link", chromedp.Do(ctx,
			chromedp.EmulateReset(),
			chromedp.Navigate(base+"/extensions/201"),
			chromedp.WaitVisible(chromedp.ID("create-phone-link")),
			chromedp.Click(chromedp.ID("create-phone-link")),
			chromedp.WaitVisible(chromedp.ID("phone-link-url")),
		))
		link, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("phone-link-url")))
		must(t, "read link", err)
		if !regexp.MustCompile(`^http://` + regexp.QuoteMeta(n.http) + `/phone/#token=[A-Za-z0-9_-]{43}$`).MatchString(link) {
			t.Fatalf("sign-in link %q", link)
		}

		tab, closeTab := chromedp.NewContext(ctx)
		must(t, "open link", chromedp.Do(tab, chromedp.Navigate(link)))
		waitPage(t, tab, "201 registered from the link", phoneRegistered, 15*time.Second)
		if u := js[string](t, tab, "location.href"); strings.Contains(u, "token") {
			t.Errorf("the token stays in the address bar: %s", u)
		}
		n.waitRegs(10*time.Second, "201 registered over WebSocket", func(r []map[string]any) bool {
			b := regsOf(r, "201")
			return len(b) == 1 && b[0]["transport"] == "ws"
		})

		// The same link again, in another tab: refused, and the page says so.
		tab2, closeTab2 := chromedp.NewContext(ctx)
		must(t, "open link again", chromedp.Do(tab2, chromedp.Navigate(link)))
		waitPage(t, tab2, "second use refused", `!!window.dialtonePhone && window.dialtonePhone.lastError() !== ""`, 10*time.Second)
		alert, err := chromedp.Run(tab2, chromedp.Text(chromedp.ID("alert")))
		must(t, "read alert", err)
		if !strings.Contains(alert, "already been used") {
			t.Fatalf("second use of the link shows %q", alert)
		}
		if st := js[map[string]any](t, tab2, "window.dialtonePhone.state()"); st["registration"] != "unregistered" || st["extension"] != "" {
			t.Fatalf("second use of the link: page state %v", st)
		}
		visible := js[bool](t, tab2, `!document.getElementById("login").hidden && document.getElementById("phone").hidden`)
		if !visible {
			t.Error("after a refused link the sign-in form is not shown")
		}
		closeTab2()
		closeTab()
		n.waitRegs(10*time.Second, "201's binding gone with its tab", func(r []map[string]any) bool { return len(regsOf(r, "201")) == 0 })
	})

	t.Run("reload", func(t *testing.T) {
		must(t, "extension page", chromedp.Do(ctx,
			chromedp.Navigate(base+"/extensions/201"),
			chromedp.WaitVisible(chromedp.ID("open-softphone")),
		))
		opened := chromedp.WaitNewTarget(ctx, func(i *target.Info) bool { return i.Type == "page" })
		must(t, "open softphone", chromedp.Do(ctx, chromedp.Click(chromedp.ID("open-softphone"))))
		var id target.ID
		select {
		case id = <-opened:
		case <-time.After(10 * time.Second):
			t.Fatal("no new tab for the softphone")
		}
		tab, closeTab := chromedp.NewContext(ctx, chromedp.WithTargetID(id))
		defer closeTab()
		waitPage(t, tab, "201 registered from Open softphone", phoneRegistered, 15*time.Second)
		n.waitRegs(10*time.Second, "201 registered once", func(r []map[string]any) bool { return len(regsOf(r, "201")) == 1 })

		mark := ctl.mark()
		js[chromedp.Void](t, tab, `window.dialtonePhone.call("202")`)
		ctl.eventsFrom(t, mark, "CALL_RTPESTAB", 15*time.Second)
		waitPage(t, tab, "call active", `window.dialtonePhone.state().call === "active"`, 10*time.Second)
		n.waitAnsweredCall(5 * time.Second)
		time.Sleep(time.Second)

		mark = ctl.mark()
		reloaded := time.Now()
		must(t, "reload", chromedp.Do(tab, chromedp.Reload()))
		_, closed := ctl.eventsFrom(t, mark, "CALL_CLOSED", 5*time.Second)
		t.Logf("reload to 202's CALL_CLOSED: %v", closed.Sub(reloaded).Round(time.Millisecond))
		c := n.waitCDRs(1, 5*time.Second)[0]
		if billsec, _ := c["billsec_ms"].(float64); c["disposition"] != "ANSWERED" || c["caller_number"] != "201" || c["callee_number"] != "202" ||
			c["hangup_side"] != "caller" || billsec < 1000 {
			t.Fatalf("CDR after the reload %v: want ANSWERED 201 → 202 for a second or more, hung up by the caller", c)
		}
		t.Logf("CDR: %v, billed %v ms, hangup %v by %v; browser's media gone first: %v", c["disposition"], c["billsec_ms"], c["hangup_reason"], c["hangup_side"],
			strings.Contains(srv.output(), "browser's media gone"))

		// The reloaded page signs in again by itself, with one binding.
		waitPage(t, tab, "201 registered again after the reload", phoneRegistered, 15*time.Second)
		if st := js[map[string]any](t, tab, "window.dialtonePhone.state()"); st["call"] != "idle" {
			t.Fatalf("after the reload the page's call is %v", st["call"])
		}
		one := func(r []map[string]any) bool {
			b := regsOf(r, "201")
			return len(b) == 1 && b[0]["transport"] == "ws"
		}
		n.waitRegs(10*time.Second, "exactly one binding for 201 after the reload", one)
		time.Sleep(2 * time.Second)
		if r := n.regs(); !one(r) {
			t.Fatalf("bindings of 201 two seconds later: %v", regsOf(r, "201"))
		}
		if live := n.liveCalls(); len(live) != 0 {
			t.Fatalf("calls still up after the reload: %+v", live)
		}
	})
	if errs := plog.list(); len(errs) > 0 {
		t.Fatalf("page errors: %v", errs)
	}
}
