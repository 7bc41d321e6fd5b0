package registrar

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// fast shortens the background timing so tests do not wait.
func fast(r *Registrar) {
	r.flushEvery = 5 * time.Millisecond
	r.sweepEvery = 5 * time.Millisecond
	r.storeSweepEvery = 20 * time.Millisecond
}

func TestSweeperRemovesExpired(t *testing.T) {
	e := newEnv(t, Options{})
	fast(e.r)
	stop := startRun(t, e.r)
	short, long := newPhone(t, "101"), newPhone(t, "102")
	short.register(e.r, []string{"<sip:101@192.0.2.10>;expires=60"})
	long.register(e.r, []string{"<sip:102@192.0.2.10>;expires=600"})
	waitFor(t, "both rows stored", func() bool { return e.st.len() == 2 })

	e.clock.Advance(61 * time.Second)
	waitFor(t, "expired binding swept from memory", func() bool { return len(e.r.Lookup("101")) == 0 })
	waitFor(t, "expired row deleted", func() bool { return e.st.len() == 1 })
	if got := e.r.Lookup("102"); len(got) != 1 {
		t.Fatalf("the live binding went too: %+v", got)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if st := e.r.Stats(); st.Expired != 1 || st.Contacts != 1 {
		t.Fatalf("stats = %+v", st)
	}
}

// Lookup and List never return an expired binding, even between sweeps.
func TestLookupHidesExpired(t *testing.T) {
	e := newEnv(t, Options{})
	newPhone(t, "101").register(e.r, []string{"<sip:101@192.0.2.10>;expires=60"})
	e.clock.Advance(60 * time.Second)
	if len(e.r.Lookup("101")) != 0 || len(e.r.List()) != 0 {
		t.Fatal("expired binding visible")
	}
	if n := e.r.sweep(e.clock.Now()); n != 1 {
		t.Fatalf("sweep removed %d", n)
	}
}

func TestLoadAfterRestart(t *testing.T) {
	e := newEnv(t, Options{})
	stop := startRun(t, e.r)
	tcp := newPhone(t, "101")
	tcp.transport, tcp.flow = "tcp", 42
	tcp.register(e.r, []string{"<sip:101@192.0.2.10:5060;transport=tcp>"})
	newPhone(t, "102").register(e.r, []string{"<sip:102@192.0.2.20>;expires=600", "<sip:102@192.0.2.21>;expires=60"})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if e.st.len() != 3 {
		t.Fatalf("store has %d rows after shutdown, want 3", e.st.len())
	}
	e.clock.Advance(2 * time.Minute) // one of 102's bindings has expired meanwhile

	r2 := New(e.dir, e.st, e.send, Options{Realm: testRealm, NonceKey: testKey, Clock: e.clock.Now, Node: "node-b"})
	if err := r2.Load(t.Context()); err != nil {
		t.Fatal(err)
	}
	got := r2.List()
	if len(got) != 2 {
		t.Fatalf("List after Load = %+v", got)
	}
	want := e.r.Lookup("101")[0]
	want.FlowID = 0 // the connection did not survive the restart
	if got[0] != want {
		t.Fatalf("restored %+v\nwant     %+v", got[0], want)
	}
	if got[1].URI != "sip:102@192.0.2.20" || got[1].Node != "node-a" {
		t.Fatalf("restored %+v", got[1])
	}
	// The restored binding refreshes like any other: one binding, new node.
	p := newPhone(t, "102")
	p.register(r2, []string{"<sip:102@192.0.2.20>"})
	if cs := r2.Lookup("102"); len(cs) != 1 || cs[0].Node != "node-b" {
		t.Fatalf("after refresh: %+v", cs)
	}
}

func TestLoadStoreError(t *testing.T) {
	e := newEnv(t, Options{})
	e.st.setFail(errors.New("disk on fire"))
	r := New(e.dir, failingList{e.st}, nil, Options{Realm: testRealm, NonceKey: testKey})
	if err := r.Load(t.Context()); !errors.Is(err, ErrStore) || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("Load = %v", err)
	}
}

type failingList struct{ *memStore }

