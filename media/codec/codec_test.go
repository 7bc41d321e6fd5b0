package codec

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

const ptime = 20 * time.Millisecond

// roundTrip encodes pcm frame by frame and decodes every payload.
func roundTrip(t testing.TB, c Codec, pcm []int16) ([]int16, int) {
	t.Helper()
	enc, err := c.NewEncoder()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := c.NewDecoder()
	if err != nil {
		t.Fatal(err)
	}
	f := c.Format()
	n := f.FrameLen(ptime)
	var out []int16
	var payload []byte
	bytes := 0
	for i := 0; i+n <= len(pcm); i += n {
		payload, err = enc.Encode(pcm[i:i+n], payload[:0])
		if err != nil {
			t.Fatal(err)
		}
		bytes += len(payload)
		if out, err = dec.Decode(payload, out); err != nil {
			t.Fatal(err)
		}
	}
	return out, bytes
}

func TestRoundTripTone(t *testing.T) {
	// Tolerances: frequency ±2 Hz; RMS within the stated fraction of the
	// input's, after the first 100 ms (codec start-up).
	for _, tc := range []struct {
		c      Codec
		rmsTol float64
		bytes  int // per 20 ms, 0 = variable
	}{
		{PCMU{}, 0.01, 160},
		{PCMA{}, 0.01, 160},
		{G722{}, 0.01, 160},
		{Opus{}, 0.02, 0},
		{Opus{Channels: 2}, 0.02, 0},
	} {
		f := tc.c.Format()
		t.Run(f.String()+"/"+string(rune('0'+f.PCMChannels)), func(t *testing.T) {
			mono := audiotest.Tone(f.SampleRate, 440, 0.5, time.Second)
			in := mono
			if f.PCMChannels == 2 {
				in = audiotest.Stereo(mono, mono)
			}
			out, bytes := roundTrip(t, tc.c, in)
			if len(out) != len(in) {
				t.Fatalf("decoded %d samples, want %d", len(out), len(in))
			}
			if tc.bytes != 0 && bytes != tc.bytes*50 {
				t.Errorf("payload bytes %d, want %d", bytes, tc.bytes*50)
			}
			for ch := 0; ch < f.PCMChannels; ch++ {
				got := audiotest.Channel(out, ch, f.PCMChannels)
				skip := audiotest.Samples(f.SampleRate, 100*time.Millisecond)
				got = got[skip:]
				ref := mono[skip:]
				freq := audiotest.DominantFrequency(got, f.SampleRate)
				rin, rout := audiotest.RMS(ref), audiotest.RMS(got)
				t.Logf("ch %d: %.2f Hz, RMS %.4f -> %.4f (%+.2f%%), %d bytes/s", ch, freq, rin, rout, 100*(rout/rin-1), bytes)
				if math.Abs(freq-440) > 2 {
					t.Errorf("frequency %.2f Hz, want 440 ± 2", freq)
				}
				if math.Abs(rout/rin-1) > tc.rmsTol {
					t.Errorf("RMS %.4f, want %.4f ± %.0f%%", rout, rin, 100*tc.rmsTol)
				}
			}
		})
	}
}

func TestG711KnownValues(t *testing.T) {
	// G.711 Table 2a/2b: 0 encodes as 0xFF (µ-law) and 0xD5 (A-law).
	for _, tc := range []struct {
		c    Codec
		pcm  int16
		code byte
	}{
		{PCMU{}, 0, 0xFF},
		{PCMA{}, 0, 0xD5},
		{PCMU{}, 32767, 0x80},
		{PCMU{}, -32768, 0x00},
		{PCMA{}, 32767, 0xAA},
		{PCMA{}, -32768, 0x2A},
	} {
		enc, _ := tc.c.NewEncoder()
		out, err := enc.Encode([]int16{tc.pcm}, nil)
		if err != nil || out[0] != tc.code {
			t.Errorf("%s(%d) = %#x %v, want %#x", tc.c.Format().Name, tc.pcm, out, err, tc.code)
		}
	}
}

func TestCodecErrors(t *testing.T) {
	ge, _ := G722{}.NewEncoder()
	if _, err := ge.Encode(make([]int16, 3), nil); !errors.Is(err, ErrFrameSize) {
		t.Errorf("G722 odd frame: %v", err)
	}
	oe, _ := Opus{}.NewEncoder()
	if _, err := oe.Encode(make([]int16, 100), nil); !errors.Is(err, ErrFrameSize) {
		t.Errorf("opus 100 samples: %v", err)
	}
	if _, err := (Opus{Channels: 3}).NewEncoder(); !errors.Is(err, ErrUnsupported) {
		t.Errorf("opus 3 channels: %v", err)
	}
	for _, c := range []Codec{PCMU{}, PCMA{}, G722{}} {
		d, _ := c.NewDecoder()
		if _, err := d.Decode(nil, nil); !errors.Is(err, ErrEmptyPayload) {
			t.Errorf("%s empty payload: %v", c.Format().Name, err)
		}
	}
	od, _ := Opus{}.NewDecoder()
	if _, err := od.Decode([]byte{0xff, 0xff, 0xff}, nil); err == nil {
		t.Error("opus garbage decoded without error")
	}
}

