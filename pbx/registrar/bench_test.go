package registrar

import (
	"bytes"
	"context"
	"fmt"
	"net/netip"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// discardStore accepts every write and keeps nothing.
type discardStore struct{}

func (discardStore) SaveRegistration(context.Context, store.Registration) error    { return nil }
func (discardStore) SaveRegistrations(context.Context, []store.Registration) error { return nil }
func (discardStore) DeleteRegistration(context.Context, string, string) error      { return nil }
func (discardStore) ListRegistrations(context.Context) ([]store.Registration, error) {
	return nil, nil
}
func (discardStore) DeleteExpiredRegistrations(context.Context, time.Time) (int, error) {
	return 0, nil
}

// realisticPhone registers with the kind of strings desk phones send.
func realisticPhone(tb testing.TB, ext string, i int) (*phone, []string) {
	p := newPhone(tb, ext)
	p.ua = "Yealink SIP-T46U 108.86.0.75"
	p.callID = fmt.Sprintf("%032x", uint64(i)*0x9e3779b97f4a7c15)
	p.src = netip.AddrPortFrom(netip.AddrFrom4([4]byte{203, 0, 113, byte(i)}), uint16(20000+i%40000))
	contact := fmt.Sprintf("<sip:%s@10.%d.%d.%d:5060;transport=udp>;+sip.instance=\"<urn:uuid:%08x-0000-1000-8000-0015651234ab>\";reg-id=1",
		ext, i>>16&255, i>>8&255, i&255, i)
	return p, []string{contact}
}

// BenchmarkServeREGISTER measures the authenticated refresh path: a known
// phone re-registers with valid qop=auth credentials (new nc, new CSeq).
// Requests are parsed in batches outside the timer; the store writer runs
// against a store that keeps nothing.
func BenchmarkServeREGISTER(b *testing.B) {
	const phones, batch = 1000, 1024
	e := newEnv(b, Options{})
	r := New(e.dir, discardStore{}, nil, Options{Realm: testRealm, NonceKey: testKey, Clock: e.clock.Now, Logger: e.r.log})
	stop := startRun(b, r)
	ps := make([]*phone, phones)
	contacts := make([][]string, phones)
	for i := range ps {
		n := strconv.Itoa(10000 + i)
		e.dir.add(testExtension(n, testPass))
		ps[i], contacts[i] = realisticPhone(b, n, i)
		if f := ps[i].register(r, contacts[i]); f.code != 200 {
			b.Fatalf("register: %d", f.code)
		}
	}
	reqs := make([]*fakeReq, batch)
	next := 0
	fillBatch := func() {
		for i := range reqs {
			k := next % phones
			next++
			p := ps[k]
			reqs[i] = &fakeReq{msg: parseRequest(b, p.text(true, contacts[k])), transport: p.transport, src: p.src, local: p.local}
		}
	}
	fillBatch()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		k := i % batch
		if k == 0 && i > 0 {
			b.StopTimer()
			for _, f := range reqs {
				if f.code != 200 {
					b.Fatalf("got %d %s", f.code, f.reason)
				}
			}
			fillBatch()
			b.StartTimer()
		}
		r.ServeREGISTER(reqs[k])
	}
	b.StopTimer()
	if err := stop(); err != nil {
		b.Fatal(err)
	}
	if s := r.Stats(); s.AuthFailures != 0 || s.Contacts != phones {
		b.Fatalf("stats = %+v", s)
	}
}

