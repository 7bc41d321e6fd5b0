package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
)

// firefoxPrefs is the profile's user.js: fake media with no prompt,
// autoplay allowed, loopback ICE candidates in the clear (Dialtone's
// candidate is 127.0.0.1 here), and nothing that phones home or shows a
// first-run page.
func firefoxPrefs() map[string]any {
	return map[string]any{
		"media.navigator.streams.fake":                      true,
		"media.navigator.audio.fake_frequency":              firefoxMicHz,
		"media.navigator.permission.disabled":               true,
		"media.autoplay.default":                            0,
		"media.autoplay.blocking_policy":                    0,
		"media.peerconnection.ice.loopback":                 true,
		"media.peerconnection.ice.obfuscate_host_addresses": false,
		"remote.active-protocols":                           1, // WebDriver BiDi only
		"remote.prefs.recommended":                          true,
		"dom.security.https_first":                          false,
		"browser.shell.checkDefaultBrowser":                 false,
		"browser.startup.homepage_override.mstone":          "ignore",
		"browser.startup.page":                              0,
		"browser.aboutwelcome.enabled":                      false,
		"startup.homepage_welcome_url":                      "about:blank",
		"datareporting.policy.dataSubmissionEnabled":        false,
		"datareporting.healthreport.uploadEnabled":          false,
		"toolkit.telemetry.reportingpolicy.firstRun":        false,
		"toolkit.telemetry.enabled":                         false,
		"app.update.disabledForTesting":                     true,
		"app.normandy.enabled":                              false,
		"extensions.update.enabled":                         false,
		"browser.safebrowsing.malware.enabled":              false,
		"browser.safebrowsing.phishing.enabled":             false,
		"network.captive-portal-service.enabled":            false,
		"network.connectivity-service.enabled":              false,
	}
}

// alsaSink is an ALSA default device for a machine with no sound card:
// stereo into nothing (the null device), with what is played also written
// as a WAV to a FIFO that soundCard drains in real time. The null
// device alone takes samples as fast as they come; the FIFO gives Firefox's
// audio graph the pace of a real card.
const alsaSink = `pcm.!default {
	type file
	file "%s"
	format "wav"
	slave.pcm {
		type multi
		slaves.a.pcm { type null }
		slaves.a.channels 2
		bindings.0 { slave a; channel 0 }
		bindings.1 { slave a; channel 1 }
	}
}
`

// soundCard drains the FIFO at path at the byte rate of the WAV header
// written into it, until the test ends. It opens the FIFO read-write so
// that neither side waits for the other to open it.
func soundCard(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 64<<10)
		var rate float64
		var start time.Time
		var taken float64
		for {
			select {
			case <-stop:
				return
			default:
			}
			if rate == 0 {
				// The header: byte rate at offset 28 of 44.
				if _, err := io.ReadFull(f, buf[:44]); err != nil {
					return
				}
				rate = float64(uint32(buf[28]) | uint32(buf[29])<<8 | uint32(buf[30])<<16 | uint32(buf[31])<<24)
				if rate <= 0 {
					rate = 44100 * 2 * 4
				}
				start = time.Now()
				continue
			}
			want := int(time.Since(start).Seconds()*rate - taken)
			if want <= 0 {
				time.Sleep(5 * time.Millisecond)
				continue
			}
			n, err := f.Read(buf[:min(want, len(buf))])
			if err != nil {
				return
			}
			taken += float64(n)
		}
	}()
	t.Cleanup(func() {
		close(stop)
		f.Close()
		<-done
	})
}

// firefoxMicHz is the tone of Firefox's fake microphone, set with
// media.navigator.audio.fake_frequency (1000 Hz is also its default).
const firefoxMicHz = 1000

