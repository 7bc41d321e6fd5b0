package e2e

// A Go stand-in for Amazon Chime Voice Connector's termination side over
// TLS with SDES-SRTP, which Debian's sipp cannot play (it has no TLS): a
// TLS listener with a certificate for the connector's host name, a digest
// challenge, an RTP/SAVP answer with its own key, and a UDP media socket
// that decrypts what Dialtone sends and sends tones back as SRTP.

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/md5"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	byteorder "encoding/binary"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/srtp"
)

// chimeHost is the connector's outbound host name, as AWS names them.
const chimeHost = "abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws"

// TestChimeTLSSRTP: a Chime preset trunk (TLS, SRTP required, E.164)
// towards a Go stand-in for the connector, found through a local DNS zone
// and trusted through a throwaway CA given to Dialtone as SSL_CERT_FILE.
// baresip 201 (PCMU, plain RTP) dials a 10-digit number while playing four
// tones; the route prepends +1. The stand-in checks the TLS server name,
// the E.164 Request-URI and From, demands digest authentication (MD5,
// qop=auth), checks the SRTP offer, answers RTP/SAVP with its own key and
// plays three tones as SRTP. The test asserts that the trunk was up (OPTIONS
// over the TLS connection), that each side heard the other's tones in order
// (the stand-in after decrypting with Dialtone's offered key), that no SRTP
// key or profile reached the phone, that the BYE came over the INVITE's
// TLS connection when 201 hung up, and that the CDR is ANSWERED to the
// E.164 number.
func TestChimeTLSSRTP(t *testing.T) {
	needBinary(t, "baresip")
	const user, pass = "vc-term-user", "vc-s3cret-term"

	// What 201 says: 800 ms of silence, four tones, 1 s of silence; its
	// file ending makes it hang up.
	toChime := makeTones(0.5,
		toneStep{0, ms(800)},
		toneStep{440, ms(500)}, toneStep{0, ms(150)},
		toneStep{880, ms(500)}, toneStep{0, ms(150)},
		toneStep{1320, ms(500)}, toneStep{0, ms(150)},
		toneStep{660, ms(500)}, toneStep{0, ms(1000)})
	// What the connector says back: three other tones, then silence until
	// the BYE.
	toPhone := makeTones(0.5,
		toneStep{0, ms(800)},
		toneStep{1000, ms(500)}, toneStep{0, ms(150)},
		toneStep{500, ms(500)}, toneStep{0, ms(150)},
		toneStep{1500, ms(500)}, toneStep{0, ms(200)})

	caFile, cert := testCA(t, chimeHost)
	chime := startChimeStandIn(t, cert, user, pass, toPhone.pcm)
	z := newTestZone(t, chimeHost+". 60 IN A 127.0.0.1")
	n := newNode(t, "SSL_CERT_FILE="+caFile, "DIALTONE_DNS_SERVERS="+z.addr)
	n.mustCLI("ext", "add", "201", "--password", "pw-201-secret", "--caller-id", "+15550101")
	n.mustCLI("trunk", "add", "chime", "--type", "chime", "--host", fmt.Sprintf("%s:%d", chimeHost, chime.port),
		"--username", user, "--password", pass, "--caller-id", "+15550100")
	n.mustCLI("route", "add", "us", "--pattern", "NXXNXXXXXX", "--trunk", "chime", "--prepend", "+1")

	// The preset's defaults, not flags, make it TLS with SRTP required.
	var trunks []map[string]any
	if err := json.Unmarshal([]byte(n.mustCLI("trunk", "list", "--json")), &trunks); err != nil {
		t.Fatal(err)
	}
	if len(trunks) != 1 || trunks[0]["type"] != "chime" || trunks[0]["transport"] != "tls" || trunks[0]["srtp"] != "required" ||
		trunks[0]["host"] != chimeHost || trunks[0]["port"] != float64(chime.port) {
		t.Fatalf("trunk list: %v; want the chime preset: tls to %s:%d, srtp required", trunks, chimeHost, chime.port)
	}
	n.serve()

	// The first OPTIONS round opens the TLS connection (verifying the
	// certificate against SSL_CERT_FILE) and brings the trunk up.
	deadline := time.Now().Add(15 * time.Second)
	for {
		var st []map[string]any
		if err := json.Unmarshal([]byte(n.mustCLI("trunk", "status", "--json")), &st); err != nil {
			t.Fatal(err)
		}
		if len(st) == 1 && st[0]["state"] == "up" {
			t.Logf("trunk up: OPTIONS to %v answered %v in %v ms", st[0]["target"], st[0]["last_code"], st[0]["last_rtt_ms"])
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("trunk not up within 15 s: %v\nstand-in:\n%s", st, chime.transcript())
		}
		time.Sleep(200 * time.Millisecond)
	}

	src := filepath.Join(t.TempDir(), "from-201.wav")
	writeWAV(t, src, toChime.pcm)
	caller := startPhoneWith(t, phoneOptions{
		account: fmt.Sprintf("<sip:201@%s;transport=udp>;auth_pass=pw-201-secret;regint=600;audio_codecs=PCMU/8000/1", n.sip),
		source:  src, record: true, trace: true, control: true, quitAfter: time.Minute})
	n.waitRegs(15*time.Second, "201 registered", func(r []map[string]any) bool { return len(regsOf(r, "201")) == 1 })
	ctl := caller.control()
	ctl.command(t, "dial", "sip:5552345678@"+n.sip)
	ctl.waitEvent(t, "CALL_ESTABLISHED", 15*time.Second, "CALL_CLOSED")
	ctl.waitEvent(t, "CALL_CLOSED", 20*time.Second) // 201's file ends: it hangs up

	var bye chimeMsg
	select {
	case bye = <-chime.bye:
	case <-time.After(10 * time.Second):
		t.Fatalf("the stand-in got no BYE within 10 s of 201 hanging up\n%s", chime.transcript())
	}
	if errs := chime.problems(); len(errs) > 0 {
		t.Fatalf("the stand-in found: %s\n%s", strings.Join(errs, "; "), chime.transcript())
	}
	inv := chime.answered()
	if bye.conn != inv.conn {
		t.Fatalf("BYE over TLS connection %d, the INVITE over %d: want the same\n%s", bye.conn, inv.conn, chime.transcript())
	}
	challenged, acked, suites := chime.dialog()
	if challenged != 1 || !acked {
		t.Fatalf("stand-in: %d INVITEs challenged (want 1), ACK of the 200 received: %v\n%s", challenged, acked, chime.transcript())
	}
	t.Logf("stand-in: one INVITE challenged 401, the retry's digest verified; SRTP offered %q, %s chosen", suites, srtp.AESCM128HMACSHA1_80)
	t.Logf("stand-in: TLS server name %q; INVITE, ACK and BYE over TLS connection %d of %d", chime.serverName(inv.conn), inv.conn, chime.conns())
	caller.stop() // closes the recording

	// DNS gave the connector's address.
	if q := strings.Join(z.questions(), ", "); !strings.Contains(q, "A "+chimeHost+".") {
		t.Fatalf("DNS questions %s: want A %s.", q, chimeHost)
	}

	// The connector heard 201's tones, once decrypted with the key Dialtone
	// offered; every packet authenticated.
	heard, stats := chime.heard()
	if stats.AuthFailures != 0 || stats.Replays != 0 || stats.Invalid != 0 {
		t.Fatalf("SRTP from Dialtone: %+v, want every packet authenticated", stats)
	}
	if stats.Packets < 150 {
		t.Fatalf("SRTP from Dialtone: %d packets decrypted, want the whole call (≥ 150)", stats.Packets)
	}
	t.Logf("stand-in decrypted %d SRTP packets from Dialtone (%.2f s of PCMU)", stats.Packets, float64(len(heard))/audioRate)
	checkTones(t, "the connector hearing 201 (SRTP decrypted)", findTones(heard), toChime)

	// 201 heard the connector's tones, which Dialtone decrypted.
	checkTones(t, "201 hearing the connector (SRTP decrypted by Dialtone)", findTones(recording(t, caller.recDir)), toPhone)

	// No key and no SRTP profile crossed to the phone's leg.
	got := caller.sipReceived()
	var sdps int
	for _, m := range got {
		if strings.Contains(m, "m=audio") {
			sdps++
			if !strings.Contains(m, "RTP/AVP") {
				t.Fatalf("201 received SDP without RTP/AVP:\n%s", m)
			}
		}
		if strings.Contains(m, "a=crypto") || strings.Contains(m, "RTP/SAVP") {
			t.Fatalf("201 received SRTP in its SDP:\n%s", m)
		}
	}
	if sdps == 0 {
		t.Fatalf("201 received no SDP (trace missing?): %d messages", len(got))
	}
	t.Logf("201 received %d SIP messages, %d with SDP, none with a=crypto or RTP/SAVP", len(got), sdps)

	c := n.waitCDRs(1, 10*time.Second)[0]
	if c["disposition"] != "ANSWERED" || c["callee_number"] != "+15552345678" || c["caller_number"] != "201" {
		t.Fatalf("CDR %v: want ANSWERED from 201 to +15552345678", c)
	}
	if c["hangup_side"] != "caller" {
		t.Fatalf("CDR hang-up side %v, want caller (201's file ended): %v", c["hangup_side"], c)
	}
	t.Logf("CDR: %v → %v, %v, packets %v/%v", c["caller_number"], c["callee_number"], c["disposition"], c["packets_a"], c["packets_b"])
}

