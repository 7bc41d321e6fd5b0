package srtp

import (
	"math"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
)

const (
	toneHz  = 440.0
	toneAmp = 0.5
)

// tonePackets is 1 s of a 440 Hz tone as 50 RTP packets of 20 ms in codec
// c (172 bytes each for G.711), sequence numbers from seq on.
func tonePackets(t testing.TB, c codec.Codec, seq uint16, ssrc uint32) [][]byte {
	t.Helper()
	pcm := audiotest.Tone(8000, toneHz, toneAmp, time.Second)
	enc, err := c.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	var pkts [][]byte
	for i := 0; i+160 <= len(pcm); i += 160 {
		payload, err := enc.Encode(pcm[i:i+160], nil)
		if err != nil {
			t.Fatal(err)
		}
		h := rtp.Header{PayloadType: uint8(c.Format().PayloadType), Seq: seq, Timestamp: uint32(1000 + i), SSRC: ssrc}
		pkts = append(pkts, rtp.Append(nil, h, payload))
		seq++
	}
	return pkts
}

// decodeTone decodes the payloads of RTP packets in codec c to 8 kHz PCM.
func decodeTone(t testing.TB, c codec.Codec, pkts [][]byte) []int16 {
	t.Helper()
	dec, err := c.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var pcm []int16
	for _, p := range pkts {
		_, payload, err := rtp.Parse(p)
		if err != nil {
			t.Fatal(err)
		}
		if pcm, err = dec.Decode(payload, pcm); err != nil {
			t.Fatal(err)
		}
	}
	return pcm
}

// checkTone asserts that pcm is the 440 Hz tone at its level.
func checkTone(t testing.TB, pcm []int16) {
	t.Helper()
	if f := audiotest.DominantFrequency(pcm, 8000); math.Abs(f-toneHz) > 1 {
		t.Errorf("dominant frequency %.2f Hz, want %.0f", f, toneHz)
	}
	if l := audiotest.Level(pcm, 8000, toneHz); math.Abs(l-toneAmp) > 0.02 {
		t.Errorf("tone level %.3f, want %.2f", l, toneAmp)
	}
}