// bidiClient is a minimal WebDriver BiDi client over one WebSocket:
// commands are JSON {id, method, params}, answered by {type: "success" |
// "error", id, ...}; events are {type: "event", method, params}.
type bidiClient struct {
	conn net.Conn
	wmu  sync.Mutex
	log  *pageLog
	done chan struct{}

	mu      sync.Mutex
	nextID  int
	waiting map[int]chan bidiMessage
	err     error // why the reader stopped
}

type bidiMessage struct {
	Type    string          `json:"type"`
	ID      int             `json:"id"`
	Result  json.RawMessage `json:"result"`
	Error   string          `json:"error"`
	Message string          `json:"message"`
	Method  string          `json:"method"`
	Params  json.RawMessage `json:"params"`
}

// writer serialises writes: the reader answers pings too.
type bidiWriter struct{ c *bidiClient }

func (w bidiWriter) Write(p []byte) (int, error) {
	w.c.wmu.Lock()
	defer w.c.wmu.Unlock()
	return w.c.conn.Write(p)
}

func dialBiDi(ctx context.Context, url string, log *pageLog) (*bidiClient, error) {
	conn, br, _, err := ws.Dial(ctx, url)
	if err != nil {
		return nil, err
	}
	c := &bidiClient{conn: conn, log: log, done: make(chan struct{}), waiting: map[int]chan bidiMessage{}}
	var r io.Reader = conn
	if br != nil {
		r = io.MultiReader(br, conn)
	}
	go c.read(struct {
		io.Reader
		io.Writer
	}{r, bidiWriter{c}})
	return c, nil
}

// read hands answers to their callers and page errors to the log, until
// the connection closes.
func (c *bidiClient) read(rw io.ReadWriter) {
	defer close(c.done)
	for {
		data, op, err := wsutil.ReadServerData(rw)
		if err != nil {
			c.mu.Lock()
			c.err = err
			for id, ch := range c.waiting {
				close(ch)
				delete(c.waiting, id)
			}
			c.mu.Unlock()
			return
		}
		if op != ws.OpText {
			continue
		}
		var m bidiMessage
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		if m.Type == "event" {
			if m.Method == "log.entryAdded" {
				var e struct {
					Level string `json:"level"`
					Type  string `json:"type"`
					Text  string `json:"text"`
				}
				if json.Unmarshal(m.Params, &e) == nil && e.Level == "error" {
					c.log.add(fmt.Sprintf("%s: %s", e.Type, e.Text))
				}
			}
			continue
		}
		c.mu.Lock()
		ch := c.waiting[m.ID]
		delete(c.waiting, m.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call sends one command and waits for its answer, at most d.
func (c *bidiClient) call(method string, params any, d time.Duration) (json.RawMessage, error) {
	ch := make(chan bidiMessage, 1)
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return nil, fmt.Errorf("%s: connection gone: %w", method, c.err)
	}
	c.nextID++
	id := c.nextID
	c.waiting[id] = ch
	c.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return nil, err
	}
	if err := wsutil.WriteClientText(bidiWriter{c}, msg); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return nil, fmt.Errorf("%s: connection closed", method)
		}
		if m.Type != "success" {
			return nil, fmt.Errorf("%s: %s: %s", method, m.Error, m.Message)
		}
		return m.Result, nil
	case <-time.After(d):
		c.mu.Lock()
		delete(c.waiting, id)
		c.mu.Unlock()
		return nil, fmt.Errorf("%s: no answer within %v", method, d)
	}
}

func (c *bidiClient) close() {
	c.conn.Close()
	<-c.done
}

// firefoxPage is one tab of a headless Firefox driven over BiDi.
type firefoxPage struct {
	t       *testing.T
	bidi    *bidiClient
	context string // the tab's browsing context id
	version string
}

