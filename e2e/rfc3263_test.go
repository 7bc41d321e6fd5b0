package e2e

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// testZone is a small authoritative DNS server on 127.0.0.1 (UDP) for the
// trunk's domain, and a log of the questions it was asked.
type testZone struct {
	mu      sync.Mutex
	records map[string][]dns.RR
	asked   []string
	addr    string
}

func newTestZone(t *testing.T, lines ...string) *testZone {
	t.Helper()
	z := &testZone{records: map[string][]dns.RR{}}
	for _, l := range lines {
		rr, err := dns.NewRR(l)
		if err != nil {
			t.Fatalf("RR %q: %v", l, err)
		}
		n := strings.ToLower(rr.Header().Name)
		z.records[n] = append(z.records[n], rr)
	}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	z.addr = pc.LocalAddr().String()
	srv := &dns.Server{PacketConn: pc, Handler: z}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return z
}

func (z *testZone) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	q := req.Question[0]
	z.mu.Lock()
	z.asked = append(z.asked, dns.TypeToString[q.Qtype]+" "+q.Name)
	for _, rr := range z.records[strings.ToLower(q.Name)] {
		if rr.Header().Rrtype == q.Qtype {
			m.Answer = append(m.Answer, rr)
		}
	}
	if len(m.Answer) == 0 && len(z.records[strings.ToLower(q.Name)]) == 0 {
		m.Rcode = dns.RcodeNameError
	}
	z.mu.Unlock()
	_ = w.WriteMsg(m)
}

func (z *testZone) questions() []string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]string(nil), z.asked...)
}

// TestTrunkRFC3263Failover: the trunk is a domain name. A local DNS server
// (Dialtone's dns_servers) answers NAPTR → SRV with two targets; the first
// (priority 10) refuses the connection, the second (priority 20) is a sipp
// stand-in for the provider, where the call succeeds.
func TestTrunkRFC3263Failover(t *testing.T) {
	needBinary(t, "baresip")
	needBinary(t, "sipp")
	dead, live := freePort(t), freePort(t)
	z := newTestZone(t,
		`trunk.test. 60 IN NAPTR 10 50 "s" "SIP+D2T" "" _sip._tcp.trunk.test.`,
		fmt.Sprintf("_sip._tcp.trunk.test. 60 IN SRV 10 1 %d a.trunk.test.", dead),
		fmt.Sprintf("_sip._tcp.trunk.test. 60 IN SRV 20 1 %d b.trunk.test.", live),
		"a.trunk.test. 60 IN A 127.0.0.1",
		"b.trunk.test. 60 IN A 127.0.0.1",
	)
	n := newNode(t, "DIALTONE_DNS_SERVERS="+z.addr)
	n.mustCLI("ext", "add", "201", "--password", "pw-201-secret", "--caller-id", "+15550101")
	n.mustCLI("trunk", "add", "provider", "--type", "generic", "--host", "trunk.test", "--transport", "tcp",
		"--username", "acct", "--password", "s3cret-trunk", "--allow", "127.0.0.9/32")
	n.mustCLI("route", "add", "us", "--pattern", "NXXNXXXXXX", "--trunk", "provider", "--prepend", "+1")
	n.serve()

	callThroughTrunk(t, n, live, "5552345678")
	q := strings.Join(z.questions(), ", ")
	for _, want := range []string{"NAPTR trunk.test.", "SRV _sip._tcp.trunk.test.", "A a.trunk.test.", "A b.trunk.test."} {
		if !strings.Contains(q, want) {
			t.Fatalf("DNS questions %s: want %s", q, want)
		}
	}
	c := n.waitCDRs(1, 10*time.Second)[0]
	if c["disposition"] != "ANSWERED" || c["callee_number"] != "+15552345678" {
		t.Fatalf("CDR %v", c)
	}
	t.Logf("DNS asked: %s; the call failed over from :%d (refused) to :%d and was answered", q, dead, live)
}