// testCA makes a throwaway CA and a server certificate for host signed by
// it; it returns the CA's PEM file and the server's certificate.
func testCA(t *testing.T, host string) (caFile string, cert tls.Certificate) {
	t.Helper()
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	caTmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Dialtone e2e test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: host},
		DNSNames:     []string{host},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	return caFile, tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// chimeMsg is one SIP message the stand-in received, with the number of
// the TLS connection it came on.
type chimeMsg struct {
	*sipMsg
	conn int
}

// chimeStandIn plays the connector's termination side.
type chimeStandIn struct {
	t          *testing.T
	port       int
	user, pass string
	realm      string
	nonce      string
	play       []int16 // what it says once it answers
	ln         net.Listener
	media      *net.UDPConn
	bye        chan chimeMsg
	stop       chan struct{}
	wg         sync.WaitGroup

	mu         sync.Mutex
	log        strings.Builder
	errs       []string
	open       map[int]net.Conn
	names      map[int]string // TLS server name asked for, by connection
	nconns     int
	inv        chimeMsg // the authenticated INVITE
	challenged int      // INVITEs answered 401
	acked      bool     // the 200's ACK came
	suites     []string // offered in the authenticated INVITE
	toTag      string   // of the 200
	unprot     *srtp.Unprotector
	rx         []rtpPacket // decrypted PCMU from Dialtone
	rxTS       []uint32
	sending    bool
}

