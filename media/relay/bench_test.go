package relay

import (
	"encoding/binary"
	"net/netip"
	"testing"
	"time"
)

// BenchmarkRelayPacket sends one 172-byte RTP packet from phone A through a
// Link over loopback and waits for it at phone B; ns/op includes the test
// peers' own send and receive. allocs/op counts the whole process, relay
// worker included, and must be 0.
func BenchmarkRelayPacket(b *testing.B) { benchRelay(b, nil) }

// BenchmarkRelayProcessed is BenchmarkRelayPacket with a trivial processor
// on the direction (payload type rewrite, one packet emitted): the cost of
// the processor path itself, copy into the worker's buffer included.
func BenchmarkRelayProcessed(b *testing.B) { benchRelay(b, ptRewrite{pt: 8}) }

func benchRelay(b *testing.B, proc Processor) {
	p := testPool(b, 8, func(c *Config) { c.Workers = 1 })
	a, e, l := bridgePair(b, p)
	if proc != nil {
		l.SetProcessor(0, proc)
	}
	phoneA, phoneB := newPhone(b), newPhone(b)
	a.SetRemote(phoneA.addr())
	e.SetRemote(phoneB.addr())
	pkt := rtpPacket(1, 0, 0, 0, 160)
	buf := make([]byte, 2048)
	to := netip.AddrPortFrom(loopback, a.Port())
	_ = phoneB.conn.SetReadDeadline(time.Now().Add(time.Minute))
	relayOne := func(seq uint16) {
		binary.BigEndian.PutUint16(pkt[2:], seq)
		binary.BigEndian.PutUint32(pkt[4:], uint32(seq)*160)
		if _, err := phoneA.conn.WriteToUDPAddrPort(pkt, to); err != nil {
			b.Fatal(err)
		}
		n, _, err := phoneB.conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			b.Fatal(err)
		}
		if proc != nil && (n != len(pkt) || buf[1]&0x7f != 8) {
			b.Fatalf("not processed: %d bytes, PT %d", n, buf[1]&0x7f)
		}
	}
	relayOne(0) // latch outside the measurement
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		relayOne(uint16(i + 1))
	}
	b.StopTimer()
	if sa, sb := l.Stats(); sa.PacketsIn != uint64(b.N+1) || sa.Lost != 0 || sb.PacketsOut != uint64(b.N+1) {
		b.Fatalf("stats a=%+v b=%+v", sa, sb)
	}
}
