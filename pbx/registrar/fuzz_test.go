package registrar

import (
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
)

// FuzzRegister feeds arbitrary REGISTER text that sipgo parses through the
// full ServeREGISTER path and, as if authenticated, through the Contact and
// Expires handling (bind). Neither may panic, each answers exactly once,
// and the location service keeps its invariants. Seeds: testdata/fuzz/FuzzRegister.
func FuzzRegister(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		msg, err := sip.ParseMessage(data)
		if err != nil {
			return
		}
		m, ok := msg.(*sip.Request)
		if !ok {
			return
		}
		e := newEnv(t, Options{MaxContacts: 3, KeepAlive: 30 * time.Second})
		full := &fakeReq{msg: m, transport: "udp", src: mustAP("192.0.2.10:5060"), local: mustAP("198.51.100.1:5060")}
		e.r.ServeREGISTER(full)
		if full.responses != 1 {
			t.Fatalf("ServeREGISTER answered %d times", full.responses)
		}
		if m.Method != sip.REGISTER || m.CallID() == nil || m.CSeq() == nil || m.To() == nil || m.From() == nil {
			return
		}
		ext, _ := e.dir.Extension("101")
		for range 2 { // twice: the second pass meets the bindings of the first
			var cbuf [4]*sip.ContactHeader
			h := regHeaders{contacts: cbuf[:0]}
			scanHeaders(m, &h)
			req := &fakeReq{msg: m, transport: "tcp", flow: 3, src: mustAP("192.0.2.10:5060"), local: mustAP("198.51.100.1:5060")}
			e.r.bind(req, m, ext, &h)
			if req.responses != 1 {
				t.Fatalf("bind answered %d times", req.responses)
			}
		}
		now := e.clock.Now()
		got := e.r.Lookup("101")
		if len(got) > 3 || len(e.r.List()) != e.r.Stats().Contacts {
			t.Fatalf("%d bindings, stats %+v", len(got), e.r.Stats())
		}
		for _, c := range got {
			if left := c.Expires.Sub(now); left < time.Minute || left > time.Hour {
				t.Fatalf("binding for %s outside [min, max]: %+v", left, c)
			}
		}
		e.r.FlowClosed("tcp", 3)
		e.r.keepAlive(t.Context(), now.Add(time.Hour))
		if n := e.r.Stats().Contacts; n != len(e.r.List()) {
			t.Fatalf("contacts gauge %d", n)
		}
	})
}
