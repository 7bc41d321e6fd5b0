package g722

import (
	"slices"
	"testing"
)

func TestDecodeLengths(t *testing.T) {
	src := make([]byte, 1000)
	for i := range src {
		src[i] = byte(i * 37)
	}
	for _, tc := range []struct {
		name       string
		dst, bytes int
		want       int
	}{
		{"20 ms", 320, 160, 320},
		{"short dst", 100, 160, 100},
		{"odd dst", 101, 160, 100},
		{"dst of one sample", 1, 160, 0},
		{"empty src", 320, 0, 0},
		{"longer than a chunk", 2000, 1000, 2000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NewDecoder().Decode(make([]int16, tc.dst), src[:tc.bytes]); got != tc.want {
				t.Errorf("Decode(%d samples, %d bytes) = %d, want %d", tc.dst, tc.bytes, got, tc.want)
			}
		})
	}
}

// TestDecoderState checks split payloads decode like one, and Reset.
func TestDecoderState(t *testing.T) {
	src := make([]byte, 480)
	for i := range src {
		src[i] = byte(i*i + 3*i)
	}
	whole := make([]int16, 960)
	d := NewDecoder()
	d.Decode(whole, src)

	split := make([]int16, 960)
	d.Reset()
	for i := 0; i < len(src); i += 7 {
		d.Decode(split[2*i:], src[i:min(i+7, len(src))])
	}
	if !slices.Equal(whole, split) {
		t.Error("decoding in 7-byte pieces differs from one call")
	}
	d.Reset()
	first := make([]int16, 320)
	d.Decode(first, src[:160])
	if !slices.Equal(first, whole[:320]) {
		t.Error("after Reset the first frame differs from a new decoder's")
	}
}

// TestDecodeSaturates: hard-clipped input decodes without samples that
// wrap round to the other rail (the reference truncates: clicks).
func TestDecodeSaturates(t *testing.T) {
	pcm := make([]int16, 16000)
	for i := range pcm { // a 500 Hz square wave at full scale
		pcm[i] = 32767
		if (i/16)%2 == 1 {
			pcm[i] = -32768
		}
	}
	coded := make([]byte, len(pcm)/2)
	NewEncoder().Encode(coded, pcm)
	out := make([]int16, len(pcm))
	NewDecoder().Decode(out, coded)
	rails, flips := 0, 0
	for i := 1; i < len(out); i++ {
		if out[i] == 32767 || out[i] == -32768 {
			rails++
		}
		if d := int(out[i]) - int(out[i-1]); d > 60000 || d < -60000 {
			flips++
		}
	}
	if rails == 0 || flips > 0 {
		t.Fatalf("%d samples at a rail, %d jumps from rail to rail within one sample", rails, flips)
	}
}
