package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"
	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
)

// A browser registers over SIP over WebSocket (RFC 7118) on the HTTP
// listener's /ws; closing the socket removes the contact (its flow is gone).
func TestRegisterOverWebSocket(t *testing.T) {
	n := newNode(t)
	n.mustCLI("ext", "add", "2401", "--password", "pw-2401-secret")
	n.serve()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	d := ws.Dialer{Protocols: []string{"sip"}}
	conn, _, hs, err := d.Dial(ctx, "ws://"+n.http+"/ws")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if hs.Protocol != "sip" {
		t.Fatalf("negotiated subprotocol %q, want sip", hs.Protocol)
	}
	host := "df7jal23ls0d.invalid" // RFC 7118 §5.2: browsers use a made-up host
	register := func(cseq int, auth string) *sip.Response {
		t.Helper()
		msg := strings.Join([]string{
			"REGISTER sip:" + n.http + " SIP/2.0",
			"Via: SIP/2.0/WS " + host + ";branch=z9hG4bK-ws-" + fmt.Sprint(cseq),
			"Max-Forwards: 70",
			"From: <sip:2401@" + n.http + ">;tag=wstag",
			"To: <sip:2401@" + n.http + ">",
			"Call-ID: ws-call-1",
			fmt.Sprintf("CSeq: %d REGISTER", cseq),
			"Contact: <sip:abc@" + host + ";transport=ws>;expires=600",
			"User-Agent: e2e-websocket",
		}, "\r\n") + "\r\n"
		if auth != "" {
			msg += "Authorization: " + auth + "\r\n"
		}
		msg += "Content-Length: 0\r\n\r\n"
		if err := wsutil.WriteClientText(conn, []byte(msg)); err != nil {
			t.Fatal(err)
		}
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		data, err := wsutil.ReadServerText(conn)
		if err != nil {
			t.Fatal(err)
		}
		m, err := sip.ParseMessage(data)
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		res, ok := m.(*sip.Response)
		if !ok {
			t.Fatalf("not a response:\n%s", data)
		}
		return res
	}
	first := register(1, "")
	if first.StatusCode != 401 {
		t.Fatalf("first REGISTER: %d", first.StatusCode)
	}
	ch := first.GetHeader("WWW-Authenticate").Value()
	nonce := between(ch, `nonce="`, `"`)
	realm := between(ch, `realm="`, `"`)
	uri := "sip:" + n.http
	ha1 := digest.HA1(digest.MD5, "2401", realm, "pw-2401-secret")
	resp := digest.Response(digest.MD5, ha1, nonce, "00000001", "c0ffee", "auth", "REGISTER", uri)
	auth := fmt.Sprintf(`Digest username="2401", realm="%s", nonce="%s", uri="%s", response="%s", algorithm=MD5, qop=auth, nc=00000001, cnonce="c0ffee"`,
		realm, nonce, uri, resp)
	if ok := register(2, auth); ok.StatusCode != 200 {
		t.Fatalf("authenticated REGISTER: %d", ok.StatusCode)
	}
	r := n.waitRegs(3*time.Second, "WebSocket registration", func(r []map[string]any) bool { return len(r) == 1 })
	if r[0]["transport"] != "ws" || r[0]["user_agent"] != "e2e-websocket" {
		t.Fatalf("registration %v", r[0])
	}
	// The browser tab goes away: the contact goes with its connection.
	conn.Close()
	n.waitRegs(5*time.Second, "contact dropped with its WebSocket", func(r []map[string]any) bool { return len(r) == 0 })
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	j := strings.Index(s, b)
	if j < 0 {
		return ""
	}
	return s[:j]
}