func (f failingList) ListRegistrations(context.Context) ([]store.Registration, error) {
	return nil, errors.New("disk on fire")
}

func TestFlowClosed(t *testing.T) {
	e := newEnv(t, Options{})
	mk := func(user, tr string, flow uint64, port int) {
		p := newPhone(t, user)
		p.transport, p.flow = tr, flow
		if f := p.register(e.r, []string{fmt.Sprintf("<sip:%s@192.0.2.10:%d;transport=%s>", user, port, tr)}); f.code != 200 {
			t.Fatalf("register: %d", f.code)
		}
	}
	mk("101", "tcp", 7, 1)
	mk("102", "tcp", 7, 2) // two extensions on one connection (a gateway)
	mk("101", "tls", 7, 3) // same id, other transport: another connection
	mk("103", "tcp", 8, 4)
	mk("103", "udp", 0, 5)
	if err := e.r.flush(t.Context()); err != nil {
		t.Fatal(err)
	}

	e.r.FlowClosed("udp", 0) // no-op: UDP has no flows
	e.r.FlowClosed("tcp", 7)
	var left []string
	for _, c := range e.r.List() {
		left = append(left, fmt.Sprintf("%s/%s/%d", c.Extension, c.Transport, c.FlowID))
	}
	if strings.Join(left, " ") != "101/tls/7 103/tcp/8 103/udp/0" {
		t.Fatalf("left = %q", left)
	}
	if err := e.r.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if st := e.r.Stats(); e.st.len() != 3 || st.FlowDrops != 2 || st.Contacts != 3 {
		t.Fatalf("rows %d, stats %+v", e.st.len(), st)
	}
}