// startChimeStandIn listens for TLS on a free loopback port with cert and
// takes calls from user/pass; once it answers it plays pcm as SRTP.
func startChimeStandIn(t *testing.T, cert tls.Certificate, user, pass string, pcm []int16) *chimeStandIn {
	t.Helper()
	s := &chimeStandIn{t: t, user: user, pass: pass, realm: "voiceconnector.chime.aws", nonce: randHex(12), play: pcm,
		bye: make(chan chimeMsg, 1), stop: make(chan struct{}), open: map[int]net.Conn{}, names: map[int]string{}}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.ln = ln
	s.port = ln.Addr().(*net.TCPAddr).Port
	if s.media, err = net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}); err != nil {
		t.Fatal(err)
	}
	s.wg.Add(2)
	go s.accept()
	go s.receive()
	t.Cleanup(func() {
		close(s.stop)
		ln.Close()
		s.media.Close()
		s.mu.Lock()
		for _, c := range s.open {
			c.Close()
		}
		s.mu.Unlock()
		s.wg.Wait()
		if t.Failed() {
			t.Logf("Chime stand-in (TLS :%d):\n%s", s.port, s.transcript())
		}
	})
	return s
}

func (s *chimeStandIn) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.nconns++
		id := s.nconns
		s.open[id] = c
		s.mu.Unlock()
		s.wg.Add(1)
		go s.serve(id, c.(*tls.Conn))
	}
}

