package codec

import (
	"fmt"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

// benchPCM is one second of a tone with noise (not silence, which some
// codecs encode for almost nothing), cut in 20 ms frames.
func benchFrames(f Format) [][]int16 {
	mono := audiotest.Mix(audiotest.Tone(f.SampleRate, 440, 0.3, time.Second), audiotest.Noise(f.SampleRate, 0.05, 3))
	pcm := mono
	if f.PCMChannels == 2 {
		pcm = audiotest.Stereo(mono, mono)
	}
	n := f.FrameLen(ptime)
	var frames [][]int16
	for i := 0; i+n <= len(pcm); i += n {
		frames = append(frames, pcm[i:i+n])
	}
	return frames
}

func benchPayloads(b *testing.B, c Codec) [][]byte {
	enc, err := c.NewEncoder()
	if err != nil {
		b.Fatal(err)
	}
	var out [][]byte
	for _, fr := range benchFrames(c.Format()) {
		p, err := enc.Encode(fr, nil)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

var benchCodecs = []struct {
	name string
	c    Codec
}{
	{"PCMU", PCMU{}},
	{"PCMA", PCMA{}},
	{"G722", G722{}},
	{"opus", Opus{}},
	{"opus-c1", Opus{Complexity: 1}},
	{"opus-c10", Opus{Complexity: 10}},
	{"opus-stereo", Opus{Channels: 2}},
}

// BenchmarkEncode is ns per 20 ms frame.
func BenchmarkEncode(b *testing.B) {
	for _, bc := range benchCodecs {
		b.Run(bc.name, func(b *testing.B) {
			enc, _ := bc.c.NewEncoder()
			frames := benchFrames(bc.c.Format())
			var out []byte
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				out, _ = enc.Encode(frames[i%len(frames)], out[:0])
				i++
			}
		})
	}
}

// BenchmarkDecode is ns per 20 ms frame.
func BenchmarkDecode(b *testing.B) {
	for _, bc := range benchCodecs {
		b.Run(bc.name, func(b *testing.B) {
			dec, _ := bc.c.NewDecoder()
			payloads := benchPayloads(b, bc.c)
			var out []int16
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				out, _ = dec.Decode(payloads[i%len(payloads)], out[:0])
				i++
			}
		})
	}
}

var benchPairs = [][2]Codec{
	{PCMU{}, PCMA{}},
	{PCMU{}, G722{}},
	{PCMU{}, Opus{}},
	{G722{}, Opus{}},
}

func pairName(a, b Codec) string {
	return fmt.Sprintf("%s-%s", a.Format().Name, b.Format().Name)
}

// BenchmarkTranscode is ns per 20 ms frame, one direction.
func BenchmarkTranscode(b *testing.B) {
	for _, p := range benchPairs {
		for _, dir := range [][2]Codec{{p[0], p[1]}, {p[1], p[0]}} {
			b.Run(pairName(dir[0], dir[1]), func(b *testing.B) {
				tr, _ := NewTranscoder(dir[0], dir[1])
				payloads := benchPayloads(b, dir[0])
				var out []byte
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					out, _ = tr.Transcode(payloads[i%len(payloads)], out[:0])
					i++
				}
			})
		}
	}
}

// BenchmarkTranscodeCall is one 20 ms frame each way of a transcoded
// call; calls/core = 1 s / (50 frames × ns per op).
func BenchmarkTranscodeCall(b *testing.B) {
	for _, p := range benchPairs {
		b.Run(pairName(p[0], p[1]), func(b *testing.B) {
			ab, _ := NewTranscoder(p[0], p[1])
			ba, _ := NewTranscoder(p[1], p[0])
			pa, pb := benchPayloads(b, p[0]), benchPayloads(b, p[1])
			var out []byte
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				out, _ = ab.Transcode(pa[i%len(pa)], out[:0])
				out, _ = ba.Transcode(pb[i%len(pb)], out[:0])
				i++
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(1e9/(50*ns), "calls/core")
		})
	}
}

// BenchmarkResample is ns per 20 ms frame.
func BenchmarkResample(b *testing.B) {
	for _, r := range [][2]int{{8000, 16000}, {16000, 8000}, {8000, 48000}, {48000, 8000}, {16000, 48000}, {48000, 16000}} {
		b.Run(fmt.Sprintf("%d-%d", r[0], r[1]), func(b *testing.B) {
			rs, _ := NewResampler(r[0], r[1])
			in := audiotest.Tone(r[0], 440, 0.5, ptime)
			var out []int16
			b.ReportAllocs()
			for b.Loop() {
				out = rs.Resample(in, out[:0])
			}
		})
	}
}
