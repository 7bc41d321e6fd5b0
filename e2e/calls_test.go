package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sippProc is a sipp running in the background (the callee side).
type sippProc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when sipp has exited
	dir  string
}

func startSipp(t *testing.T, target string, args ...string) *sippProc {
	t.Helper()
	bin := needBinary(t, "sipp")
	p := &sippProc{done: make(chan struct{}), dir: t.TempDir()}
	full := append([]string{target, "-nostdin", "-trace_err", "-error_file", filepath.Join(p.dir, "err.log"),
		"-trace_msg", "-message_file", filepath.Join(p.dir, "msg.log")}, args...)
	p.cmd = exec.Command(bin, full...)
	p.cmd.Dir = "sipp"
	// A file, not a pipe: Wait must not wait for sipp's helpers to close it.
	out, err := os.Create(filepath.Join(p.dir, "out.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	p.cmd.Stdout, p.cmd.Stderr = out, out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

func (p *sippProc) wait(t *testing.T, d time.Duration) (int, string) {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(d):
		p.cmd.Process.Kill()
		<-p.done
		t.Logf("sipp killed after %v", d)
	}
	out, _ := os.ReadFile(filepath.Join(p.dir, "out.log"))
	msgs, _ := os.ReadFile(filepath.Join(p.dir, "msg.log"))
	errs, _ := os.ReadFile(filepath.Join(p.dir, "err.log"))
	return p.cmd.ProcessState.ExitCode(), string(out) + string(errs) + string(msgs)
}

// cdrs returns `dialtone cdr list --json`.
func (n *node) cdrs() []map[string]any {
	n.t.Helper()
	var out []map[string]any
	if err := json.Unmarshal([]byte(n.mustCLI("cdr", "list", "--json")), &out); err != nil {
		n.t.Fatal(err)
	}
	return out
}

func writeUsers(t *testing.T, users ...string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("SEQUENTIAL\n")
	for _, u := range users {
		fmt.Fprintf(&b, "%s;[authentication username=%s password=pw-%s-secret]\n", u, u, u)
	}
	f := filepath.Join(t.TempDir(), "users.csv")
	if err := os.WriteFile(f, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSippCalls drives sipp (caller) → Dialtone → sipp (callee) with RTP
// from a pcap and checks the outcome and the CDR of each kind of call.
func TestSippCalls(t *testing.T) {
	tests := []struct {
		name        string
		callee      string // dialled number
		uas         string // callee scenario ("" = none)
		uasArgs     []string
		uac         string
		uacArgs     []string
		wantStatus  string // final status the caller must see ("" = 200 path)
		disposition string
		side        string
		media       bool
	}{
		{name: "answered_caller_hangs_up", callee: "3002", uas: "uas_answer.xml", uac: "call_uac.xml",
			uacArgs: []string{"-d", "3000"}, disposition: "ANSWERED", side: "caller", media: true},
		{name: "answered_callee_hangs_up", callee: "3002", uas: "uas_answer_bye.xml", uasArgs: []string{"-d", "3000"},
			uac: "call_uac_wait_bye.xml", disposition: "ANSWERED", side: "callee", media: true},
		{name: "busy", callee: "3002", uas: "uas_busy.xml", uac: "call_uac_fail.xml", wantStatus: "486", disposition: "BUSY"},
		{name: "cancel_while_ringing", callee: "3002", uas: "uas_ring.xml", uac: "call_uac_cancel.xml", disposition: "CANCELED", side: "caller"},
		{name: "no_answer", callee: "3003", uas: "uas_ring.xml", uac: "call_uac_fail.xml", wantStatus: "480", disposition: "NO ANSWER"},
		{name: "unknown_number", callee: "3999", uac: "call_uac_fail.xml", wantStatus: "404", disposition: "FAILED"},
		{name: "not_registered", callee: "3004", uac: "call_uac_fail.xml", wantStatus: "480", disposition: "FAILED"},
	}
	n := newNode(t)
	n.mustCLI("ext", "add", "3001", "--name", "Alice", "--password", "pw-3001-secret")
	n.mustCLI("ext", "add", "3002", "--name", "Bob", "--password", "pw-3002-secret")
	n.mustCLI("ext", "add", "3003", "--name", "Carol", "--password", "pw-3003-secret", "--ring-timeout", "3s")
	n.mustCLI("ext", "add", "3004", "--name", "Dave", "--password", "pw-3004-secret")
	n.serve()
	caller := writeUsers(t, "3001")

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(n.cdrs())
			var uas *sippProc
			if tt.uas != "" {
				// Register the callee from the port its UAS will listen on.
				users := writeUsers(t, tt.callee)
				port := n.registerFrom(t, users)
				// Unregister afterwards, so the next case does not ring this
				// (then dead) contact too.
				t.Cleanup(func() {
					sipp(t, n.sip, "-sf", "register_auth.xml", "-inf", users,
						"-key", "expires", "0", "-p", fmt.Sprint(port), "-t", "u1", "-m", "1", "-timeout", "15s", "-timeout_error")
				})
				uas = startSipp(t, n.sip, append([]string{"-sf", tt.uas, "-p", fmt.Sprint(port), "-t", "u1", "-m", "1",
					"-mp", fmt.Sprint(freePort(t) &^ 1), "-timeout", "60s"}, tt.uasArgs...)...)
				time.Sleep(300 * time.Millisecond)
			}
			uac := startSipp(t, n.sip, append([]string{"-sf", tt.uac, "-inf", caller, "-key", "callee", tt.callee,
				"-t", "u1", "-m", "1", "-mp", fmt.Sprint(freePort(t) &^ 1), "-timeout", "60s", "-timeout_error"}, tt.uacArgs...)...)
			code, out := uac.wait(t, 70*time.Second)
			if code != 0 {
				t.Fatalf("caller sipp exit %d\n%s", code, out)
			}
			if tt.wantStatus != "" && !strings.Contains(out, "SIP/2.0 "+tt.wantStatus+" ") {
				t.Fatalf("caller did not get %s\n%s", tt.wantStatus, out)
			}
			if uas != nil {
				code, uout := uas.wait(t, 30*time.Second)
				if code != 0 {
					t.Fatalf("callee sipp exit %d\n%s", code, uout)
				}
				// Topology hiding: nothing of the caller's leg reaches the callee.
				for _, leak := range []string{"X-Secret-Internal", "SIPpTag00", "sipp-dialtone-e2e"} {
					if strings.Contains(uout, leak) {
						t.Fatalf("callee saw %q from the caller's leg\n%s", leak, uout)
					}
				}
			}
			// The CDR of this attempt.
			var c map[string]any
			deadline := time.Now().Add(5 * time.Second)
			for {
				list := n.cdrs()
				if len(list) > before {
					c = list[0]
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("no CDR for the call")
				}
				time.Sleep(100 * time.Millisecond)
			}
			if c["disposition"] != tt.disposition || c["caller_number"] != "3001" || c["callee_number"] != tt.callee {
				t.Fatalf("CDR %v, want disposition %s", c, tt.disposition)
			}
			if tt.side != "" && c["hangup_side"] != tt.side {
				t.Fatalf("CDR hangup side %v, want %s: %v", c["hangup_side"], tt.side, c)
			}
			if tt.disposition == "ANSWERED" {
				if c["answered_at"] == nil || c["billsec_ms"].(float64) < 1000 {
					t.Fatalf("answered CDR without billable time: %v", c)
				}
			} else if c["answered_at"] != nil && c["answered_at"] != "" {
				t.Fatalf("unanswered CDR has an answer time: %v", c)
			}
			if tt.media {
				// Every packet went through Dialtone's relay: it counted them.
				if c["packets_a"].(float64) < 50 || c["packets_b"].(float64) < 50 || c["codec_a"] != "PCMA" {
					t.Fatalf("media not relayed through Dialtone: %v", c)
				}
			}
		})
	}
}

// callee registers number from a fresh port and starts a sipp UAS there
// with scenario and args; it unregisters when the test ends.
func (n *node) callee(t *testing.T, number, scenario string, args ...string) *sippProc {
	t.Helper()
	port := n.registerFrom(t, writeUsers(t, number))
	uas := startSipp(t, n.sip, append([]string{"-sf", scenario, "-p", fmt.Sprint(port), "-t", "u1",
		"-mp", fmt.Sprint(freePort(t) &^ 1), "-timeout", "120s"}, args...)...)
	time.Sleep(300 * time.Millisecond)
	return uas
}

// A live call shows in `dialtone call list` while it lasts.
func TestCallListShowsLiveCall(t *testing.T) {
	n := newNode(t)
	n.mustCLI("ext", "add", "3101", "--name", "Alice", "--password", "pw-3101-secret")
	n.mustCLI("ext", "add", "3102", "--name", "Bob", "--password", "pw-3102-secret")
	n.serve()
	uas := n.callee(t, "3102", "uas_answer.xml", "-m", "1")
	uac := startSipp(t, n.sip, "-sf", "call_uac.xml", "-inf", writeUsers(t, "3101"), "-key", "callee", "3102",
		"-d", "4000", "-t", "u1", "-m", "1", "-mp", fmt.Sprint(freePort(t)&^1), "-timeout", "60s", "-timeout_error")
	deadline := time.Now().Add(10 * time.Second)
	for {
		var calls []map[string]any
		if err := json.Unmarshal([]byte(n.mustCLI("call", "list", "--json")), &calls); err != nil {
			t.Fatal(err)
		}
		if len(calls) == 1 && calls[0]["phase"] == "answered" {
			c := calls[0]
			if c["caller"].(map[string]any)["number"] != "3101" || c["callee"].(map[string]any)["number"] != "3102" {
				t.Fatalf("call %v", c)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("live call not listed: %v", calls)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if code, out := uac.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("caller exit %d\n%s", code, out)
	}
	uas.wait(t, 10*time.Second)
	if out := n.mustCLI("call", "list", "--json"); strings.TrimSpace(out) != "[]" {
		t.Fatalf("ended call still listed: %s", out)
	}
}

// kill -9 right after 20 calls end: every CDR is there after a restart.
func TestKill9KeepsEveryCDR(t *testing.T) {
	n := newNode(t)
	n.mustCLI("ext", "add", "3201", "--password", "pw-3201-secret")
	n.mustCLI("ext", "add", "3202", "--password", "pw-3202-secret")
	s := n.serve()
	uas := n.callee(t, "3202", "uas_answer.xml", "-m", "20")
	uac := startSipp(t, n.sip, "-sf", "call_uac.xml", "-inf", writeUsers(t, "3201"), "-key", "callee", "3202",
		"-d", "300", "-t", "u1", "-m", "20", "-r", "10", "-l", "5", "-mp", fmt.Sprint(freePort(t)&^1), "-timeout", "90s", "-timeout_error")
	if code, out := uac.wait(t, 100*time.Second); code != 0 {
		t.Fatalf("caller exit %d\n%s", code, out)
	}
	// The last BYE has been answered: kill at once, no clean shutdown.
	if err := s.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-s.done
	uas.wait(t, 10*time.Second)
	n.serve()
	deadline := time.Now().Add(10 * time.Second)
	for {
		answered := 0
		for _, c := range n.cdrs() {
			if c["disposition"] == "ANSWERED" && c["callee_number"] == "3202" {
				answered++
			}
		}
		if answered == 20 {
			break
		}
		if answered > 20 || time.Now().After(deadline) {
			t.Fatalf("%d answered CDRs after kill -9 and restart, want 20", answered)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// registerFrom registers the user in users from a free local UDP port and
// returns the port, for a sipp UAS to listen on. Another process may take
// the port between our check and sipp's bind (errno 98): then try another.
func (n *node) registerFrom(t *testing.T, users string) int {
	t.Helper()
	for attempt := 0; ; attempt++ {
		port := freePort(t)
		code, out := sipp(t, n.sip, "-sf", "register_auth.xml", "-inf", users,
			"-key", "expires", "600", "-p", fmt.Sprint(port), "-t", "u1", "-m", "1", "-timeout", "15s", "-timeout_error")
		if code == 0 {
			return port
		}
		if attempt < 5 && strings.Contains(out, "errno = 98") {
			continue
		}
		t.Fatalf("callee registration: exit %d\n%s", code, out)
	}
}