func TestOpusFrameSizesAndPLC(t *testing.T) {
	enc, _ := Opus{}.NewEncoder()
	dec, _ := Opus{}.NewDecoder()
	tone := audiotest.Tone(48000, 440, 0.5, 200*time.Millisecond)
	for _, ms := range []int{10, 20, 40, 60, 20} {
		n := 48 * ms
		p, err := enc.Encode(tone[:n], nil)
		if err != nil {
			t.Fatalf("%d ms: %v", ms, err)
		}
		pcm, err := dec.Decode(p, nil)
		if err != nil || len(pcm) != n {
			t.Fatalf("%d ms: decoded %d samples, %v", ms, len(pcm), err)
		}
	}
	pcm, err := dec.Decode(nil, nil) // a lost packet
	if err != nil || len(pcm) != 960 {
		t.Errorf("PLC: %d samples, %v; want 960", len(pcm), err)
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		name          string
		rate, ch      int
		want, wantErr string
	}{
		{"PCMU", 8000, 1, "PCMU/8000", ""},
		{"pcmu", 8000, 0, "PCMU/8000", ""},
		{"PCMA", 8000, 1, "PCMA/8000", ""},
		{"G722", 8000, 1, "G722/8000", ""},
		{"opus", 48000, 2, "opus/48000/2", ""},
		{"OPUS", 48000, 1, "opus/48000/2", ""},
		{"G722", 16000, 1, "", "G722/16000/1: codec: unknown codec"},
		{"PCMU", 8000, 2, "", "PCMU/8000/2: codec: unknown codec"},
		{"G729", 8000, 1, "", "G729/8000/1: codec: unknown codec"},
		{"opus", 16000, 1, "", "opus/16000/1: codec: unknown codec"},
	} {
		c, err := Lookup(tc.name, tc.rate, tc.ch)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr || !errors.Is(err, ErrUnknownCodec) {
				t.Errorf("Lookup(%s/%d/%d) error %v, want %q", tc.name, tc.rate, tc.ch, err, tc.wantErr)
			}
			continue
		}
		if err != nil || c.Format().String() != tc.want {
			t.Errorf("Lookup(%s/%d/%d) = %v, %v; want %s", tc.name, tc.rate, tc.ch, c, err, tc.want)
		}
	}
	for _, n := range Names() {
		f := Format{}
		switch n {
		case "opus":
			f = Opus{}.Format()
		default:
			c, err := Lookup(n, 8000, 1)
			if err != nil {
				t.Fatal(err)
			}
			f = c.Format()
		}
		if _, err := Lookup(f.Name, f.ClockRate, f.Channels); err != nil {
			t.Errorf("Names() lists %s but Lookup fails: %v", n, err)
		}
	}
}

func TestFormat(t *testing.T) {
	g := G722{}.Format()
	// RFC 3551 §4.5.2: 20 ms of G.722 is 320 samples but 160 timestamp units.
	if g.Samples(ptime) != 320 || g.TimestampStep(ptime) != 160 || g.PayloadSize(ptime) != 160 {
		t.Errorf("G722 20 ms: %d samples, ts %d, %d bytes", g.Samples(ptime), g.TimestampStep(ptime), g.PayloadSize(ptime))
	}
	o := Opus{Channels: 2}.Format()
	if o.FrameLen(ptime) != 1920 || o.TimestampStep(ptime) != 960 || o.PayloadSize(ptime) != 0 {
		t.Errorf("opus stereo 20 ms: %d, %d, %d", o.FrameLen(ptime), o.TimestampStep(ptime), o.PayloadSize(ptime))
	}
	for _, tc := range []struct {
		f    Format
		p    time.Duration
		want bool
	}{
		{PCMU{}.Format(), 30 * time.Millisecond, true},
		{PCMU{}.Format(), 0, false},
		{PCMU{}.Format(), 1500 * time.Microsecond, false},
		{PCMU{}.Format(), 240 * time.Millisecond, false},
		{Opus{}.Format(), 30 * time.Millisecond, false},
		{Opus{}.Format(), 60 * time.Millisecond, true},
	} {
		if got := tc.f.ValidPtime(tc.p); got != tc.want {
			t.Errorf("%s ValidPtime(%v) = %v", tc.f, tc.p, got)
		}
	}
}

// TestNoAllocSteadyState checks that encoders, decoders and transcoders
// reuse the caller's buffers.
func TestNoAllocSteadyState(t *testing.T) {
	for _, c := range []Codec{PCMU{}, PCMA{}, G722{}, Opus{}} {
		f := c.Format()
		enc, _ := c.NewEncoder()
		dec, _ := c.NewDecoder()
		pcm := audiotest.Tone(f.SampleRate, 440, 0.5, ptime)
		var payload []byte
		var out []int16
		run := func() {
			payload, _ = enc.Encode(pcm, payload[:0])
			out, _ = dec.Decode(payload, out[:0])
		}
		run()
		if a := testing.AllocsPerRun(20, run); a != 0 {
			t.Errorf("%s: %.1f allocations per frame", f.Name, a)
		}
	}
}