func TestKeepAlive(t *testing.T) {
	e := newEnv(t, Options{KeepAlive: 30 * time.Second})
	local := netip.MustParseAddrPort("198.51.100.1:5060")
	natted := newPhone(t, "101") // contact says 10.0.0.5:5060, packets come from the NAT
	natted.src = netip.MustParseAddrPort("203.0.113.7:40000")
	natted.register(e.r, []string{"<sip:101@10.0.0.5:5060>"})
	public := newPhone(t, "102") // contact matches the source: no NAT
	public.src = netip.MustParseAddrPort("192.0.2.10:5060")
	public.register(e.r, []string{"<sip:102@192.0.2.10>"})
	viaTCP := newPhone(t, "103") // NATed but over TCP: the phone keeps its connection alive
	viaTCP.transport, viaTCP.flow = "tcp", 9
	viaTCP.src = netip.MustParseAddrPort("203.0.113.8:50000")
	viaTCP.register(e.r, []string{"<sip:103@10.0.0.6:5060;transport=tcp>"})

	ctx := t.Context()
	e.r.keepAlive(ctx, e.clock.Now())
	if sent := e.send.take(); len(sent) != 0 {
		t.Fatalf("probe before the interval: %d", len(sent))
	}
	e.clock.Advance(30 * time.Second)
	e.r.keepAlive(ctx, e.clock.Now())
	sent := e.send.take()
	if len(sent) != 1 {
		t.Fatalf("sent %d probes, want 1 (NATed UDP only)", len(sent))
	}
	s := sent[0]
	if s.transport != "udp" || s.local != local || s.remote != natted.src || s.flow != 0 {
		t.Fatalf("probe path = %+v", s)
	}
	req := s.req
	if req.Method != sip.OPTIONS || req.Recipient.String() != "sip:101@10.0.0.5:5060" {
		t.Fatalf("request line = %s", req.StartLine())
	}
	if tag, _ := req.From().Params.Get("tag"); tag == "" {
		t.Fatal("From without tag")
	}
	if req.To().Address.String() != "sip:101@10.0.0.5:5060" || req.CallID() == nil || req.CSeq().MethodName != sip.OPTIONS ||
		req.MaxForwards().Val() != 70 || req.ContentLength() == nil || *req.ContentLength() != 0 || req.Via() != nil {
		t.Fatalf("malformed probe:\n%s", req)
	}
	if _, err := sip.ParseMessage([]byte(req.String())); err != nil {
		t.Fatalf("probe does not parse: %v\n%s", err, req)
	}

	// An answer (any status) resets the count; the contact survives.
	answer := func(req *sip.Request, code int) {
		e.r.HandleResponse(sip.NewResponseFromRequest(req, code, "whatever", nil))
	}
	for range 5 {
		e.clock.Advance(30 * time.Second)
		e.r.keepAlive(ctx, e.clock.Now())
		sent := e.send.take()
		if len(sent) != 1 {
			t.Fatalf("sent %d", len(sent))
		}
		answer(sent[0].req, 404)
	}
	// A forged answer (wrong token) does not count.
	forged := sip.NewResponseFromRequest(req, 200, "OK", nil)
	e.r.HandleResponse(forged) // the first probe's token is long gone

	for i := range keepAliveMisses {
		e.clock.Advance(30 * time.Second)
		e.r.keepAlive(ctx, e.clock.Now())
		if sent := e.send.take(); len(sent) != 1 {
			t.Fatalf("unanswered probe %d: sent %d", i+1, len(sent))
		}
		if len(e.r.Lookup("101")) != 1 {
			t.Fatalf("dropped after %d misses", i+1)
		}
	}
	e.clock.Advance(30 * time.Second)
	e.r.keepAlive(ctx, e.clock.Now())
	if sent := e.send.take(); len(sent) != 0 || len(e.r.Lookup("101")) != 0 {
		t.Fatalf("after %d unanswered: sent %d, contacts %v", keepAliveMisses, len(sent), e.r.Lookup("101"))
	}
	if len(e.r.Lookup("102")) != 1 || len(e.r.Lookup("103")) != 1 {
		t.Fatal("keep-alive touched contacts not behind NAT over UDP")
	}
	if err := e.r.flush(ctx); err != nil {
		t.Fatal(err)
	}
	if rows, _ := e.st.ListRegistrations(ctx); len(rows) != 2 {
		t.Fatalf("store rows = %+v", rows)
	}
	if st := e.r.Stats(); st.KeepAlivesSent != 9 || st.KeepAliveDrops != 1 || st.KeepAlivesFailed != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestKeepAliveSendFailure(t *testing.T) {
	e := newEnv(t, Options{KeepAlive: time.Second})
	e.send.err = errors.New("no route")
	p := newPhone(t, "101")
	p.src = netip.MustParseAddrPort("203.0.113.7:40000")
	p.register(e.r, []string{"<sip:101@10.0.0.5>"})
	for range keepAliveMisses + 1 {
		e.clock.Advance(time.Second)
		e.r.keepAlive(t.Context(), e.clock.Now())
	}
	if st := e.r.Stats(); st.KeepAlivesFailed != keepAliveMisses || st.KeepAliveDrops != 1 || st.Contacts != 0 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestKeepAliveDisabled(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	p.src = netip.MustParseAddrPort("203.0.113.7:40000")
	p.register(e.r, []string{"<sip:101@10.0.0.5>"})
	e.clock.Advance(time.Hour - time.Second)
	e.r.keepAlive(t.Context(), e.clock.Now())
	if n := len(e.send.take()); n != 0 {
		t.Fatalf("sent %d probes with keep-alive disabled", n)
	}
}

func TestHandleResponseIgnoresStrangers(t *testing.T) {
	e := newEnv(t, Options{KeepAlive: time.Second})
	for _, cid := range []string{"", "ka-", "ka-zz-1-101", "ka-1-zz-101", "ka-1-2", "other-call", "ka-1-2-999"} {
		res := sip.NewResponse(200, "OK")
		if cid != "" {
			h := sip.CallIDHeader(cid)
			res.AppendHeader(&h)
		}
		res.AppendHeader(&sip.CSeqHeader{SeqNo: 1, MethodName: sip.OPTIONS})
		e.r.HandleResponse(res)
	}
	e.r.HandleResponse(nil)
}

func TestWriterBatchesAndShutdownFlushes(t *testing.T) {
	e := newEnv(t, Options{})
	e.r.flushEvery = time.Hour // only a full batch or shutdown writes
	for i := range 1000 {
		e.dir.add(testExtension(fmt.Sprintf("%d", 2000+i), testPass))
	}
	stop := startRun(t, e.r)
	for i := range 1000 {
		p := newPhone(t, fmt.Sprintf("%d", 2000+i))
		if f := p.register(e.r, []string{fmt.Sprintf("<sip:%d@192.0.2.10>", 2000+i)}); f.code != 200 {
			t.Fatalf("register %d: %d", i, f.code)
		}
	}
	// A full batch (500) wakes the writer before the hourly tick.
	waitFor(t, "a batch written", func() bool { return e.st.len() >= 500 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if n := e.st.len(); n != 1000 {
		t.Fatalf("store has %d rows after shutdown, want 1000", n)
	}
	if st := e.r.Stats(); st.StorePending != 0 || st.StoreWrites != 1000 {
		t.Fatalf("stats = %+v", st)
	}
}

func TestWriterCoalesces(t *testing.T) {
	e := newEnv(t, Options{})
	p := newPhone(t, "101")
	for range 10 {
		p.register(e.r, []string{"<sip:101@192.0.2.10>"})
	}
	p.register(e.r, []string{"<sip:101@192.0.2.11>"})
	p.register(e.r, []string{"<sip:101@192.0.2.11>;expires=0"})
	if n := e.r.Stats().StorePending; n != 2 {
		t.Fatalf("pending = %d, want 2 (one save, one delete)", n)
	}
	if err := e.r.flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	rows, _ := e.st.ListRegistrations(t.Context())
	if e.st.saves != 1 || len(rows) != 1 || rows[0].CSeq != 11 {
		t.Fatalf("saves = %d, rows = %+v", e.st.saves, rows)
	}
}

func TestWriterRetriesAfterStoreFailure(t *testing.T) {
	e := newEnv(t, Options{})
	newPhone(t, "101").register(e.r, []string{"<sip:101@192.0.2.10>"})
	newPhone(t, "102").register(e.r, []string{"<sip:102@192.0.2.10>"})
	e.st.setFail(errors.New("database is locked"))
	err := e.r.flush(t.Context())
	if !errors.Is(err, ErrStore) {
		t.Fatalf("flush = %v", err)
	}
	if st := e.r.Stats(); st.StorePending != 2 || st.StoreWriteErrors != 1 || st.Contacts != 2 {
		t.Fatalf("stats = %+v", st)
	}
	e.st.setFail(nil)
	if err := e.r.flushAll(t.Context()); err != nil {
		t.Fatal(err)
	}
	if e.st.len() != 2 {
		t.Fatalf("rows = %d", e.st.len())
	}
	// A change that can never be written (extension deleted) is dropped.
	e.st.setFail(fmt.Errorf("fk: %w", store.ErrNotFound))
	newPhone(t, "103").register(e.r, []string{"<sip:103@192.0.2.10>"})
	if err := e.r.flush(t.Context()); err != nil || e.r.Stats().StorePending != 0 {
		t.Fatalf("flush = %v, pending %d", err, e.r.Stats().StorePending)
	}
}

func TestRunTwice(t *testing.T) {
	e := newEnv(t, Options{})
	stop := startRun(t, e.r)
	waitFor(t, "Run started", e.r.running.Load)
	if err := e.r.Run(t.Context()); !errors.Is(err, ErrRunning) {
		t.Fatalf("second Run = %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

func TestOptionsDefaults(t *testing.T) {
	r := New(newDir(), newMemStore(), nil, Options{Realm: testRealm, KeepAlive: time.Second})
	o := r.opts
	if o.MinExpires != 60*time.Second || o.MaxExpires != time.Hour || o.DefaultExpires != time.Hour ||
		o.MaxContacts != 10 || o.KeepAlive != 0 || o.Logger == nil || o.Clock == nil {
		t.Fatalf("defaults = %+v", o)
	}
	if keepAliveHost("bad realm") != "dialtone.invalid" || keepAliveHost("pbx.example.com") != "pbx.example.com" {
		t.Fatal("keepAliveHost")
	}
}
