package srtp

import (
	"encoding/binary"
	"testing"

	"github.com/dialtone-pbx/dialtone/media/codec"
)

// One G.711 20 ms packet: 12-byte header + 160-byte payload = 172 bytes.
// go test -run '^$' -bench . -benchtime 1s ./media/srtp

func BenchmarkProtect(b *testing.B) {
	for _, s := range Suites() {
		b.Run(string(s), func(b *testing.B) {
			p, _, _ := newPair(b, s)
			pkt := tonePackets(b, codec.PCMU{}, 1, 3)[0]
			buf := make([]byte, 0, 256)
			b.SetBytes(int64(len(pkt)))
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				binary.BigEndian.PutUint16(pkt[2:], uint16(i))
				if _, err := p.Protect(buf[:0], pkt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkUnprotect(b *testing.B) {
	for _, s := range Suites() {
		b.Run(string(s), func(b *testing.B) {
			p, u, _ := newPair(b, s)
			pkt := tonePackets(b, codec.PCMU{}, 1, 3)[0]
			// Every packet must be new to the replay window: protect them in
			// batches outside the timer.
			const batch = 4096
			sps := make([][]byte, batch)
			for i := range sps {
				sps[i] = make([]byte, 0, 256)
			}
			seq := uint16(0)
			refill := func() {
				for i := range sps {
					binary.BigEndian.PutUint16(pkt[2:], seq)
					seq++
					sps[i], _ = p.Protect(sps[i][:0], pkt)
				}
			}
			buf := make([]byte, 0, 256)
			b.SetBytes(int64(len(pkt)))
			b.ReportAllocs()
			refill()
			n := 0
			for b.Loop() {
				if n == batch {
					b.StopTimer()
					refill()
					n = 0
					b.StartTimer()
				}
				if _, err := u.Unprotect(buf[:0], sps[n]); err != nil {
					b.Fatal(err)
				}
				n++
			}
		})
	}
}
