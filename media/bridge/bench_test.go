package bridge

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

// BenchmarkProcess: one 20 ms packet through a Processor (ns/op is per
// packet, one direction).
func BenchmarkProcess(b *testing.B) {
	for _, bc := range []struct {
		name     string
		from, to LegMedia
	}{
		{"rewrite-PT", withTE(pcmu(0, ms20), 101, 8000), withTE(pcmu(8, ms20), 100, 8000)},
		{"repacketise-20-30ms", pcmu(0, ms20), pcmu(0, 30*time.Millisecond)},
		{"PCMU-G722", pcmu(0, ms20), g722(9)},
		{"G722-PCMU", g722(9), pcmu(0, ms20)},
		{"PCMU-opus", pcmu(0, ms20), opus(111)},
		{"opus-PCMU", opus(111), pcmu(0, ms20)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			p, err := NewProcessor(bc.from, bc.to, Options{})
			if err != nil {
				b.Fatal(err)
			}
			c := bc.from.Codec
			st := &stream{pt: bc.from.PT, ssrc: 1}
			pkts := st.packets(b, c, audiotest.Mix(audiotest.Tone(c.Format().SampleRate, 440, 0.2, 2*time.Second), audiotest.Noise(c.Format().SampleRate*2, 0.05, 1)), ms20)
			step := c.Format().TimestampStep(ms20)
			buf := make([]byte, 0, 2048)
			out := 0
			emit := func(pkt []byte) { out += len(pkt) }
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				buf = append(buf[:0], pkts[i%len(pkts)]...)
				binary.BigEndian.PutUint16(buf[2:], uint16(i))
				binary.BigEndian.PutUint32(buf[4:], uint32(i)*step)
				p.Process(buf, emit)
			}
			if out == 0 && b.N > 2 {
				b.Fatal("nothing emitted")
			}
		})
	}
}
