package bridge

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/rtp"
	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// sdpFile parses a description from media/sdp/testdata.
func sdpFile(t testing.TB, name string) *sdp.Session {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "sdp", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	s, err := sdp.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sdpText parses a description written with \n line ends.
func sdpText(t testing.TB, text string) *sdp.Session {
	t.Helper()
	s, err := sdp.Parse([]byte(strings.ReplaceAll(strings.TrimSpace(text), "\t", "")))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// answerSDP is a callee's answer: an audio section with the m= formats and
// attribute lines given.
func answerSDP(t testing.TB, formats string, attrs ...string) *sdp.Session {
	t.Helper()
	text := "v=0\no=bob 1 1 IN IP4 192.0.2.20\ns=-\nc=IN IP4 192.0.2.20\nt=0 0\nm=audio 30000 RTP/AVP " + formats + "\n"
	for _, a := range attrs {
		text += "a=" + a + "\n"
	}
	return sdpText(t, text)
}

func formats(s *sdp.Session) string {
	return strings.Join(s.Media[audioIndex(s)].Formats, " ")
}

// stream cuts PCM into RTP packets of codec c.
type stream struct {
	pt   uint8
	ssrc uint32
	seq  uint16
	ts   uint32
}

func (st *stream) packets(t testing.TB, c codec.Codec, pcm []int16, ptime time.Duration) [][]byte {
	t.Helper()
	enc, err := c.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	f := c.Format()
	n := f.FrameLen(ptime)
	var out [][]byte
	for i := 0; i+n <= len(pcm); i += n {
		payload, err := enc.Encode(pcm[i:i+n], nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, st.packet(payload, false))
		st.ts += f.TimestampStep(ptime)
	}
	return out
}

func (st *stream) packet(payload []byte, marker bool) []byte {
	b := rtp.Append(nil, rtp.Header{Marker: marker, PayloadType: st.pt, Seq: st.seq, Timestamp: st.ts, SSRC: st.ssrc}, payload)
	st.seq++
	return b
}

// run feeds packets through p and gives copies of what it emitted.
func run(p *Processor, pkts [][]byte) [][]byte {
	var out [][]byte
	emit := func(b []byte) { out = append(out, append([]byte(nil), b...)) }
	for _, pkt := range pkts {
		p.Process(append([]byte(nil), pkt...), emit)
	}
	return out
}

type parsed struct {
	h       rtp.Header
	payload []byte
}

func parseAll(t testing.TB, pkts [][]byte) []parsed {
	t.Helper()
	out := make([]parsed, 0, len(pkts))
	for i, b := range pkts {
		h, p, err := rtp.Parse(b)
		if err != nil {
			t.Fatalf("output packet %d: %v", i, err)
		}
		out = append(out, parsed{h, p})
	}
	return out
}

// decodeAll decodes the packets of payload type pt with codec c.
func decodeAll(t testing.TB, c codec.Codec, pt uint8, pkts []parsed) []int16 {
	t.Helper()
	dec, err := c.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	var pcm []int16
	for _, p := range pkts {
		if p.h.PayloadType != pt {
			continue
		}
		if pcm, err = dec.Decode(p.payload, pcm); err != nil {
			t.Fatal(err)
		}
	}
	return pcm
}

// checkContiguous asserts one SSRC and sequence numbers without a hole.
func checkContiguous(t testing.TB, pkts []parsed) {
	t.Helper()
	for i := 1; i < len(pkts); i++ {
		if pkts[i].h.SSRC != pkts[0].h.SSRC {
			t.Fatalf("packet %d: SSRC %#x, first %#x", i, pkts[i].h.SSRC, pkts[0].h.SSRC)
		}
		if pkts[i].h.Seq != pkts[i-1].h.Seq+1 {
			t.Fatalf("packet %d: seq %d after %d", i, pkts[i].h.Seq, pkts[i-1].h.Seq)
		}
	}
}

func pcmu(pt uint8, ptime time.Duration) LegMedia {
	return LegMedia{Codec: codec.PCMU{}, PT: pt, Name: "PCMU", ClockRate: 8000, Channels: 1, Ptime: ptime}
}

func g722(pt uint8) LegMedia {
	return LegMedia{Codec: codec.G722{}, PT: pt, Name: "G722", ClockRate: 8000, Channels: 1, Ptime: 20 * time.Millisecond}
}

func opus(pt uint8) LegMedia {
	return LegMedia{Codec: codec.Opus{}, PT: pt, Name: "opus", ClockRate: 48000, Channels: 2, Ptime: 20 * time.Millisecond}
}

func withTE(l LegMedia, pt uint8, clock int) LegMedia {
	l.DTMFPT, l.DTMFClock = pt, clock
	return l
}