// serve reads SIP messages off one TLS connection, framed by
// Content-Length (RFC 3261 §18.3).
func (s *chimeStandIn) serve(id int, c *tls.Conn) {
	defer s.wg.Done()
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Minute))
	if err := c.Handshake(); err != nil {
		s.note("connection %d: TLS handshake: %v", id, err)
		return
	}
	st := c.ConnectionState()
	s.mu.Lock()
	s.names[id] = st.ServerName
	s.mu.Unlock()
	if st.ServerName != chimeHost {
		s.problem("connection %d asked for TLS server name %q, want %s", id, st.ServerName, chimeHost)
	}
	if st.Version < tls.VersionTLS12 {
		s.problem("connection %d: TLS version %#x, below 1.2", id, st.Version)
	}
	var wmu sync.Mutex
	write := func(msg string) {
		s.note("--> conn %d\n%s", id, msg)
		wmu.Lock()
		defer wmu.Unlock()
		_, _ = io.WriteString(c, msg)
	}
	r := bufio.NewReader(c)
	for {
		raw, err := readSIPStream(r)
		if err != nil {
			return
		}
		if raw == nil {
			continue // a CRLF keep-alive (RFC 5626 §4.4.1)
		}
		m, err := parseSIP(raw, netip.AddrPort{})
		if err != nil {
			s.problem("conn %d: unparsable message: %v", id, err)
			continue
		}
		s.note("<-- conn %d\n%s", id, m.raw)
		s.handle(chimeMsg{m, id}, write)
	}
}

// readSIPStream reads one message: the head up to the empty line, then
// Content-Length bytes of body. A lone CRLF (keep-alive) gives nil.
func readSIPStream(r *bufio.Reader) ([]byte, error) {
	var head strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, err
		}
		if line == "\r\n" || line == "\n" {
			if head.Len() == 0 {
				return nil, nil
			}
			break
		}
		head.WriteString(strings.TrimRight(line, "\r\n") + "\r\n")
	}
	length := 0
	for _, l := range strings.Split(head.String(), "\r\n") {
		name, val, ok := strings.Cut(l, ":")
		if n := strings.ToLower(strings.TrimSpace(name)); ok && (n == "content-length" || n == "l") {
			length, _ = strconv.Atoi(strings.TrimSpace(val))
		}
	}
	if length < 0 || length > 1<<16 {
		return nil, fmt.Errorf("content-length %d", length)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, err
	}
	return append([]byte(head.String()+"\r\n"), body...), nil
}

var e164URI = regexp.MustCompile(`^<?sips?:(\+[1-9][0-9]{7,14})@([^;>]+)`)

// handle answers one request; responses (to nothing it sent) are ignored.
func (s *chimeStandIn) handle(m chimeMsg, write func(string)) {
	if !m.request {
		return
	}
	switch m.method {
	case "OPTIONS":
		write(s.response(m.sipMsg, 200, "OK", randHex(4), "Accept: application/sdp\r\n", ""))
	case "INVITE":
		s.takeInvite(m, write)
	case "ACK":
		s.mu.Lock()
		if s.inv.sipMsg != nil && m.get("call-id") == s.inv.get("call-id") && cseqNum(m.get("cseq")) == cseqNum(s.inv.get("cseq")) {
			s.acked = true
			if m.conn != s.inv.conn {
				s.errs = append(s.errs, fmt.Sprintf("ACK over connection %d, the INVITE over %d", m.conn, s.inv.conn))
			}
		}
		s.mu.Unlock()
	case "BYE":
		write(s.response(m.sipMsg, 200, "OK", "", "", ""))
		s.mu.Lock()
		ours := s.inv.sipMsg != nil && m.get("call-id") == s.inv.get("call-id")
		s.mu.Unlock()
		if !ours {
			s.problem("BYE for an unknown dialog: %s", m.get("call-id"))
			return
		}
		select {
		case s.bye <- m:
		default:
		}
	default:
		write(s.response(m.sipMsg, 501, "Not Implemented", randHex(4), "", ""))
	}
}

