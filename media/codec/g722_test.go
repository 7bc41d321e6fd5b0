package codec

import (
	"bytes"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
	ref "github.com/gotranspile/g722"

	"github.com/dialtone-pbx/dialtone/media/codec/internal/g722"
)

// TestG722MatchesReference runs 12 s of varied audio through G722{} and
// through github.com/gotranspile/g722 (the ITU-T/spandsp arithmetic) in
// 20 ms frames with state kept across frames, comparing every byte and,
// decoding those bytes, every sample. internal/g722 has the exhaustive
// version; this one proves the adapter passes frames through unchanged.
func TestG722MatchesReference(t *testing.T) {
	const rate = 16000
	var pcm []int16
	for _, seg := range [][]int16{
		audiotest.Tone(rate, 440, 0.3, 2*time.Second),
		audiotest.Tone(rate, 6500, 0.5, time.Second),
		audiotest.Tone(rate, 1000, 3, time.Second), // clipped to full scale
		make([]int16, rate),                        // silence
		audiotest.Noise(3*rate, 0.3, 11),
		audiotest.Mix(audiotest.Tone(rate, 300, 0.4, 4*time.Second), audiotest.Noise(4*rate, 0.02, 12)),
	} {
		pcm = append(pcm, seg...)
	}
	enc, _ := G722{}.NewEncoder()
	dec, _ := G722{}.NewDecoder()
	renc := ref.NewEncoder(ref.Rate64000, 0)
	rdec := ref.NewDecoder(ref.Rate64000, 0)
	want := make([]byte, 160)
	wantPCM := make([]int16, 320)
	var payload []byte
	var out []int16
	var err error
	frames := 0
	for i := 0; i+320 <= len(pcm); i += 320 {
		fr := pcm[i : i+320]
		if payload, err = enc.Encode(fr, payload[:0]); err != nil {
			t.Fatal(err)
		}
		renc.Encode(want, fr)
		if !bytes.Equal(payload, want) {
			t.Fatalf("frame %d: payload differs from the reference", i/320)
		}
		if out, err = dec.Decode(payload, out[:0]); err != nil {
			t.Fatal(err)
		}
		rdec.Decode(wantPCM, payload)
		for j := range out {
			if !g722.SameOrSaturated(out[j], wantPCM[j]) {
				t.Fatalf("frame %d sample %d: %d, reference %d", i/320, j, out[j], wantPCM[j])
			}
		}
		frames++
	}
	if frames != 600 {
		t.Fatalf("%d frames compared, want 600", frames)
	}
}

// TestG722AppendsWithoutAllocating: a steady stream that reuses its
// buffers allocates nothing per frame.
func TestG722AppendsWithoutAllocating(t *testing.T) {
	enc, _ := G722{}.NewEncoder()
	dec, _ := G722{}.NewDecoder()
	fr := audiotest.Tone(16000, 440, 0.5, ptime)
	payload := make([]byte, 0, 160)
	pcm := make([]int16, 0, 320)
	allocs := testing.AllocsPerRun(100, func() {
		payload, _ = enc.Encode(fr, payload[:0])
		pcm, _ = dec.Decode(payload, pcm[:0])
	})
	if allocs != 0 || len(payload) != 160 || len(pcm) != 320 {
		t.Errorf("%.0f allocs per frame, %d bytes, %d samples; want 0, 160, 320", allocs, len(payload), len(pcm))
	}
}

// BenchmarkG722Encode and BenchmarkG722Decode are ns per 20 ms frame
// through the Codec interface, against gotranspile/g722 called directly.
func BenchmarkG722Encode(b *testing.B) {
	frames := benchFrames(G722{}.Format())
	b.Run("internal", func(b *testing.B) {
		enc, _ := G722{}.NewEncoder()
		var out []byte
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			out, _ = enc.Encode(frames[i%len(frames)], out[:0])
			i++
		}
	})
	b.Run("gotranspile", func(b *testing.B) {
		enc := ref.NewEncoder(ref.Rate64000, 0)
		out := make([]byte, 160)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			enc.Encode(out, frames[i%len(frames)])
			i++
		}
	})
}

func BenchmarkG722Decode(b *testing.B) {
	payloads := benchPayloads(b, G722{})
	b.Run("internal", func(b *testing.B) {
		dec, _ := G722{}.NewDecoder()
		var out []int16
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			out, _ = dec.Decode(payloads[i%len(payloads)], out[:0])
			i++
		}
	})
	b.Run("gotranspile", func(b *testing.B) {
		dec := ref.NewDecoder(ref.Rate64000, 0)
		out := make([]int16, 320)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			dec.Decode(out, payloads[i%len(payloads)])
			i++
		}
	})
}