// newFirefoxPage starts headless Firefox ESR with its own profile and
// opens a BiDi session on its one tab.
func newFirefoxPage(t *testing.T, origin string) (*firefoxPage, *pageLog) {
	t.Helper()
	bin := needBinary(t, "firefox-esr")
	profile := t.TempDir()
	// The page's origin as a user who allowed the microphone (1) and
	// blocked notifications (2) would have it. Without a stored microphone
	// permission Firefox offers only its default route's address as an ICE
	// candidate, never loopback; without a decision on notifications the
	// page asks outside a user gesture, which Firefox reports as an error.
	perms := filepath.Join(profile, "default-permissions")
	lines := "origin\tmicrophone\t1\t" + origin + "\norigin\tdesktop-notification\t2\t" + origin + "\n"
	if err := os.WriteFile(perms, []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	// No sound card here: without an audio output Firefox keeps the page's
	// AudioContext suspended.
	fifo := filepath.Join(profile, "speaker.wav")
	soundCard(t, fifo)
	if err := os.WriteFile(filepath.Join(profile, ".asoundrc"), []byte(fmt.Sprintf(alsaSink, fifo)), 0o600); err != nil {
		t.Fatal(err)
	}
	prefs := firefoxPrefs()
	prefs["permissions.manager.defaultsUrl"] = "file://" + perms
	var js strings.Builder
	for k, v := range prefs {
		b, _ := json.Marshal(v)
		fmt.Fprintf(&js, "user_pref(%q, %s);\n", k, b)
	}
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(js.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--headless", "--no-remote", "--profile", profile,
		"--remote-debugging-port", fmt.Sprint(port), "about:blank")
	cmd.Env = append(os.Environ(), "MOZ_CRASHREPORTER_DISABLE=1", "HOME="+profile)
	// Its own process group: the content processes go with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out bytes.Buffer
	var outMu sync.Mutex
	cmd.Stdout = lockedWriter{&outMu, &out}
	cmd.Stderr = lockedWriter{&outMu, &out}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	output := func() string { outMu.Lock(); defer outMu.Unlock(); return out.String() }
	log := &pageLog{}
	p := &firefoxPage{t: t}
	t.Cleanup(func() {
		if p.bidi != nil {
			// Firefox closes itself; the process group is the fallback.
			p.bidi.call("browser.close", map[string]any{}, 5*time.Second)
			p.bidi.close()
		}
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("firefox output:\n%s", output())
		}
	})

	// Firefox says where BiDi listens once it is up.
	url := fmt.Sprintf("ws://127.0.0.1:%d/session", port)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(output(), "WebDriver BiDi listening on") {
		select {
		case <-exited:
			t.Fatalf("firefox exited:\n%s", output())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("firefox: no BiDi within 30 s:\n%s", output())
		}
		time.Sleep(50 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialBiDi(ctx, url, log)
	if err != nil {
		t.Fatalf("BiDi WebSocket %s: %v", url, err)
	}
	p.bidi = c
	var sess struct {
		Capabilities struct {
			BrowserVersion string `json:"browserVersion"`
		} `json:"capabilities"`
	}
	p.command("session.new", map[string]any{"capabilities": map[string]any{}}, &sess)
	p.version = sess.Capabilities.BrowserVersion
	p.command("session.subscribe", map[string]any{"events": []string{"log.entryAdded"}}, nil)
	var tree struct {
		Contexts []struct {
			Context string `json:"context"`
		} `json:"contexts"`
	}
	p.command("browsingContext.getTree", map[string]any{}, &tree)
	if len(tree.Contexts) == 0 {
		var created struct {
			Context string `json:"context"`
		}
		p.command("browsingContext.create", map[string]any{"type": "tab"}, &created)
		p.context = created.Context
	} else {
		p.context = tree.Contexts[0].Context
	}
	return p, log
}

// command runs a BiDi command (bounded at 20 s), its result into out.
func (p *firefoxPage) command(method string, params, out any) {
	p.t.Helper()
	res, err := p.bidi.call(method, params, 20*time.Second)
	if err != nil {
		p.t.Fatal(err)
	}
	if out != nil {
		if err := json.Unmarshal(res, out); err != nil {
			p.t.Fatalf("%s: %v: %s", method, err, res)
		}
	}
}

func (p *firefoxPage) navigate(url string) {
	p.t.Helper()
	p.command("browsingContext.navigate", map[string]any{"context": p.context, "url": url, "wait": "complete"}, nil)
}

// ffJS evaluates expr in the page (awaiting a promise) and decodes its
// value, passed through JSON.stringify: undefined decodes as null.
func ffJS[T any](p *firefoxPage, expr string) T {
	p.t.Helper()
	var res struct {
		Type   string `json:"type"`
		Result struct {
			Type  string `json:"type"`
			Value any    `json:"value"`
		} `json:"result"`
		ExceptionDetails struct {
			Text string `json:"text"`
		} `json:"exceptionDetails"`
	}
	p.command("script.evaluate", map[string]any{
		"expression":   "Promise.resolve(" + expr + ").then(v => JSON.stringify(v))",
		"target":       map[string]any{"context": p.context},
		"awaitPromise": true,
	}, &res)
	if res.Type != "success" {
		p.t.Fatalf("%s: %s", expr, res.ExceptionDetails.Text)
	}
	var v T
	s, _ := res.Result.Value.(string)
	if res.Result.Type != "string" {
		s = "null"
	}
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		p.t.Fatalf("%s: %v: %s", expr, err, s)
	}
	return v
}

// wait polls a boolean expression in the page.
func (p *firefoxPage) wait(what, expr string, d time.Duration) {
	p.t.Helper()
	deadline := time.Now().Add(d)
	for !ffJS[bool](p, expr) {
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: not within %v; page state %v, error %q", what, d,
				ffJS[map[string]any](p, "window.dialtonePhone && window.dialtonePhone.state()"),
				ffJS[string](p, "window.dialtonePhone ? window.dialtonePhone.lastError() : ''"))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The browser softphone in Firefox ESR, driven over WebDriver BiDi,
// against the real binary and baresip: the page, logged in as 201 over
// SIP over WebSocket, calls baresip 202 (PCMU only: transcoded from
// Opus); 202 hears Firefox's fake microphone, a steady 1 kHz tone; the
// page hears 202's 700 Hz; the page hangs up; the CDR is ANSWERED with
// Opus on the WebRTC leg.
func TestFirefoxSoftphone(t *testing.T) {
	needBinary(t, "baresip")
	needBinary(t, "firefox-esr")
	dir := t.TempDir()
	deskWAV := filepath.Join(dir, "desk.wav")
	writeWAVAt(t, deskWAV, makeTones(0.5, toneStep{700, 90 * time.Second}).pcm, 8000, 1)

	n := newNode(t, "DIALTONE_WEBRTC_PORT="+fmt.Sprint(freePort(t)), "DIALTONE_MEDIA_ADDR=127.0.0.1")
	n.mustCLI("ext", "add", "201", "--name", "Browser", "--password", "pw-201-secret")
	n.mustCLI("ext", "add", "202", "--name", "Desk", "--password", "pw-202-secret")
	n.serve()

	desk := startPhoneWith(t, phoneOptions{
		account: fmt.Sprintf("<sip:202@%s;transport=udp>;auth_pass=pw-202-secret;regint=600;answermode=auto;audio_codecs=PCMU/8000/1", n.sip),
		source:  deskWAV, record: true, control: true, quitAfter: 3 * time.Minute,
	})
	ctl := desk.control()

	ff, plog := newFirefoxPage(t, "http://"+n.http)
	t.Logf("Firefox %s over WebDriver BiDi", ff.version)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("page errors: %v", plog.list())
		}
	})
	ff.navigate("http://" + n.http + "/phone/")
	ff.wait("page script", "!!window.dialtonePhone", 10*time.Second)
	ffJS[any](ff, `window.dialtonePhone.login("201", "pw-201-secret")`)
	ff.wait("201 registered over WebSocket", `window.dialtonePhone.state().registration === "registered"`, 15*time.Second)
	n.waitRegs(15*time.Second, "201 (ws) and 202 registered", func(r []map[string]any) bool {
		b := regsOf(r, "201")
		return len(b) == 1 && b[0]["transport"] == "ws" && len(regsOf(r, "202")) == 1
	})

	mark := ctl.mark()
	ffJS[any](ff, `window.dialtonePhone.call("202")`)
	ctl.eventsFrom(t, mark, "CALL_RTPESTAB", 15*time.Second)
	ff.wait("call active", `window.dialtonePhone.state().call === "active"`, 10*time.Second)
	live := n.waitAnsweredCall(5 * time.Second)
	if live.A.Media.Codec != "opus" || live.B[0].Media.Codec != "PCMU" {
		t.Fatalf("call list codecs %s/%s, want opus/PCMU", live.A.Media.Codec, live.B[0].Media.Codec)
	}

	// The page hears 202's 700 Hz.
	time.Sleep(2 * time.Second)
	heard := ffJS[map[string]any](ff, "window.dialtonePhone.remoteAudio()")
	if f, _ := heard["frequency"].(float64); math.Abs(f-700) > 25 {
		t.Fatalf("the page hears %v, want 700 Hz", heard)
	}
	if l, _ := heard["levelDb"].(float64); l < -40 {
		t.Fatalf("the page hears 202 at %v dB, too quiet", heard["levelDb"])
	}
	t.Logf("page hears 202: %.0f Hz at %.1f dB", heard["frequency"], heard["levelDb"])

	time.Sleep(3 * time.Second) // 202 hears Firefox for 5 s in all
	mark = ctl.mark()
	ffJS[any](ff, `window.dialtonePhone.hangup()`)
	ctl.eventsFrom(t, mark, "CALL_CLOSED", 10*time.Second)
	ff.wait("call over", `["idle", "ended"].includes(window.dialtonePhone.state().call)`, 5*time.Second)

	c := n.waitCDRs(1, 10*time.Second)[0]
	num := func(k string) float64 { f, _ := c[k].(float64); return f }
	if c["disposition"] != "ANSWERED" || c["hangup_side"] != "caller" || c["codec_a"] != "opus" || c["codec_b"] != "PCMU" || num("packets_a") < 150 || num("packets_b") < 150 {
		t.Fatalf("CDR %v: want ANSWERED, hung up by the page, opus/PCMU, packets from both legs", c)
	}
	t.Logf("CDR: %v %v/%v, packets %v/%v, lost %v/%v, jitter %v/%v ms", c["disposition"], c["codec_a"], c["codec_b"],
		c["packets_a"], c["packets_b"], c["lost_a"], c["lost_b"], c["jitter_a_ms"], c["jitter_b_ms"])

	// What 202 heard: Firefox's tone, steady from the answer to the hang-up.
	desk.waitOutput("terminated", 5*time.Second)
	rec := recordingAt8k(t, desk.recDir)
	tones := findTones(rec)
	if len(tones) == 0 {
		t.Fatalf("202 heard nothing (%d samples, rms %.0f)", len(rec), rms(rec))
	}
	long := tones[0]
	for _, h := range tones {
		if h.end-h.start > long.end-long.start {
			long = h
		}
	}
	if math.Abs(long.freq-firefoxMicHz) > firefoxMicHz*0.02 || long.purity < 0.8 || long.end-long.start < 3*audioRate {
		t.Fatalf("202 heard %v, want a steady %d Hz tone for 3 s or more", tones, firefoxMicHz)
	}
	if got := freqRuns(rec[long.start:long.end]); got != fmt.Sprint(firefoxMicHz) {
		t.Fatalf("202's tone in 200 ms windows: %q, want %d Hz throughout", got, firefoxMicHz)
	}
	t.Logf("202 hears Firefox: %v", long)
	if errs := plog.list(); len(errs) > 0 {
		t.Fatalf("page errors: %v", errs)
	}
}
