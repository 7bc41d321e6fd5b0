package e2e

// Remote control of a baresip phone over its ctrl_tcp module: commands as
// netstring-framed JSON, answers and events the same way back.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// phoneCtrl is a connection to a phone's ctrl_tcp.
type phoneCtrl struct {
	conn   net.Conn
	mu     sync.Mutex
	seen   []map[string]any // every event so far, for waitEvent and logs
	cond   *sync.Cond
	resp   chan map[string]any
	closed bool
	token  int
}

// control connects to the phone's ctrl_tcp (startPhoneWith with control).
func (p *phone) control() *phoneCtrl {
	p.t.Helper()
	if p.ctrlAddr == "" {
		p.t.Fatal("phone started without control")
	}
	var conn net.Conn
	deadline := time.Now().Add(10 * time.Second)
	for {
		var err error
		if conn, err = net.DialTimeout("tcp", p.ctrlAddr, time.Second); err == nil {
			break
		}
		select {
		case <-p.done:
			p.t.Fatalf("baresip exited before its ctrl_tcp answered\n%s", p.output())
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("ctrl_tcp %s: %v", p.ctrlAddr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	c := &phoneCtrl{conn: conn, resp: make(chan map[string]any, 16)}
	c.cond = sync.NewCond(&c.mu)
	go c.read()
	p.t.Cleanup(func() { conn.Close() })
	return c
}

// read parses netstrings ("LEN:JSON,") until the connection closes.
func (c *phoneCtrl) read() {
	r := bufio.NewReader(c.conn)
	defer func() {
		c.mu.Lock()
		c.closed = true
		c.cond.Broadcast()
		c.mu.Unlock()
	}()
	for {
		head, err := r.ReadString(':')
		if err != nil {
			return
		}
		n, err := strconv.Atoi(strings.TrimSpace(head[:len(head)-1]))
		if err != nil || n < 0 || n > 1<<20 {
			return
		}
		body := make([]byte, n+1)
		if _, err := io.ReadFull(r, body); err != nil || body[n] != ',' {
			return
		}
		var m map[string]any
		if json.Unmarshal(body[:n], &m) != nil {
			continue
		}
		if m["response"] == true {
			select {
			case c.resp <- m:
			default:
			}
			continue
		}
		c.mu.Lock()
		c.seen = append(c.seen, m)
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// command runs a menu command (e.g. "dial", "sip:202@host") and returns
// baresip's answer.
func (c *phoneCtrl) command(t *testing.T, cmd, params string) map[string]any {
	t.Helper()
	c.mu.Lock()
	c.token++
	tok := fmt.Sprintf("t%d", c.token)
	c.mu.Unlock()
	body, _ := json.Marshal(map[string]string{"command": cmd, "params": params, "token": tok})
	c.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(c.conn, "%d:%s,", len(body), body); err != nil {
		t.Fatalf("ctrl_tcp %s: %v", cmd, err)
	}
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m := <-c.resp:
			if m["token"] != tok {
				continue
			}
			if m["ok"] != true {
				t.Fatalf("baresip refused %s %s: %v", cmd, params, m)
			}
			return m
		case <-timeout:
			t.Fatalf("no answer from baresip to %s within 10 s", cmd)
		}
	}
}

// waitEvent waits up to d for an event of type typ (e.g. CALL_ESTABLISHED)
// and returns it; it fails the test when another type in fatal comes first.
func (c *phoneCtrl) waitEvent(t *testing.T, typ string, d time.Duration, fatal ...string) map[string]any {
	t.Helper()
	timer := time.AfterFunc(d, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	deadline := time.Now().Add(d)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; ; {
		for ; i < len(c.seen); i++ {
			ev := c.seen[i]
			if ev["type"] == typ {
				return ev
			}
			for _, f := range fatal {
				if ev["type"] == f {
					t.Fatalf("baresip reported %s (%v) while waiting for %s; events: %s", f, ev["param"], typ, c.eventsLocked())
				}
			}
		}
		if c.closed || !time.Now().Before(deadline) {
			t.Fatalf("no %s from baresip within %v; events: %s", typ, d, c.eventsLocked())
		}
		c.cond.Wait()
	}
}

// events lists the event types seen so far.
func (c *phoneCtrl) events() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.eventsLocked()
}

func (c *phoneCtrl) eventsLocked() string {
	var s []string
	for _, ev := range c.seen {
		e := fmt.Sprint(ev["type"])
		if p, ok := ev["param"].(string); ok && p != "" {
			e += "(" + p + ")"
		}
		s = append(s, e)
	}
	return strings.Join(s, " ")
}

// all returns every event of type typ seen so far, in order.
func (c *phoneCtrl) all(typ string) []map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []map[string]any
	for _, ev := range c.seen {
		if ev["type"] == typ {
			out = append(out, ev)
		}
	}
	return out
}
