package relay

import (
	"errors"
	"net"
	"net/netip"
	"sync"
	"testing"
)

// bindPair tries to bind an RTP/RTCP port pair on loopback and frees it.
func bindPair(port uint16) error {
	for _, pt := range []uint16{port, port + 1} {
		c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: int(pt)})
		if err != nil {
			return err
		}
		c.Close()
	}
	return nil
}

// TestSend: to the SDP address before latching, to the latched source
// after, ErrNoRoute without either, ErrClosed after Close; counted while
// bridged.
func TestSend(t *testing.T) {
	p := testPool(t, 8)
	a, b, l := bridgePair(t, p)
	pkt := rtpPacket(7, 1, 0, 0, 20)
	if err := a.Send(pkt); !errors.Is(err, ErrNoRoute) {
		t.Fatalf("Send without an address: %v", err)
	}
	if sa, _ := l.Stats(); sa.NoRoute != 1 || sa.PacketsOut != 0 {
		t.Fatalf("stats %+v", sa)
	}
	sdp, nat := newPhone(t), newPhone(t)
	a.SetRemote(sdp.addr())
	if err := a.Send(pkt); err != nil {
		t.Fatal(err)
	}
	if _, from := sdp.mustRecv("before latching"); from.Port() != a.Port() {
		t.Fatalf("from port %d, want %d", from.Port(), a.Port())
	}
	nat.send(a.Port(), rtpPacket(1, 1, 0, 0, 20)) // the phone, behind NAT: latches
	b.SetRemote(newPhone(t).addr())
	waitStats(t, l, func(sa, _ LegStats) bool { return sa.PacketsIn == 1 })
	if err := a.Send(pkt); err != nil {
		t.Fatal(err)
	}
	nat.mustRecv("after latching")
	sdp.mustNotRecv("SDP address after latching")
	if sa, _ := l.Stats(); sa.PacketsOut != 2 || sa.BytesOut != 64 || sa.NoRoute != 1 {
		t.Fatalf("stats %+v", sa)
	}
	// An IPv6 address cannot be reached from an IPv4 socket.
	c, err := p.Allocate()
	if err != nil {
		t.Fatal(err)
	}
	c.SetRemote(netip.MustParseAddrPort("[::1]:4000"))
	if err := c.Send(pkt); !errors.Is(err, ErrNoRoute) {
		t.Fatalf("IPv6 phone from IPv4 socket: %v", err)
	}
	// Not linked: sent, not counted anywhere.
	c.SetRemote(sdp.addr())
	if err := c.Send(pkt); err != nil {
		t.Fatal(err)
	}
	sdp.mustRecv("unlinked endpoint")
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(pkt); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close: %v", err)
	}
}

func TestSendNoAlloc(t *testing.T) {
	p := testPool(t, 8)
	a, _, _ := bridgePair(t, p)
	sink := newPhone(t)
	_ = sink.conn.SetReadBuffer(1 << 20)
	a.SetRemote(sink.addr())
	pkt := rtpPacket(7, 1, 0, 0, 160)
	if n := testing.AllocsPerRun(100, func() { _ = a.Send(pkt) }); n != 0 {
		t.Fatalf("Send allocates %.1f times", n)
	}
}

// TestEndpointCloseReleasesPorts: when Close returns, InUse has dropped and
// both ports can be bound, whether the endpoint was idle, bridged with
// traffic, attached, or closed by two goroutines at once.
func TestEndpointCloseReleasesPorts(t *testing.T) {
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, p *Pool, e *Endpoint)
		closers int
	}{
		{"idle", func(*testing.T, *Pool, *Endpoint) {}, 1},
		{"bridged with traffic", func(t *testing.T, p *Pool, e *Endpoint) {
			o, err := p.Allocate()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { o.Close() })
			ph, sink := newPhone(t), newPhone(t)
			o.SetRemote(sink.addr())
			Bridge(e, o)
			ph.send(e.Port(), rtpPacket(1, 1, 0, 0, 20))
			sink.mustRecv("bridged")
		}, 1},
		{"attached", func(t *testing.T, p *Pool, e *Endpoint) {
			col := newCollector()
			Attach(e, col.handle)
			newPhone(t).send(e.Port(), rtpPacket(1, 1, 0, 0, 20))
			col.mustGet(t, "attached")
		}, 1},
		{"two closers", func(t *testing.T, p *Pool, e *Endpoint) {
			o, err := p.Allocate()
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { o.Close() })
			Bridge(e, o)
		}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := testPool(t, 8)
			e, err := p.Allocate()
			if err != nil {
				t.Fatal(err)
			}
			tc.setup(t, p, e)
			before := p.InUse()
			var mu sync.Mutex // one bind check at a time
			errs := make(chan error, tc.closers)
			for range tc.closers {
				go func() {
					if err := e.Close(); err != nil {
						errs <- err
						return
					}
					mu.Lock()
					defer mu.Unlock()
					if n := p.InUse(); n != before-1 {
						errs <- errors.New("InUse did not drop")
						return
					}
					errs <- bindPair(e.Port())
				}()
			}
			for range tc.closers {
				if err := <-errs; err != nil {
					t.Fatalf("after Close returned: %v", err)
				}
			}
		})
	}
}
