package prompts

import (
	"errors"
	"io/fs"
	"slices"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/media/audiotest"
)

func TestPrompts(t *testing.T) {
	const speech, music = -16.0, -20.0
	tests := []struct {
		name     string
		min, max time.Duration
		level    float64 // dBFS RMS
	}{
		{"welcome", 500 * time.Millisecond, 4 * time.Second, speech},
		{"enter-extension", 800 * time.Millisecond, 5 * time.Second, speech},
		{"invalid", 500 * time.Millisecond, 4 * time.Second, speech},
		{"goodbye", 300 * time.Millisecond, 3 * time.Second, speech},
		{"conference-joined", 500 * time.Millisecond, 4 * time.Second, speech},
		{"leave-message", 800 * time.Millisecond, 5 * time.Second, speech},
		{"no-answer", 500 * time.Millisecond, 6 * time.Second, speech},
		{"busy", 500 * time.Millisecond, 6 * time.Second, speech},
		{"moh", 10 * time.Second, 15 * time.Second, music},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, pcm, err := Open(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if f.SampleRate != 8000 || f.Channels != 1 {
				t.Fatalf("format %+v, want 8000 Hz mono", f)
			}
			d := time.Duration(len(pcm)) * time.Second / 8000
			if d < tc.min || d > tc.max {
				t.Errorf("duration %v, want %v..%v", d, tc.min, tc.max)
			}
			if lvl := audiotest.DB(audiotest.RMS(pcm)); lvl < tc.level-3 || lvl > tc.level+3 {
				t.Errorf("level %.1f dBFS RMS, want %.0f ± 3", lvl, tc.level)
			}
			// No clipping: nothing at full scale, and no run of samples
			// stuck at the peak.
			var peak int
			for _, s := range pcm {
				peak = max(peak, abs(int(s)))
			}
			if peak >= 32767 {
				t.Errorf("peak %d: clipped", peak)
			}
			if pk := audiotest.DB(float64(peak) / 32768); pk > -0.5 {
				t.Errorf("peak %.2f dBFS, want below -0.5 (limiter)", pk)
			}
			// Trimmed: sound within the first and last 60 ms.
			edge := audiotest.Samples(8000, 60*time.Millisecond)
			for _, part := range []struct {
				where string
				pcm   []int16
			}{{"start", pcm[:edge]}, {"end", pcm[len(pcm)-edge:]}} {
				if lvl := audiotest.DB(audiotest.RMS(part.pcm)); lvl < -55 {
					t.Errorf("%s: %.1f dBFS in 60 ms: silence not trimmed", part.where, lvl)
				}
			}
		})
	}
}

// TestMusicLoops checks that moh joins its end to its start without a gap
// or a click: the step across the loop point is no bigger than the steps
// inside the music, and the level does not dip there.
func TestMusicLoops(t *testing.T) {
	_, pcm, err := Open("moh")
	if err != nil {
		t.Fatal(err)
	}
	var maxStep int
	for i := 1; i < len(pcm); i++ {
		maxStep = max(maxStep, abs(int(pcm[i])-int(pcm[i-1])))
	}
	if step := abs(int(pcm[0]) - int(pcm[len(pcm)-1])); step > maxStep {
		t.Errorf("step across the loop point %d > largest step inside %d", step, maxStep)
	}
	n := audiotest.Samples(8000, 200*time.Millisecond)
	across := append(slices.Clone(pcm[len(pcm)-n:]), pcm[:n]...)
	whole := audiotest.DB(audiotest.RMS(pcm))
	if lvl := audiotest.DB(audiotest.RMS(across)); lvl < whole-6 {
		t.Errorf("level across the loop point %.1f dBFS, whole loop %.1f: a dip", lvl, whole)
	}
}

func TestNames(t *testing.T) {
	names := Names()
	for _, want := range []string{"welcome", "enter-extension", "invalid", "goodbye", "conference-joined", "leave-message", "no-answer", "busy", "moh"} {
		if !slices.Contains(names, want) {
			t.Errorf("Names() = %v: %q missing", names, want)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("Names() = %v: not sorted", names)
	}
}

func TestSize(t *testing.T) {
	var total int64
	err := fs.WalkDir(files, ".", func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		total += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if total > 600<<10 {
		t.Errorf("embedded prompts take %d KiB, want at most 600 KiB", total>>10)
	}
}

func TestOpenUnknown(t *testing.T) {
	for _, name := range []string{"nope", "", "../prompts/welcome", "welcome.wav", "sub/welcome"} {
		if _, _, err := Open(name); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q) = %v, want ErrNotFound", name, err)
		}
	}
}

// TestOpenCopies checks that a caller changing the PCM does not change
// what the next caller gets.
func TestOpenCopies(t *testing.T) {
	_, a, err := Open("goodbye")
	if err != nil {
		t.Fatal(err)
	}
	want := a[100]
	a[100] = ^want
	_, b, _ := Open("goodbye")
	if b[100] != want {
		t.Fatal("Open shares its PCM between callers")
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
