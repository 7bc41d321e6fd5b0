// Package prompts holds the prompts Dialtone ships: short spoken phrases
// (espeak-ng) and a music-on-hold loop (synthesised with sox), as 16-bit
// mono 8000 Hz WAV files embedded in the binary. generate.sh makes them;
// the files are committed, so neither tool is needed to build or test.
//
// Speech is at about -16 dBFS RMS and music at -20 dBFS, trimmed of
// leading and trailing silence; "moh" loops seamlessly (its end cross-fades
// into its start).
package prompts

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/dialtone-pbx/dialtone/media/wav"
)

//go:embed *.wav
var files embed.FS

// Names lists the shipped prompts, sorted, without the ".wav".
func Names() []string {
	entries, err := fs.ReadDir(files, ".")
	if err != nil { // cannot happen with an embed.FS root
		return nil
	}
	var names []string
	for _, e := range entries {
		if n, ok := strings.CutSuffix(e.Name(), ".wav"); ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// Open decodes the prompt called name ("welcome", "moh", ...; see Names).
// The PCM is a fresh copy the caller may keep or change.
func Open(name string) (wav.Format, []int16, error) {
	if !fs.ValidPath(name) || strings.Contains(name, "/") {
		return wav.Format{}, nil, fmt.Errorf("prompts: %q: %w", name, ErrNotFound)
	}
	b, err := files.ReadFile(name + ".wav")
	if err != nil {
		return wav.Format{}, nil, fmt.Errorf("prompts: %q: %w", name, ErrNotFound)
	}
	f, pcm, err := wav.ReadAll(bytes.NewReader(b))
	if err != nil {
		return wav.Format{}, nil, fmt.Errorf("prompts: %q: %w", name, err)
	}
	return f, pcm, nil
}
