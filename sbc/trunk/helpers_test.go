package trunk

import (
	"net"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// zone is a tiny authoritative DNS server for the tests, on 127.0.0.1 with
// a random port, over UDP and TCP.
type zone struct {
	mu       sync.Mutex
	records  map[string][]dns.RR // owner name (FQDN, lower case)
	rcode    map[string]int      // forced rcode per owner name
	truncate map[string]bool     // answer over UDP with TC set
	queries  []string            // "udp NAPTR example.test."
	count    atomic.Int64
	addr     string
}

func newZone(t *testing.T) *zone {
	t.Helper()
	z := &zone{records: map[string][]dns.RR{}, rcode: map[string]int{}, truncate: map[string]bool{}}
	var (
		pc net.PacketConn
		ln net.Listener
	)
	for range 20 { // the TCP port may be taken; try another UDP port
		var err error
		pc, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln, err = net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			break
		}
		pc.Close()
		pc, ln = nil, nil
	}
	if pc == nil {
		t.Fatal("no UDP+TCP port pair on 127.0.0.1")
	}
	z.addr = pc.LocalAddr().String()
	udp := &dns.Server{PacketConn: pc, Handler: z}
	tcp := &dns.Server{Listener: ln, Handler: z}
	started := make(chan struct{}, 2)
	udp.NotifyStartedFunc = func() { started <- struct{}{} }
	tcp.NotifyStartedFunc = func() { started <- struct{}{} }
	go udp.ActivateAndServe()
	go tcp.ActivateAndServe()
	<-started
	<-started
	t.Cleanup(func() {
		udp.Shutdown()
		tcp.Shutdown()
	})
	return z
}

// add parses zone-file lines ("a.example.test. 60 IN A 192.0.2.1").
func (z *zone) add(t *testing.T, lines ...string) {
	t.Helper()
	z.mu.Lock()
	defer z.mu.Unlock()
	for _, l := range lines {
		rr, err := dns.NewRR(l)
		if err != nil {
			t.Fatalf("bad RR %q: %v", l, err)
		}
		name := strings.ToLower(rr.Header().Name)
		z.records[name] = append(z.records[name], rr)
	}
}

func (z *zone) replace(t *testing.T, name string, lines ...string) {
	z.mu.Lock()
	delete(z.records, dns.Fqdn(name))
	z.mu.Unlock()
	z.add(t, lines...)
}

func (z *zone) setRcode(name string, rcode int) {
	z.mu.Lock()
	defer z.mu.Unlock()
	z.rcode[dns.Fqdn(name)] = rcode
}

func (z *zone) log() []string {
	z.mu.Lock()
	defer z.mu.Unlock()
	return append([]string(nil), z.queries...)
}

func (z *zone) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	z.count.Add(1)
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	network := w.RemoteAddr().Network()

	z.mu.Lock()
	z.queries = append(z.queries, network+" "+dns.TypeToString[q.Qtype]+" "+name)
	rcode, forced := z.rcode[name]
	rrs, exists := z.records[name]
	trunc := z.truncate[name]
	z.mu.Unlock()

	soa, _ := dns.NewRR("test. 300 IN SOA ns.test. host.test. 1 60 60 60 10")
	switch {
	case forced:
		m.Rcode = rcode
	case trunc && network == "udp":
		m.Truncated = true
	case !exists:
		m.Rcode = dns.RcodeNameError
		m.Ns = []dns.RR{soa}
	default:
		for _, rr := range rrs {
			if rr.Header().Rrtype == q.Qtype {
				m.Answer = append(m.Answer, dns.Copy(rr))
			}
		}
		if len(m.Answer) == 0 {
			m.Ns = []dns.RR{soa} // NODATA
		}
	}
	_ = w.WriteMsg(m)
}

// fakeClock moves only when told to.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{c.now.Add(d), ch})
	return ch
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if !w.at.After(c.now) {
			w.ch <- c.now
			continue
		}
		kept = append(kept, w)
	}
	c.waiters = kept
}

func (c *fakeClock) pending() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

// waitPending polls until n timers are pending: a goroutine has reached
// its wait.
func (c *fakeClock) waitPending(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for c.pending() != n {
		if time.Now().After(deadline) {
			t.Fatalf("pending timers: %d, want %d", c.pending(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func mustAddrPort(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }
