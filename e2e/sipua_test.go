package e2e

// A minimal SIP user agent over UDP, for what a real phone will not do on
// demand: register from one address while advertising another in Via,
// Contact and SDP, as a phone behind NAT does. It speaks just enough SIP:
// REGISTER with digest authentication, answering one INVITE (100, 200
// retransmitted until the ACK), answering BYE and OPTIONS.

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sipMsg is one parsed SIP message.
type sipMsg struct {
	request bool
	method  string // request method, or the CSeq method of a response
	code    int    // response status
	line    string // the start line
	hdrs    [][2]string
	body    string
	src     netip.AddrPort
	raw     string
}

var compactHeaders = map[string]string{
	"i": "call-id", "f": "from", "t": "to", "v": "via", "m": "contact",
	"l": "content-length", "c": "content-type", "k": "supported", "s": "subject",
}

func parseSIP(b []byte, src netip.AddrPort) (*sipMsg, error) {
	s := string(b)
	head, body, ok := strings.Cut(s, "\r\n\r\n")
	if !ok {
		return nil, fmt.Errorf("no end of headers")
	}
	lines := strings.Split(head, "\r\n")
	m := &sipMsg{line: lines[0], body: body, src: src, raw: s}
	f := strings.Fields(lines[0])
	if len(f) < 3 {
		return nil, fmt.Errorf("bad start line %q", lines[0])
	}
	if strings.HasPrefix(f[0], "SIP/") {
		m.code, _ = strconv.Atoi(f[1])
	} else {
		m.request, m.method = true, f[0]
	}
	for _, l := range lines[1:] {
		if l == "" {
			continue
		}
		if (l[0] == ' ' || l[0] == '\t') && len(m.hdrs) > 0 {
			m.hdrs[len(m.hdrs)-1][1] += " " + strings.TrimSpace(l)
			continue
		}
		name, val, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		if long, ok := compactHeaders[name]; ok {
			name = long
		}
		m.hdrs = append(m.hdrs, [2]string{name, strings.TrimSpace(val)})
	}
	if !m.request {
		if cs := strings.Fields(m.get("cseq")); len(cs) == 2 {
			m.method = cs[1]
		}
	}
	return m, nil
}

func (m *sipMsg) get(name string) string {
	for _, h := range m.hdrs {
		if h[0] == name {
			return h[1]
		}
	}
	return ""
}

func (m *sipMsg) all(name string) []string {
	var out []string
	for _, h := range m.hdrs {
		if h[0] == name {
			out = append(out, h[1])
		}
	}
	return out
}

// sdpMedia is the audio address of an SDP body: c= and the m=audio port.
func sdpMedia(body string) (netip.AddrPort, bool) {
	var addr netip.Addr
	port := -1
	for _, l := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if v, ok := strings.CutPrefix(l, "c=IN IP4 "); ok {
			addr, _ = netip.ParseAddr(strings.TrimSpace(v))
		}
		if v, ok := strings.CutPrefix(l, "m=audio "); ok {
			port, _ = strconv.Atoi(strings.Fields(v)[0])
		}
	}
	if !addr.IsValid() || port < 0 {
		return netip.AddrPort{}, false
	}
	return netip.AddrPortFrom(addr, uint16(port)), true
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// testUA is the agent: one UDP socket for SIP.
type testUA struct {
	t      *testing.T
	conn   *net.UDPConn
	server *net.UDPAddr
	user   string
	pass   string
	adv    string // host:port advertised in Via and Contact
	inbox  chan *sipMsg
	log    strings.Builder // every message, for failures
}

// newTestUA binds the SIP socket on bind (e.g. "127.0.0.3:0") and talks to
// server; adv is the address it claims to have.
func newTestUA(t *testing.T, bind, server, user, pass, adv string) *testUA {
	t.Helper()
	la, err := net.ResolveUDPAddr("udp", bind)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.ListenUDP("udp", la)
	if err != nil {
		t.Fatalf("binding %s: %v", bind, err)
	}
	sa, err := net.ResolveUDPAddr("udp", server)
	if err != nil {
		t.Fatal(err)
	}
	ua := &testUA{t: t, conn: conn, server: sa, user: user, pass: pass, adv: adv, inbox: make(chan *sipMsg, 64)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 65536)
		for {
			n, from, err := conn.ReadFromUDPAddrPort(buf)
			if err != nil {
				close(ua.inbox)
				return
			}
			if strings.TrimSpace(string(buf[:n])) == "" {
				continue // keep-alive
			}
			m, err := parseSIP(buf[:n], from)
			if err != nil {
				continue
			}
			select {
			case ua.inbox <- m:
			default:
			}
		}
	}()
	t.Cleanup(func() {
		conn.Close()
		<-done
		if t.Failed() {
			t.Logf("test UA %s (claims %s) SIP messages:\n%s", conn.LocalAddr(), adv, ua.log.String())
		}
	})
	return ua
}