// BenchmarkServeREGISTERParallel is the edge's share plus ours on every
// core: parse the REGISTER text, then ServeREGISTER. It uses RFC 2069
// credentials (no qop) so one Authorization header stays valid and each
// iteration only patches the CSeq in place; the digest work per request is
// the same as with qop=auth. Run with -cpu 2 for the 2-core figure.
func BenchmarkServeREGISTERParallel(b *testing.B) {
	const phones = 4096
	e := newEnv(b, Options{})
	r := New(e.dir, discardStore{}, nil, Options{Realm: testRealm, NonceKey: testKey, Clock: e.clock.Now, Logger: e.r.log})
	stop := startRun(b, r)
	texts := make([][]byte, phones)
	for i := range texts {
		n := strconv.Itoa(10000 + i)
		e.dir.add(testExtension(n, testPass))
		p, contacts := realisticPhone(b, n, i)
		p.register(r, contacts) // learn a nonce
		ha1 := digest.HA1(p.alg, n, testRealm, testPass)
		resp := digest.Response(p.alg, ha1, p.nonce, "", "", "", "REGISTER", "sip:"+testRealm)
		auth := fmt.Sprintf(`Authorization: Digest username="%s", realm="%s", nonce="%s", uri="sip:%s", response="%s", algorithm=MD5`,
			n, testRealm, p.nonce, testRealm, resp)
		t := p.text(false, contacts, auth)
		// A fixed-width CSeq the loop can count up in place.
		t = replaceOnce(t, "CSeq: "+strconv.Itoa(int(p.cseq))+" REGISTER", "CSeq: 1000000000 REGISTER")
		texts[i] = []byte(crlf(t))
	}
	var slot atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		// Each goroutine owns a disjoint set of phones so CSeqs stay ordered.
		base := int(slot.Add(1)-1) * 64
		own := texts[base%phones : base%phones+64]
		i := 0
		for pb.Next() {
			t := own[i%len(own)]
			i++
			bumpCSeq(t)
			msg, err := sip.ParseMessage(t)
			if err != nil {
				b.Error(err)
				return
			}
			f := fakeReq{msg: msg.(*sip.Request), transport: "udp", src: netip.MustParseAddrPort("203.0.113.1:5060"),
				local: netip.MustParseAddrPort("198.51.100.1:5060")}
			r.ServeREGISTER(&f)
			if f.code != 200 {
				b.Errorf("got %d %s", f.code, f.reason)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "REGISTER/s")
	if err := stop(); err != nil {
		b.Fatal(err)
	}
}

func replaceOnce(s, old, new string) string {
	i := bytes.Index([]byte(s), []byte(old))
	if i < 0 {
		panic("replaceOnce: " + old)
	}
	return s[:i] + new + s[i+len(old):]
}

func crlf(s string) string {
	return string(bytes.ReplaceAll(bytes.ReplaceAll([]byte(s), []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n")))
}

// bumpCSeq adds one to the 10-digit CSeq number in place.
func bumpCSeq(t []byte) {
	i := bytes.Index(t, []byte("CSeq: ")) + len("CSeq: ") + 9
	for ; t[i] == '9'; i-- {
		t[i] = '0'
	}
	t[i]++
}

// heapPerContact registers n phones through the full path (challenge, then
// credentials) and returns the live heap the registrar holds per contact,
// the digest nonce-count entries included, once the writer has flushed.
func heapPerContact(tb testing.TB, n int) float64 {
	e := newEnv(tb, Options{})
	type reg struct {
		p        *phone
		contacts []string
	}
	regs := make([]reg, n)
	for i := range regs {
		num := strconv.Itoa(100000 + i)
		e.dir.add(testExtension(num, testPass))
		regs[i].p, regs[i].contacts = realisticPhone(tb, num, i)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := New(e.dir, discardStore{}, nil, Options{Realm: testRealm, NonceKey: testKey, Clock: e.clock.Now, Logger: e.r.log})
	for i := range regs {
		if f := regs[i].p.register(r, regs[i].contacts); f.code != 200 {
			tb.Fatalf("register %d: %d", i, f.code)
		}
	}
	if err := r.flushAll(context.Background()); err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if got := r.Stats().Contacts; got != n {
		tb.Fatalf("contacts = %d", got)
	}
	runtime.KeepAlive(r)
	runtime.KeepAlive(regs)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(n)
}

// BenchmarkHeapPerContact reports the registrar's heap per registered
// contact at 10,000 contacts (B/contact); the goal is ≤ 1 KiB.
func BenchmarkHeapPerContact(b *testing.B) {
	var per float64
	for range b.N {
		per = heapPerContact(b, 10000)
	}
	b.ReportMetric(per, "B/contact")
}

func TestHeapPerContact(t *testing.T) {
	if testing.Short() {
		t.Skip("registers 10,000 phones")
	}
	per := heapPerContact(t, 10000)
	t.Logf("heap per contact at 10,000 contacts: %.0f B", per)
	if per > 1024 {
		t.Fatalf("%.0f B per contact, goal ≤ 1024", per)
	}
}