func cseqNum(v string) string { n, _, _ := strings.Cut(strings.TrimSpace(v), " "); return n }

// takeInvite checks an INVITE as the connector would and challenges, refuses
// or answers it.
func (s *chimeStandIn) takeInvite(m chimeMsg, write func(string)) {
	refuse := func(code int, reason, why string) {
		s.problem("%s", why)
		write(s.response(m.sipMsg, code, reason, randHex(4), "", ""))
	}
	ruri := strings.Fields(m.line)[1]
	um := e164URI.FindStringSubmatch(ruri)
	if um == nil {
		refuse(404, "Not Found", fmt.Sprintf("Request-URI %s is not E.164", ruri))
		return
	}
	if um[1] != "+15552345678" || um[2] != fmt.Sprintf("%s:%d", chimeHost, s.port) {
		refuse(404, "Not Found", fmt.Sprintf("Request-URI %s, want +15552345678 at %s:%d", ruri, chimeHost, s.port))
		return
	}
	from := m.get("from")
	if _, v, ok := strings.Cut(from, "<"); ok {
		from = "<" + v
	}
	if fm := e164URI.FindStringSubmatch(from); fm == nil || fm[1] != "+15550101" {
		refuse(403, "Caller Id is not valid", fmt.Sprintf("From %s: want the E.164 caller ID +15550101", m.get("from")))
		return
	}
	auth := m.get("authorization")
	if auth == "" {
		s.mu.Lock()
		s.challenged++
		s.mu.Unlock()
		write(s.response(m.sipMsg, 401, "Unauthorized", randHex(4),
			fmt.Sprintf("WWW-Authenticate: Digest realm=\"%s\", nonce=\"%s\", algorithm=MD5, qop=\"auth\"\r\n", s.realm, s.nonce), ""))
		return
	}
	if err := s.checkDigest(auth, ruri); err != nil {
		refuse(403, "Forbidden", "digest: "+err.Error())
		return
	}
	offer, err := parseSRTPOffer(m.body)
	if err != nil {
		refuse(488, "Not Acceptable Here", "offer: "+err.Error())
		return
	}
	local, err := srtp.NewCrypto(offer.remote.Tag, srtp.AESCM128HMACSHA1_80)
	if err != nil {
		refuse(500, "Server Internal Error", err.Error())
		return
	}
	unprot, err := srtp.NewUnprotector(offer.remote)
	if err != nil {
		refuse(488, "Not Acceptable Here", "the offered key: "+err.Error())
		return
	}
	prot, err := srtp.NewProtector(local)
	if err != nil {
		refuse(500, "Server Internal Error", err.Error())
		return
	}
	s.mu.Lock()
	if s.sending {
		s.mu.Unlock()
		refuse(486, "Busy Here", "a second authenticated INVITE")
		return
	}
	s.inv, s.toTag, s.unprot, s.sending, s.suites = m, randHex(4), unprot, true, offer.suites
	tag := s.toTag
	s.mu.Unlock()

	mp := s.media.LocalAddr().(*net.UDPAddr).Port
	sdp := fmt.Sprintf("v=0\r\no=chime 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"+
		"m=audio %d RTP/SAVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\n"+
		"a=ptime:20\r\na=sendrecv\r\na=crypto:%s\r\n", mp, local)
	write(s.response(m.sipMsg, 100, "Trying", "", "", ""))
	write(s.response(m.sipMsg, 200, "OK", tag,
		fmt.Sprintf("Contact: <sip:chime@%s:%d;transport=tls>\r\nContent-Type: application/sdp\r\n", chimeHost, s.port), sdp))
	s.wg.Add(1)
	go s.send(prot, offer.addr)
}

// checkDigest verifies an MD5 qop=auth digest response for INVITE
// (RFC 2617 §3.2.2) against the stand-in's credentials and challenge.
func (s *chimeStandIn) checkDigest(auth, ruri string) error {
	scheme, rest, _ := strings.Cut(auth, " ")
	if !strings.EqualFold(scheme, "Digest") {
		return fmt.Errorf("scheme %q", scheme)
	}
	p := authParams(rest)
	for k, want := range map[string]string{"username": s.user, "realm": s.realm, "nonce": s.nonce, "qop": "auth", "uri": ruri} {
		if p[k] != want {
			return fmt.Errorf("%s=%q, want %q", k, p[k], want)
		}
	}
	if a := p["algorithm"]; a != "" && !strings.EqualFold(a, "MD5") {
		return fmt.Errorf("algorithm %q", a)
	}
	sum := func(x string) string { h := md5.Sum([]byte(x)); return hex.EncodeToString(h[:]) }
	ha1 := sum(s.user + ":" + s.realm + ":" + s.pass)
	ha2 := sum("INVITE:" + p["uri"])
	if want := sum(ha1 + ":" + s.nonce + ":" + p["nc"] + ":" + p["cnonce"] + ":auth:" + ha2); p["response"] != want || p["cnonce"] == "" {
		return fmt.Errorf("response %q does not match the credentials", p["response"])
	}
	return nil
}

// srtpOffer is what the stand-in takes from Dialtone's offer.
type srtpOffer struct {
	addr   netip.AddrPort
	remote srtp.Crypto // Dialtone's AES_CM_128_HMAC_SHA1_80 key
	suites []string    // every a=crypto's tag and suite, in order
}

// parseSRTPOffer checks that the offer is RTP/SAVP with PCMU and an
// AES_CM_128_HMAC_SHA1_80 key (RFC 4568), as the connector requires.
func parseSRTPOffer(body string) (srtpOffer, error) {
	var o srtpOffer
	var ok bool
	if o.addr, ok = sdpMedia(body); !ok {
		return o, fmt.Errorf("no audio address:\n%s", body)
	}
	found := false
	for _, l := range strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n") {
		if v, ok := strings.CutPrefix(l, "m=audio "); ok {
			f := strings.Fields(v)
			if len(f) < 3 || f[1] != "RTP/SAVP" {
				return o, fmt.Errorf("m=audio %s: want RTP/SAVP", v)
			}
			pcmu := false
			for _, pt := range f[2:] {
				pcmu = pcmu || pt == "0"
			}
			if !pcmu {
				return o, fmt.Errorf("m=audio %s: no PCMU (0)", v)
			}
		}
		if v, ok := strings.CutPrefix(l, "a=crypto:"); ok {
			if f := strings.Fields(v); len(f) >= 2 {
				o.suites = append(o.suites, f[0]+" "+f[1])
			}
			c, err := srtp.ParseCrypto(strings.TrimSpace(v))
			if err == nil && c.Suite == srtp.AESCM128HMACSHA1_80 && !found {
				o.remote, found = c, true
			}
		}
	}
	if !found {
		return o, fmt.Errorf("no a=crypto with AES_CM_128_HMAC_SHA1_80:\n%s", body)
	}
	return o, nil
}

// send plays s.play and then silence as 20 ms PCMU packets protected with
// prot, to dst, until the stand-in stops.
func (s *chimeStandIn) send(prot *srtp.Protector, dst netip.AddrPort) {
	defer s.wg.Done()
	const frame = 160
	var b [4]byte
	_, _ = rand.Read(b[:])
	ssrc := byteorder.BigEndian.Uint32(b[:])
	seq, ts := uint16(ssrc>>7), ssrc*3
	pkt := make([]byte, 12+frame)
	pkt[0] = 0x80 // v2
	byteorder.BigEndian.PutUint32(pkt[8:], ssrc)
	start := time.Now()
	for i := 0; i < 60*50; i++ { // a minute at most
		select {
		case <-s.stop:
			return
		case <-time.After(time.Until(start.Add(time.Duration(i) * 20 * time.Millisecond))):
		}
		pkt[1] = 0 // PCMU
		if i == 0 {
			pkt[1] |= 0x80 // marker: the talk spurt begins
		}
		byteorder.BigEndian.PutUint16(pkt[2:], seq)
		byteorder.BigEndian.PutUint32(pkt[4:], ts)
		for j := range frame {
			v := int16(0)
			if k := i*frame + j; k < len(s.play) {
				v = s.play[k]
			}
			pkt[12+j] = ulawEncode(v)
		}
		out, err := prot.Protect(nil, pkt)
		if err != nil {
			s.problem("protecting packet %d: %v", i, err)
			return
		}
		if _, err := s.media.WriteToUDPAddrPort(out, dst); err != nil {
			return
		}
		seq++
		ts += frame
	}
}

