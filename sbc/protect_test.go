package sbc

import (
	"net/netip"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

func TestScannerGetsNoAnswer(t *testing.T) {
	e := startEdge(t, Options{})
	c := udpClient(t, e, "127.0.0.3")
	for _, ua := range []string{"friendly-scanner", "sipvicious 0.3.4", "SIPCLI/v1.8"} {
		t.Run(ua, func(t *testing.T) {
			if b, ok := exchange(t, c, newReq("OPTIONS", "scan-"+ua).with("User-Agent", ua).bytes(), noAnswer); ok {
				t.Fatalf("scanner answered:\n%s", b)
			}
		})
	}
	// Malformed input from a scanner gets nothing either.
	if b, ok := exchange(t, c, newReq("OPTIONS", "scan-bad").with("User-Agent", "friendly-scanner").with("Max-Forwards", "x").bytes(), noAnswer); ok {
		t.Fatalf("malformed scanner request answered:\n%s", b)
	}
	if got := e.Counters().Scanner; got != 4 {
		t.Errorf("Counters().Scanner = %d, want 4", got)
	}
	if b, ok := exchange(t, c, newReq("OPTIONS", "scan-ok").bytes(), noAnswer); !ok || statusOf(t, b) != 200 {
		t.Fatal("a normal User-Agent is not answered")
	}
}

func TestRateLimit(t *testing.T) {
	e := startEdge(t, Options{RateLimit: 1, RateBurst: 5})
	c := udpClient(t, e, "127.0.0.4")
	answered := 0
	for i := range 10 {
		if _, ok := exchange(t, c, newReq("OPTIONS", "rate-"+strconv.Itoa(i)).bytes(), 100*time.Millisecond); ok {
			answered++
		}
	}
	// 5 at once, plus at most one more earned during the test.
	if answered < 5 || answered > 6 {
		t.Errorf("%d of 10 answered, want 5 or 6", answered)
	}
	if got := e.Counters().RateLimited; got < 4 {
		t.Errorf("Counters().RateLimited = %d, want >= 4", got)
	}
	// Another source is not affected.
	c2 := udpClient(t, e, "127.0.0.5")
	if _, ok := exchange(t, c2, newReq("OPTIONS", "rate-other").bytes(), noAnswer); !ok {
		t.Error("another source is limited too")
	}
}

func TestAuthFailuresBan(t *testing.T) {
	allowed := netip.MustParsePrefix("127.0.0.7/32")
	e := startEdge(t, Options{BanFailures: 3, RateLimit: 2, RateBurst: 2, Allowlist: []netip.Prefix{allowed}})
	var calls atomic.Int32
	e.Handle("REGISTER", func(r *Request) {
		calls.Add(1)
		r.AuthFailed()
		_ = r.Respond(401, "Unauthorized")
	})

	t.Run("banned after BanFailures", func(t *testing.T) {
		c := udpClient(t, e, "127.0.0.6")
		// RateBurst 2 at 2/s: pace the requests so that only the ban stops them.
		for i := range 3 {
			b, ok := exchange(t, c, newReq("REGISTER", "ban-"+strconv.Itoa(i)).bytes(), noAnswer)
			if !ok || statusOf(t, b) != 401 {
				t.Fatalf("failure %d not answered 401", i+1)
			}
			time.Sleep(500 * time.Millisecond)
		}
		if b, ok := exchange(t, c, newReq("REGISTER", "ban-after").bytes(), noAnswer); ok {
			t.Fatalf("banned source answered:\n%s", b)
		}
		if b, ok := exchange(t, c, newReq("OPTIONS", "ban-options").bytes(), noAnswer); ok {
			t.Fatalf("banned source answered OPTIONS:\n%s", b)
		}
		bans := e.Bans().List()
		if len(bans) != 1 || bans[0].Addr != netip.MustParseAddr("127.0.0.6") {
			t.Fatalf("Bans().List() = %+v", bans)
		}
		if e.Counters().Banned < 2 {
			t.Errorf("Counters().Banned = %d", e.Counters().Banned)
		}
	})

	t.Run("allowlisted never banned nor limited", func(t *testing.T) {
		c := udpClient(t, e, "127.0.0.7")
		for i := range 10 {
			b, ok := exchange(t, c, newReq("REGISTER", "allow-"+strconv.Itoa(i)).bytes(), noAnswer)
			if !ok || statusOf(t, b) != 401 {
				t.Fatalf("allowlisted request %d not answered", i+1)
			}
		}
		if _, banned := e.Bans().Lookup(netip.MustParseAddr("127.0.0.7")); banned {
			t.Fatal("allowlisted source banned")
		}
	})
}

func TestRetransmissionAnsweredFromCache(t *testing.T) {
	e := startEdge(t, Options{})
	var calls atomic.Int32
	e.Handle("REGISTER", func(r *Request) {
		calls.Add(1)
		_ = r.Respond(200, "OK")
	})
	c := udpClient(t, e, "127.0.0.8")
	msg := newReq("REGISTER", "retrans").bytes()
	first, ok := exchange(t, c, msg, noAnswer)
	if !ok {
		t.Fatal("no answer")
	}
	second, ok := exchange(t, c, msg, noAnswer)
	if !ok {
		t.Fatal("retransmission not answered")
	}
	if string(first) != string(second) {
		t.Errorf("answers differ:\n%s\n--\n%s", first, second)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("handler ran %d times, want 1", n)
	}
	if s := e.Stats(); s.Retransmissions != 1 || s.Dispatched != 1 {
		t.Errorf("Retransmissions=%d Dispatched=%d, want 1 and 1", s.Retransmissions, s.Dispatched)
	}
	// A new transaction (new branch) runs the handler again.
	if _, ok := exchange(t, c, newReq("REGISTER", "retrans-2").bytes(), noAnswer); !ok || calls.Load() != 2 {
		t.Errorf("new transaction: answered=%v calls=%d", ok, calls.Load())
	}
}

func TestRetransmissionWhilePendingIsAbsorbed(t *testing.T) {
	e, s := memEdge(t, Options{}, new(recorder))
	rec := s.w.(*recorder)
	var pending *Request
	e.Handle("INVITE", func(r *Request) { pending = r })
	src := netip.MustParseAddrPort("192.0.2.1:5060")
	msg := newReq("INVITE", "pending").bytes()
	e.handleDatagram(s, msg, src)
	e.handleDatagram(s, msg, src)
	if pending == nil || len(rec.take()) != 0 {
		t.Fatal("handler not run, or something answered")
	}
	if st := e.Stats(); st.Absorbed != 1 || st.Dispatched != 1 {
		t.Fatalf("Absorbed=%d Dispatched=%d", st.Absorbed, st.Dispatched)
	}
	if err := pending.Respond(180, ""); err != nil {
		t.Fatal(err)
	}
	e.handleDatagram(s, msg, src)
	sent := rec.take()
	if len(sent) != 2 || string(sent[0]) != string(sent[1]) || statusOf(t, sent[1]) != 180 {
		t.Fatalf("retransmission after 180: %d answers", len(sent))
	}
	// The cache rotates twice: the entry is gone and the request is new again.
	e.cache.rotate()
	e.cache.rotate()
	e.handleDatagram(s, msg, src)
	if st := e.Stats(); st.Dispatched != 2 {
		t.Errorf("after expiry Dispatched=%d, want 2", st.Dispatched)
	}
}

func TestTxCacheOverflow(t *testing.T) {
	c := newTxCache(txShards * 2) // two entries per shard
	src := netip.MustParseAddrPort("192.0.2.1:5060")
	for i := range 200 {
		b := []byte("z9hG4bK" + strconv.Itoa(i))
		k := c.key(src, b, []byte("REGISTER"))
		c.begin(k, src, b, []byte("REGISTER"))
	}
	if n := c.len(); n > txShards*2 {
		t.Errorf("cache holds %d entries, bound %d", n, txShards*2)
	}
	if c.overflows.Load() == 0 {
		t.Error("no overflow counted")
	}
}