func (ua *testUA) addr() netip.AddrPort {
	return ua.conn.LocalAddr().(*net.UDPAddr).AddrPort()
}

func (ua *testUA) send(to netip.AddrPort, msg string) {
	ua.t.Helper()
	fmt.Fprintf(&ua.log, "--> %s\n%s\n", to, msg)
	if _, err := ua.conn.WriteToUDPAddrPort([]byte(msg), to); err != nil {
		ua.t.Fatalf("sending to %s: %v", to, err)
	}
}

// next returns the next message received within d, or nil.
func (ua *testUA) next(d time.Duration) *sipMsg {
	select {
	case m, ok := <-ua.inbox:
		if !ok {
			return nil
		}
		fmt.Fprintf(&ua.log, "<-- %s\n%s\n", m.src, m.raw)
		return m
	case <-time.After(d):
		return nil
	}
}

// register registers the advertised contact for expires seconds, answering
// the digest challenge.
func (ua *testUA) register(expires int) {
	ua.t.Helper()
	host := ua.server.String()
	uri := "sip:" + host
	callID, tag := randHex(8)+"@nat-ua", randHex(4)
	var auth string
	for cseq := 1; cseq <= 2; cseq++ {
		req := fmt.Sprintf("REGISTER %s SIP/2.0\r\n"+
			"Via: SIP/2.0/UDP %s;branch=z9hG4bK%s;rport\r\n"+
			"Max-Forwards: 70\r\n"+
			"From: <sip:%s@%s>;tag=%s\r\n"+
			"To: <sip:%s@%s>\r\n"+
			"Call-ID: %s\r\n"+
			"CSeq: %d REGISTER\r\n"+
			"Contact: <sip:%s@%s>\r\n"+
			"Expires: %d\r\n"+
			"%s"+
			"User-Agent: dialtone-e2e-nat-ua\r\n"+
			"Content-Length: 0\r\n\r\n",
			uri, ua.adv, randHex(8), ua.user, host, tag, ua.user, host, callID, cseq, ua.user, ua.adv, expires, auth)
		ua.send(ua.server.AddrPort(), req)
		var res *sipMsg
		deadline := time.Now().Add(5 * time.Second)
		for res == nil && time.Now().Before(deadline) {
			m := ua.next(time.Until(deadline))
			if m != nil && !m.request && m.get("call-id") == callID && m.code >= 200 {
				res = m
			}
		}
		switch {
		case res == nil:
			ua.t.Fatalf("no final response to REGISTER\n%s", ua.log.String())
		case res.code == 200:
			return
		case res.code == 401 && cseq == 1:
			auth = "Authorization: " + ua.digest("REGISTER", uri, res.all("www-authenticate")) + "\r\n"
		default:
			ua.t.Fatalf("REGISTER: %s\n%s", res.line, ua.log.String())
		}
	}
	ua.t.Fatalf("REGISTER not accepted with credentials\n%s", ua.log.String())
}

// digest answers the first challenge with an algorithm it knows (RFC 8760).
func (ua *testUA) digest(method, uri string, challenges []string) string {
	ua.t.Helper()
	for _, c := range challenges {
		scheme, rest, _ := strings.Cut(c, " ")
		if !strings.EqualFold(scheme, "Digest") {
			continue
		}
		p := authParams(rest)
		alg := p["algorithm"]
		var h func() hash.Hash
		switch strings.ToUpper(alg) {
		case "", "MD5":
			h = md5.New
		case "SHA-256":
			h = sha256.New
		default:
			continue
		}
		sum := func(s string) string {
			x := h()
			x.Write([]byte(s))
			return hex.EncodeToString(x.Sum(nil))
		}
		ha1 := sum(ua.user + ":" + p["realm"] + ":" + ua.pass)
		ha2 := sum(method + ":" + uri)
		out := fmt.Sprintf(`Digest username="%s", realm="%s", nonce="%s", uri="%s"`, ua.user, p["realm"], p["nonce"], uri)
		if strings.Contains(","+strings.ReplaceAll(p["qop"], " ", "")+",", ",auth,") {
			cnonce := randHex(8)
			out += fmt.Sprintf(`, response="%s", qop=auth, nc=00000001, cnonce="%s"`,
				sum(ha1+":"+p["nonce"]+":00000001:"+cnonce+":auth:"+ha2), cnonce)
		} else {
			out += fmt.Sprintf(`, response="%s"`, sum(ha1+":"+p["nonce"]+":"+ha2))
		}
		if alg != "" {
			out += ", algorithm=" + alg
		}
		if o, ok := p["opaque"]; ok {
			out += fmt.Sprintf(`, opaque="%s"`, o)
		}
		return out
	}
	ua.t.Fatalf("no digest challenge this agent can answer: %q", challenges)
	return ""
}

