package g722

import (
	"encoding/binary"
	"slices"
	"testing"

	ref "github.com/gotranspile/g722"
)

// FuzzDecode: any payload (G.722 bytes come off the network) decodes
// without panicking and as the reference decodes it (but saturated where
// the reference wraps round).
func FuzzDecode(f *testing.F) {
	f.Add([]byte{0x00, 0xff, 0x7f, 0x80})
	f.Fuzz(func(t *testing.T, src []byte) {
		a, b := make([]int16, 2*len(src)), make([]int16, 2*len(src))
		na := NewDecoder().Decode(a, src)
		nb := ref.NewDecoder(ref.Rate64000, 0).Decode(b, src)
		if na != nb || !slices.EqualFunc(a, b, SameOrSaturated) {
			t.Fatalf("decode differs from the reference (%d vs %d samples)", na, nb)
		}
	})
}

// FuzzEncode: any PCM (the bytes read as little-endian samples) encodes
// exactly as the reference encodes it.
func FuzzEncode(f *testing.F) {
	f.Add([]byte{0xff, 0x7f, 0x00, 0x80, 0x00, 0x00, 0x01, 0x00})
	f.Fuzz(func(t *testing.T, raw []byte) {
		pcm := make([]int16, len(raw)/4*2) // whole sample pairs
		for i := range pcm {
			pcm[i] = int16(binary.LittleEndian.Uint16(raw[2*i:]))
		}
		a, b := make([]byte, len(pcm)/2), make([]byte, len(pcm)/2)
		na := NewEncoder().Encode(a, pcm)
		nb := ref.NewEncoder(ref.Rate64000, 0).Encode(b, pcm)
		if na != nb || !slices.Equal(a, b) {
			t.Fatalf("encode differs from the reference (%d vs %d bytes)", na, nb)
		}
	})
}
