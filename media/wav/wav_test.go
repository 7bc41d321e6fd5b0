package wav

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

func encode(t testing.TB, f Format, pcm []int16) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, f, pcm); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestRoundTrip(t *testing.T) {
	for _, f := range []Format{{8000, 1}, {16000, 1}, {48000, 1}, {8000, 2}, {16000, 2}, {48000, 2}} {
		pcm := audiotest.Noise(f.SampleRate/10*f.Channels, 0.9, uint64(f.SampleRate))
		data := encode(t, f, pcm)
		if len(data) != 44+2*len(pcm) {
			t.Errorf("%+v: %d bytes", f, len(data))
		}
		gf, got, err := ReadAll(bytes.NewReader(data))
		if err != nil || gf != f || !slices.Equal(got, pcm) {
			t.Errorf("%+v: read back %+v, %d samples, %v", f, gf, len(got), err)
		}
	}
}

func TestWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rec.wav")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f := Format{SampleRate: 16000, Channels: 2}
	w, err := NewWriter(fh, f)
	if err != nil {
		t.Fatal(err)
	}
	var all []int16
	for i := 0; i < 5; i++ {
		chunk := audiotest.Noise(640, 0.5, uint64(i))
		all = append(all, chunk...)
		if err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write([]int16{1}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("half a frame: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Write(all[:2]); err == nil {
		t.Error("write after Close accepted")
	}
	data, _ := os.ReadFile(path)
	gf, got, err := ReadAll(bytes.NewReader(data))
	if err != nil || gf != f || !slices.Equal(got, all) {
		t.Errorf("read back %+v, %d samples, %v", gf, len(got), err)
	}
	if _, err := NewWriter(fh, Format{44100, 1}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("44.1 kHz writer: %v", err)
	}
}

// mutate builds a file from the canonical header with a change applied.
func mutate(fn func(b []byte) []byte) []byte {
	b := header(Format{8000, 1}, 8)
	b = append(b, 1, 0, 2, 0, 3, 0, 4, 0)
	return fn(b)
}

func put16(b []byte, off int, v uint16) []byte { binary.LittleEndian.PutUint16(b[off:], v); return b }
func put32(b []byte, off int, v uint32) []byte { binary.LittleEndian.PutUint32(b[off:], v); return b }

func extensible(sub byte, valid uint16) []byte {
	b := header(Format{48000, 2}, 4)
	ext := make([]byte, 24)
	binary.LittleEndian.PutUint16(ext[0:], 22)
	binary.LittleEndian.PutUint16(ext[2:], valid)
	binary.LittleEndian.PutUint32(ext[4:], 3)
	copy(ext[8:], subtypePCM[:])
	ext[8] = sub
	out := slices.Concat(b[:36], ext, b[36:], []byte{1, 0, 2, 0})
	put32(out, 4, uint32(len(out)-8))
	put32(out, 16, 40)
	put16(out, 20, formatExtensible)
	return out
}

func TestReadErrors(t *testing.T) {
	list := []byte("LIST\x03\x00\x00\x00abc\x00") // odd size, padded
	withList := func(b []byte) []byte {
		out := slices.Concat(b[:36], list, b[36:])
		return put32(out, 4, uint32(len(out)-8))
	}
	for _, tc := range []struct {
		name string
		data []byte
		err  string
		is   error
	}{
		{"ok", mutate(func(b []byte) []byte { return b }), "", nil},
		{"ok with odd LIST chunk", mutate(withList), "", nil},
		{"ok extensible", extensible(1, 16), "", nil},
		{"empty", nil, "wav: RIFF header: wav: malformed: EOF", ErrFormat},
		{"not RIFF", mutate(func(b []byte) []byte { copy(b, "RIFX"); return b }), `wav: starts with "RIFX", not "RIFF": wav: malformed`, ErrFormat},
		{"not WAVE", mutate(func(b []byte) []byte { copy(b[8:], "AVI "); return b }), `wav: RIFF form "AVI ", not "WAVE": wav: malformed`, ErrFormat},
		{"44.1 kHz", mutate(func(b []byte) []byte { put32(b, 28, 88200); return put32(b, 24, 44100) }), "wav: sample rate 44100 Hz (want 8000, 16000 or 48000): wav: unsupported", ErrUnsupported},
		{"8-bit", mutate(func(b []byte) []byte { return put16(b, 34, 8) }), "wav: 8 bits per sample (want 16): wav: unsupported", ErrUnsupported},
		{"float", mutate(func(b []byte) []byte { return put16(b, 20, 3) }), "wav: format tag 0x3 (want 1, PCM): wav: unsupported", ErrUnsupported},
		{"3 channels", mutate(func(b []byte) []byte { return put16(b, 22, 3) }), "wav: 3 channels (want 1 or 2): wav: unsupported", ErrUnsupported},
		{"bad block align", mutate(func(b []byte) []byte { return put16(b, 32, 4) }), "wav: block align 4 (want 2 for 1 channels of 16 bits): wav: malformed", ErrFormat},
		{"bad byte rate", mutate(func(b []byte) []byte { return put32(b, 28, 8000) }), "wav: byte rate 8000 (want 16000): wav: malformed", ErrFormat},
		{"fmt size 20", mutate(func(b []byte) []byte { return put32(b, 16, 20) }), "wav: fmt chunk of 20 bytes (want 16, 18 or 40): wav: malformed", ErrFormat},
		{"no fmt", mutate(func(b []byte) []byte { out := slices.Concat(b[:12], b[36:]); return put32(out, 4, uint32(len(out)-8)) }), "wav: data chunk before fmt chunk: wav: malformed", ErrFormat},
		{"data odd", mutate(func(b []byte) []byte { return put32(b, 40, 7) }), "wav: data size 7 is not a whole number of 2-byte frames: wav: malformed", ErrFormat},
		{"data past RIFF", mutate(func(b []byte) []byte { return put32(b, 40, 800) }), `wav: chunk "data" of 800 bytes at byte 36 runs past the RIFF size 52: wav: malformed`, ErrFormat},
		{"no data chunk", mutate(func(b []byte) []byte { return b[:36] }), "wav: chunk header at byte 36 (no data chunk): wav: malformed: EOF", ErrFormat},
		{"extensible float", extensible(3, 16), "wav: WAVE_FORMAT_EXTENSIBLE sub-format is not PCM: wav: unsupported", ErrUnsupported},
		{"extensible 12 valid bits", extensible(1, 12), "wav: 12 valid bits per sample (want 16): wav: unsupported", ErrUnsupported},
	} {
		_, _, err := ReadAll(bytes.NewReader(tc.data))
		if tc.err == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil || err.Error() != tc.err || !errors.Is(err, tc.is) {
			t.Errorf("%s:\n got %v\nwant %s", tc.name, err, tc.err)
		}
	}
}

func TestTruncatedAndPartialReads(t *testing.T) {
	data := encode(t, Format{8000, 2}, []int16{1, 2, 3, 4, 5, 6})
	r, err := NewReader(bytes.NewReader(data))
	if err != nil || r.Len() != 6 {
		t.Fatal(r, err)
	}
	buf := make([]int16, 3) // rounded down to one frame
	if n, err := r.Read(buf); n != 2 || err != nil || buf[0] != 1 || buf[1] != 2 {
		t.Errorf("Read = %d %v %v", n, buf, err)
	}
	if n, _ := r.Read(buf[:1]); n != 0 {
		t.Errorf("half-frame Read = %d", n)
	}
	_, pcm, err := ReadAll(bytes.NewReader(data[:len(data)-3]))
	if !errors.Is(err, ErrTruncated) || !slices.Equal(pcm, []int16{1, 2, 3, 4}) {
		t.Errorf("truncated: %v, %v", pcm, err)
	}
	if _, err := io.ReadAll(bytes.NewReader(nil)); err != nil {
		t.Fatal(err)
	}
}

// FuzzRead: the reader never panics, never returns more samples than the
// input holds, and what it accepts writes back and reads back the same.
func FuzzRead(f *testing.F) {
	f.Add(encode(f, Format{8000, 1}, []int16{1, -1, 300}))
	f.Add(extensible(1, 16))
	f.Fuzz(func(t *testing.T, data []byte) {
		fm, pcm, err := ReadAll(bytes.NewReader(data))
		if len(pcm)*2 > len(data) {
			t.Fatalf("%d samples from %d bytes", len(pcm), len(data))
		}
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := Write(&b, fm, pcm); err != nil {
			t.Fatalf("accepted %+v but cannot write it: %v", fm, err)
		}
		fm2, pcm2, err := ReadAll(&b)
		if err != nil || fm2 != fm || !slices.Equal(pcm, pcm2) {
			t.Fatalf("rewrite differs: %v", err)
		}
	})
}
