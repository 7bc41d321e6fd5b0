package g722

import (
	"testing"

	ref "github.com/gotranspile/g722"
)

// benchFrames is 1 s of the test signal's speech-like and noise parts in
// 20 ms frames (320 samples).
func benchFrames() [][]int16 {
	pcm := testSignal()
	pcm = append(pcm[len(pcm)-rate/2:], pcm[7*rate:7*rate+rate/2]...)
	var fr [][]int16
	for i := 0; i+320 <= len(pcm); i += 320 {
		fr = append(fr, pcm[i:i+320])
	}
	return fr
}

// BenchmarkEncode is ns per 20 ms frame, this package against the reference.
func BenchmarkEncode(b *testing.B) {
	frames := benchFrames()
	out := make([]byte, 160)
	b.Run("internal", func(b *testing.B) {
		e := NewEncoder()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			e.Encode(out, frames[i%len(frames)])
			i++
		}
	})
	b.Run("gotranspile", func(b *testing.B) {
		e := ref.NewEncoder(ref.Rate64000, 0)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			e.Encode(out, frames[i%len(frames)])
			i++
		}
	})
}

// BenchmarkDecode is ns per 20 ms frame (160 bytes).
func BenchmarkDecode(b *testing.B) {
	var payloads [][]byte
	e := NewEncoder()
	for _, f := range benchFrames() {
		p := make([]byte, 160)
		e.Encode(p, f)
		payloads = append(payloads, p)
	}
	out := make([]int16, 320)
	b.Run("internal", func(b *testing.B) {
		d := NewDecoder()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			d.Decode(out, payloads[i%len(payloads)])
			i++
		}
	})
	b.Run("gotranspile", func(b *testing.B) {
		d := ref.NewDecoder(ref.Rate64000, 0)
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			d.Decode(out, payloads[i%len(payloads)])
			i++
		}
	})
}
