// Package e2e drives the real dialtone binary, built pure Go, with real
// peers. Tests here run one after another (no t.Parallel): several peers
// together would fight for the machine's two cores.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the dialtone executable built once for the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dialtone-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "dialtone")
	build := exec.Command("go", "build", "-o", binary, "../cmd/dialtone")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building dialtone with CGO_ENABLED=0: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// freePort returns a loopback port free for TCP and UDP at the time of asking.
func freePort(t *testing.T) int {
	t.Helper()
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if pc, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			pc.Close()
			return port
		}
	}
	t.Fatal("no free port")
	return 0
}

// node is the environment of one Dialtone: its data dir and ports.
type node struct {
	t       *testing.T
	dataDir string
	env     []string
	http    string
	sip     string // UDP and TCP
	tls     string
}

func newNode(t *testing.T, extraEnv ...string) *node {
	t.Helper()
	n := &node{t: t, dataDir: t.TempDir()}
	n.http = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	n.sip = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	n.tls = fmt.Sprintf("127.0.0.1:%d", freePort(t))
	n.env = append([]string{
		"DIALTONE_DATA_DIR=" + n.dataDir,
		"DIALTONE_HTTP_LISTEN=" + n.http,
		"DIALTONE_SIP_LISTEN=" + n.sip,
		"DIALTONE_SIP_TLS_LISTEN=" + n.tls,
		"DIALTONE_NODE_NAME=e2e",
		"DIALTONE_CONFIG_POLL=200ms",
	}, extraEnv...)
	return n
}

// cli runs a dialtone sub-command against the node's database.
func (n *node) cli(args ...string) (stdout, stderr string, code int) {
	n.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = append(os.Environ(), n.env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code = 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			n.t.Fatalf("dialtone %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return o.String(), e.String(), code
}

// mustCLI runs a sub-command that must succeed.
func (n *node) mustCLI(args ...string) string {
	n.t.Helper()
	out, errOut, code := n.cli(args...)
	if code != 0 {
		n.t.Fatalf("dialtone %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

// server is a running `dialtone serve`.
type server struct {
	cmd    *exec.Cmd
	mu     sync.Mutex
	stdout bytes.Buffer
	stderr bytes.Buffer
	done   chan error
}

func (s *server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stdout.String() + s.stderr.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// serve starts the server and waits for /healthz.
func (n *node) serve() *server {
	n.t.Helper()
	s := &server{done: make(chan error, 1)}
	s.cmd = exec.Command(binary, "serve")
	s.cmd.Env = append(os.Environ(), n.env...)
	s.cmd.Stdout = lockedWriter{&s.mu, &s.stdout}
	s.cmd.Stderr = lockedWriter{&s.mu, &s.stderr}
	if err := s.cmd.Start(); err != nil {
		n.t.Fatal(err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	n.t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill()
			<-s.done
		}
		if n.t.Failed() {
			n.t.Logf("server output:\n%s", s.output())
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		if code, _ := n.get("/healthz"); code == 200 {
			return s
		}
		select {
		case err := <-s.done:
			n.t.Fatalf("server exited: %v\n%s", err, s.output())
		default:
		}
		if time.Now().After(deadline) {
			n.t.Fatalf("no /healthz within 20 s\n%s", s.output())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends SIGTERM and returns the exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		t.Fatalf("server did not stop within 20 s after SIGTERM\n%s", s.output())
	}
	return s.cmd.ProcessState.ExitCode()
}

func (n *node) get(path string) (int, map[string]any) {
	c := http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get("http://" + n.http + path)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

// firstLine is the first non-empty line of s.
func firstLine(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			return l
		}
	}
	return ""
}
