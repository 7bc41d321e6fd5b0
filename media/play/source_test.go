package play

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dialtone-pbx/dialtone/media/wav"
)

func readAll(t *testing.T, src Source, limit int) []int16 {
	t.Helper()
	var out []int16
	buf := make([]int16, 7) // odd, to cross the clip's end mid-read
	for len(out) < limit {
		n, err := src.Read(buf)
		out = append(out, buf[:n]...)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestOnceAndLoop(t *testing.T) {
	mono := wav.Format{SampleRate: 16000, Channels: 1}
	clip := []int16{1, 2, 3, 4, 5}
	once, err := Once(mono, clip)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, once, 100); !equal(got, clip) || once.Rate() != 16000 {
		t.Errorf("Once read %v at %d Hz", got, once.Rate())
	}
	loop, err := Loop(mono, clip)
	if err != nil {
		t.Fatal(err)
	}
	got := readAll(t, loop, 23)
	for i, v := range got {
		if v != clip[i%len(clip)] {
			t.Fatalf("Loop sample %d = %d, want %d: %v", i, v, clip[i%len(clip)], got)
		}
	}
	stereo, err := Once(wav.Format{SampleRate: 48000, Channels: 2}, []int16{100, 300, -50, -150, 32767, 32767})
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, stereo, 100); !equal(got, []int16{200, -100, 32767}) {
		t.Errorf("stereo mixed down to %v", got)
	}
}

func TestSourceErrors(t *testing.T) {
	tests := []struct {
		name string
		make func() (Source, error)
		err  string
	}{
		{"empty loop", func() (Source, error) { return Loop(wav.Format{SampleRate: 8000, Channels: 1}, nil) }, "loop of no audio"},
		{"44.1 kHz", func() (Source, error) { return Once(wav.Format{SampleRate: 44100, Channels: 1}, []int16{1}) }, "sample rate 44100 Hz"},
		{"3 channels", func() (Source, error) { return Loop(wav.Format{SampleRate: 8000, Channels: 3}, []int16{1, 2, 3}) }, "3 channels"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.make()
			if !errors.Is(err, ErrSource) || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("err = %v, want ErrSource with %q", err, tc.err)
			}
		})
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "moh.wav")
	f, err := os.Create(good)
	if err != nil {
		t.Fatal(err)
	}
	pcm := []int16{10, -10, 20, -20}
	if err := wav.Write(f, wav.Format{SampleRate: 16000, Channels: 1}, pcm); err != nil {
		t.Fatal(err)
	}
	f.Close()
	format, got, err := LoadFile(good)
	if err != nil || format != (wav.Format{SampleRate: 16000, Channels: 1}) || !equal(got, pcm) {
		t.Errorf("LoadFile = %+v %v %v", format, got, err)
	}
	src, err := OpenFile(good, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := readAll(t, src, 8)[:8]; !equal(got, append(pcm, pcm...)) {
		t.Errorf("looped file gave %v", got)
	}

	cd := filepath.Join(dir, "cd.wav")
	hdr := wavHeader(44100)
	if err := os.WriteFile(cd, hdr, 0o644); err != nil {
		t.Fatal(err)
	}
	text := filepath.Join(dir, "notes.wav")
	if err := os.WriteFile(text, []byte("this is not audio at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path string
		is         error
		msg        []string
	}{
		{"missing", filepath.Join(dir, "nope.wav"), fs.ErrNotExist, []string{"nope.wav", "no such file"}},
		{"44.1 kHz", cd, wav.ErrUnsupported, []string{cd, "sample rate 44100 Hz (want 8000, 16000 or 48000)"}},
		{"not a WAV", text, wav.ErrFormat, []string{text, `not "RIFF"`}},
		{"directory", dir, ErrSource, []string{dir, "not a regular file"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := OpenFile(tc.path, false)
			if !errors.Is(err, ErrSource) || !errors.Is(err, tc.is) {
				t.Fatalf("err = %v, want ErrSource and %v", err, tc.is)
			}
			for _, m := range tc.msg {
				if !strings.Contains(err.Error(), m) {
					t.Errorf("err = %q, want it to say %q", err, m)
				}
			}
		})
	}
}

// wavHeader is a well-formed 16-bit mono WAV header with 2 samples at rate.
func wavHeader(rate int) []byte {
	b := []byte("RIFF\x28\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00")
	le32 := func(v int) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }
	b = append(b, le32(rate)...)
	b = append(b, le32(rate*2)...)
	b = append(b, 2, 0, 16, 0)
	b = append(b, "data"...)
	b = append(b, le32(4)...)
	return append(b, 1, 0, 2, 0)
}

func equal(a, b []int16) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
