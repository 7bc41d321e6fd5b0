package e2e

import (
	"bytes"
	"fmt"
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
	bin := needBinary(t, "baresip")
	p := &phone{t: t, dir: t.TempDir(), done: make(chan struct{})}
	cfg := []string{
		"poll_method epoll",
		fmt.Sprintf("sip_listen 127.0.0.1:%d", freePort(t)),
		"net_interface 127.0.0.1",
		"audio_player null",
		"audio_source null",
		"audio_alert null",
		"module_path /usr/lib/baresip/modules",
		"module g711.so",
		"module_app account.so",
		"module_app menu.so",
	}
	if caFile != "" {
		cfg = append(cfg, "sip_cafile "+caFile)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(p.dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("config", strings.Join(cfg, "\n")+"\n")
	write("accounts", account+"\n")
	write("contacts", "")
	p.cmd = exec.Command(bin, "-f", p.dir)
	p.cmd.Stdout = lockedWriter{&p.mu, &p.out}
	p.cmd.Stderr = lockedWriter{&p.mu, &p.out}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("baresip output:\n%s", p.output())
		}
	})
	return p
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