// authParams splits `a="x, y", b=z` into a map.
func authParams(s string) map[string]string {
	out := map[string]string{}
	for s = strings.TrimSpace(s); s != ""; {
		name, rest, ok := strings.Cut(s, "=")
		if !ok {
			break
		}
		name = strings.ToLower(strings.TrimSpace(name))
		rest = strings.TrimSpace(rest)
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.Index(rest[1:], `"`)
			if end < 0 {
				val, rest = rest[1:], ""
			} else {
				val, rest = rest[1:1+end], rest[2+end:]
			}
		} else {
			val, rest, _ = strings.Cut(rest, ",")
			rest = "," + rest
		}
		out[name] = strings.TrimSpace(val)
		_, rest, _ = strings.Cut(rest, ",")
		s = strings.TrimSpace(rest)
	}
	return out
}

// uaDialog is the call the agent answered.
type uaDialog struct {
	invite *sipMsg
	toTag  string
	offer  netip.AddrPort // where the INVITE's SDP says to send RTP
}

// response builds a response to req from the agent.
func (ua *testUA) response(req *sipMsg, code int, reason, toTag, extra, body string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "SIP/2.0 %d %s\r\n", code, reason)
	for _, v := range req.all("via") {
		fmt.Fprintf(&b, "Via: %s\r\n", v)
	}
	to := req.get("to")
	if toTag != "" && !strings.Contains(to, ";tag=") {
		to += ";tag=" + toTag
	}
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n", req.get("from"), to, req.get("call-id"), req.get("cseq"))
	b.WriteString(extra)
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return b.String()
}

// answer waits up to d for an INVITE and answers it with sdp (the media
// address it claims), retransmitting the 200 until the ACK comes.
func (ua *testUA) answer(d time.Duration, claimed netip.AddrPort) *uaDialog {
	ua.t.Helper()
	deadline := time.Now().Add(d)
	var dlg *uaDialog
	for dlg == nil {
		m := ua.next(time.Until(deadline))
		if m == nil {
			ua.t.Fatalf("no INVITE within %v\n%s", d, ua.log.String())
		}
		if m.request && m.method == "INVITE" {
			dlg = &uaDialog{invite: m, toTag: randHex(4)}
		} else if m.request && m.method != "ACK" {
			ua.send(m.src, ua.response(m, 200, "OK", randHex(4), "", ""))
		}
	}
	var ok bool
	if dlg.offer, ok = sdpMedia(dlg.invite.body); !ok {
		ua.t.Fatalf("INVITE without an audio offer:\n%s", dlg.invite.raw)
	}
	ua.send(dlg.invite.src, ua.response(dlg.invite, 100, "Trying", "", "", ""))
	sdp := fmt.Sprintf("v=0\r\no=- 1 1 IN IP4 %s\r\ns=-\r\nc=IN IP4 %s\r\nt=0 0\r\n"+
		"m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n",
		claimed.Addr(), claimed.Addr(), claimed.Port())
	ok200 := ua.response(dlg.invite, 200, "OK", dlg.toTag,
		fmt.Sprintf("Contact: <sip:%s@%s>\r\nContent-Type: application/sdp\r\n", ua.user, ua.adv), sdp)
	ua.send(dlg.invite.src, ok200)
	wait := 500 * time.Millisecond
	ackBy := time.Now().Add(16 * time.Second)
	next := time.Now().Add(wait)
	for {
		m := ua.next(time.Until(next))
		switch {
		case m == nil:
			if time.Now().After(ackBy) {
				ua.t.Fatalf("no ACK for the 200\n%s", ua.log.String())
			}
			ua.send(dlg.invite.src, ok200)
			wait = min(2*wait, 4*time.Second)
			next = time.Now().Add(wait)
		case m.request && m.method == "ACK" && m.get("call-id") == dlg.invite.get("call-id"):
			return dlg
		case m.request && m.method == "INVITE":
			ua.send(m.src, ok200) // a retransmitted INVITE
		case m.request:
			ua.send(m.src, ua.response(m, 200, "OK", "", "", ""))
		}
	}
}

// waitBye waits up to d for the BYE of the dialog and answers it 200.
func (ua *testUA) waitBye(dlg *uaDialog, d time.Duration) *sipMsg {
	ua.t.Helper()
	deadline := time.Now().Add(d)
	for {
		m := ua.next(time.Until(deadline))
		if m == nil {
			return nil
		}
		if !m.request {
			continue
		}
		ua.send(m.src, ua.response(m, 200, "OK", "", "", ""))
		if m.method == "BYE" && m.get("call-id") == dlg.invite.get("call-id") {
			return m
		}
	}
}