// receive decrypts what arrives on the media socket with Dialtone's key
// and keeps the PCMU packets.
func (s *chimeStandIn) receive() {
	defer s.wg.Done()
	buf := make([]byte, 2048)
	for {
		n, _, err := s.media.ReadFromUDPAddrPort(buf)
		if err != nil {
			return
		}
		s.mu.Lock()
		u := s.unprot
		s.mu.Unlock()
		if u == nil {
			s.problem("media before the answer")
			continue
		}
		p, err := u.Unprotect(nil, buf[:n])
		if err != nil || len(p) < 12 || p[1]&0x7f != 0 {
			continue // counted by the unprotector, or not PCMU (telephone-event)
		}
		hl := 12 + 4*int(p[0]&0x0f)
		if len(p) < hl {
			continue
		}
		s.mu.Lock()
		s.rx = append(s.rx, rtpPacket{at: time.Now(), seq: byteorder.BigEndian.Uint16(p[2:]), payload: p[hl:]})
		s.rxTS = append(s.rxTS, byteorder.BigEndian.Uint32(p[4:]))
		s.mu.Unlock()
	}
}

// heard lays the decrypted PCMU out by RTP timestamp from the first packet
// (at most a minute) and gives the unprotector's counts.
func (s *chimeStandIn) heard() ([]int16, srtp.UnprotectStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var st srtp.UnprotectStats
	if s.unprot != nil {
		st = s.unprot.Stats()
	}
	var pcm []int16
	for i, p := range s.rx {
		off := int(int32(s.rxTS[i] - s.rxTS[0]))
		if off < 0 || off+len(p.payload) > 60*audioRate {
			continue
		}
		for len(pcm) < off+len(p.payload) {
			pcm = append(pcm, 0)
		}
		for j, u := range p.payload {
			pcm[off+j] = ulawDecode(u)
		}
	}
	return pcm, st
}

// response builds a response to req.
func (s *chimeStandIn) response(req *sipMsg, code int, reason, toTag, extra, body string) string {
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
	b.WriteString("Server: chime-stand-in\r\n")
	b.WriteString(extra)
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(body), body)
	return b.String()
}

func (s *chimeStandIn) note(format string, a ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fmt.Fprintf(&s.log, format+"\n", a...)
}

// problem records a check that failed, for the test to report.
func (s *chimeStandIn) problem(format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	s.note("PROBLEM: %s", msg)
	s.mu.Lock()
	s.errs = append(s.errs, msg)
	s.mu.Unlock()
}

func (s *chimeStandIn) problems() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.errs...)
}

func (s *chimeStandIn) answered() chimeMsg {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.inv
}

// dialog tells how the call went: INVITEs challenged, the 200 acknowledged,
// the suites offered.
func (s *chimeStandIn) dialog() (challenged int, acked bool, suites []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.challenged, s.acked, s.suites
}

func (s *chimeStandIn) serverName(conn int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.names[conn]
}

func (s *chimeStandIn) conns() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.nconns
}

func (s *chimeStandIn) transcript() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log.String()
}

// sipReceived lists the SIP messages the phone received, from its trace
// (startPhoneWith with trace).
func (p *phone) sipReceived() []string {
	var out []string
	var cur []string
	inbound := false
	flush := func() {
		if inbound && len(cur) > 0 {
			out = append(out, strings.Join(cur, "\n"))
		}
		cur = nil
	}
	for _, l := range strings.Split(p.output(), "\n") {
		l = strings.TrimRight(l, "\r")
		if m := traceHeader.FindStringSubmatch(l); m != nil {
			flush()
			inbound = m[2] == p.sipAddr
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
}
