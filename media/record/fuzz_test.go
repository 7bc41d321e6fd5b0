package record

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
	"github.com/dialtone-pbx/dialtone/media/wav"
)

// FuzzPush feeds a recording leg packets from the network as they come
// (any bytes): nothing panics, the timeline keeps its length, and the file
// is a valid WAV. The input is split into packets by a one-byte length
// prefix; its first byte picks the codec.
func FuzzPush(f *testing.F) {
	seed := func(c byte, pkts ...[]byte) []byte {
		b := []byte{c}
		for _, p := range pkts {
			b = append(b, byte(len(p)))
			b = append(b, p...)
		}
		return b
	}
	h := func(seq uint16, ts uint32, pt uint8, payload []byte) []byte {
		return rtp.Append(nil, rtp.Header{PayloadType: pt, Seq: seq, Timestamp: ts, SSRC: 7}, payload)
	}
	f.Add(seed(0, h(1, 0, 0, make([]byte, 160)), h(3, 320, 0, make([]byte, 160)), h(2, 160, 0, make([]byte, 160))))
	f.Add(seed(1, h(1, 0, 9, make([]byte, 160)), h(1, 0, 9, make([]byte, 160)), h(9, 99999, 9, []byte{1})))
	f.Add(seed(2, h(1, 0, 111, []byte{0xf8, 0xff, 0xfe}), h(2, 960, 111, []byte{0x7b, 0x3f, 1, 2, 3}), h(3, 1920, 101, []byte{5, 0x80, 0, 160})))
	f.Add(seed(2, h(1, 0, 111, []byte{0x0b, 0x00}), []byte{0x80, 0xc8, 0, 1}))
	f.Fuzz(func(t *testing.T, data []byte) { fuzzOne(t, data) })
}

var codecs = []codec.Codec{codec.PCMU{}, codec.G722{}, codec.Opus{}, codec.PCMA{}}

func fuzzOne(t *testing.T, data []byte) {
	if len(data) == 0 {
		return
	}
	c := codecs[int(data[0])%len(codecs)]
	stereo := data[0]&0x10 != 0
	clk := newFakeClock()
	path := filepath.Join(t.TempDir(), "f.wav")
	r, err := New(path, Config{Clock: clk, Stereo: stereo, Rate: 16000, Queue: 16})
	if err != nil {
		t.Fatal(err)
	}
	in := r.Leg(int(data[0]>>7), c, []uint8{0, 8, 9, 111})
	now := t0
	for p := data[1:]; len(p) > 0; {
		n := min(int(p[0]), len(p)-1)
		in.Push(p[1 : 1+n])
		p = p[1+n:]
		now = now.Add(7 * time.Millisecond)
		clk.Set(now)
		r.mu.Lock()
		_ = r.step(now)
		r.mu.Unlock()
	}
	clk.Set(now.Add(100 * time.Millisecond))
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	format, pcm, err := wav.ReadAll(file)
	if err != nil {
		t.Fatal(err)
	}
	want := int(now.Add(100*time.Millisecond).Sub(t0)/Block) * 320 * format.Channels
	if len(pcm) != want {
		t.Fatalf("%d samples, want %d", len(pcm), want)
	}
}
