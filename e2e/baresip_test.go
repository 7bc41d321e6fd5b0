package e2e

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// phone is a headless baresip instance: a real SIP phone.
type phone struct {
	t    *testing.T
	dir  string
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}

	sipAddr  string // where it listens for SIP (UDP and TCP; TLS on the next port)
	recDir   string // snd_path when recording ("" = not recording)
	ctrlAddr string // ctrl_tcp address ("" = no remote control)
}

func needBinary(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("DIALTONE_TEST_STRICT") == "1" {
			t.Fatalf("%s not installed (run scripts/install-deps.sh)", name)
		}
		t.Skipf("%s not installed; `make test` installs it", name)
	}
	return p
}

// startPhone runs baresip with one account line, e.g.
// "<sip:101@127.0.0.1:5060;transport=udp>;auth_pass=pw;regint=60".
// caFile, when set, is the CA file for TLS.
func startPhone(t *testing.T, account, caFile string) *phone {
	t.Helper()
	return startPhoneWith(t, phoneOptions{account: account, caFile: caFile})
}

// phoneOptions is what startPhoneWith can set up beyond an account.
type phoneOptions struct {
	account string // the account line
	caFile  string // CA file for TLS ("" = none)

	// source is a WAV file the phone plays as its microphone (aufile); it
	// must match the codec (8 kHz mono for G.711). A caller hangs up when
	// it ends. "" = no source.
	source string
	// record makes the phone record what it hears (sndfile) as
	// dump-*-dec.wav in recDir.
	record bool
	// control opens ctrl_tcp on a free port, for p.command and p.waitEvent.
	control bool
	// trace prints every SIP message sent and received (-s).
	trace bool
	// quitAfter makes baresip quit by itself after this long (-t), a bound
	// on a test that forgets it.
	quitAfter time.Duration
	// modules are extra codec modules to load (g722.so, opus.so).
	modules []string
}

// startPhoneWith runs baresip as opts say.
func startPhoneWith(t *testing.T, opts phoneOptions) *phone {
	t.Helper()
	bin := needBinary(t, "baresip")
	p := &phone{t: t, dir: t.TempDir(), done: make(chan struct{})}
	// baresip listens for TLS on the port after its SIP port: both must be free.
	p.sipAddr = fmt.Sprintf("127.0.0.1:%d", freePortPair(t))
	player, src := "null", "null"
	if opts.source != "" || opts.record {
		// The ALSA null device plays into nothing, no sound card needed.
		player = "alsa,null"
	}
	if opts.source != "" {
		src = "aufile," + opts.source
	}
	cfg := []string{
		"poll_method epoll",
		"sip_listen " + p.sipAddr,
		"net_interface 127.0.0.1",
		"audio_player " + player,
		"audio_source " + src,
		"audio_alert " + player,
		"module_path /usr/lib/baresip/modules",
		"module g711.so",
	}
	for _, m := range opts.modules {
		cfg = append(cfg, "module "+m)
	}
	if player != "null" {
		cfg = append(cfg, "module alsa.so")
	}
	if opts.source != "" {
		cfg = append(cfg, "module aufile.so")
	}
	if opts.record {
		p.recDir = filepath.Join(p.dir, "rec")
		if err := os.Mkdir(p.recDir, 0o700); err != nil {
			t.Fatal(err)
		}
		cfg = append(cfg, "snd_path "+p.recDir, "module sndfile.so")
	}
	cfg = append(cfg, "module_app account.so", "module_app menu.so")
	if opts.control {
		p.ctrlAddr = fmt.Sprintf("127.0.0.1:%d", freePort(t))
		cfg = append(cfg, "module_app ctrl_tcp.so", "ctrl_tcp_listen "+p.ctrlAddr)
	}
	if opts.caFile != "" {
		cfg = append(cfg, "sip_cafile "+opts.caFile)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(p.dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("config", strings.Join(cfg, "\n")+"\n")
	write("accounts", opts.account+"\n")
	write("contacts", "")
	args := []string{"-f", p.dir}
	if opts.trace {
		args = append(args, "-s")
	}
	if opts.quitAfter > 0 {
		args = append(args, "-t", fmt.Sprint(int((opts.quitAfter+time.Second-1)/time.Second)))
	}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stdout = lockedWriter{&p.mu, &p.out}
	p.cmd.Stderr = lockedWriter{&p.mu, &p.out}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("baresip output (%s):\n%s", p.sipAddr, p.output())
		}
	})
	return p
}

// freePortPair returns a loopback port p with p and p+1 free for TCP and UDP.
func freePortPair(t *testing.T) int {
	t.Helper()
	for range 50 {
		p := freePort(t)
		if p >= 65535 {
			continue
		}
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+1))
		if err != nil {
			continue
		}
		l.Close()
		if pc, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", p+1)); err == nil {
			pc.Close()
			return p
		}
	}
	t.Fatal("no free pair of ports")
	return 0
}

func (p *phone) output() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.out.String()
}

func (p *phone) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(3 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}
