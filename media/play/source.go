package play

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/dialtone-pbx/dialtone/media/wav"
)

// Source is mono 16-bit PCM for a Player, read like an io.Reader: Read
// fills pcm with up to len(pcm) samples and returns io.EOF after the last
// one. A Source is read by one Play at a time; Once and Loop make one from
// decoded audio, OpenFile from a WAV file.
type Source interface {
	// Rate is the sample rate: 8000, 16000 or 48000 Hz.
	Rate() int
	Read(pcm []int16) (int, error)
}

// clip is decoded mono audio that Sources read without copying it, so
// that many calls on hold can share one decoded music file.
type clip struct {
	rate int
	pcm  []int16
}

// mono checks f and gives its audio as mono PCM: pcm itself when it is
// mono (shared, not copied), or the average of the two channels.
func mono(f wav.Format, pcm []int16) (clip, error) {
	if err := f.Validate(); err != nil {
		return clip{}, fmt.Errorf("play: %w: %w", ErrSource, err)
	}
	if f.Channels == 1 {
		return clip{rate: f.SampleRate, pcm: pcm}, nil
	}
	out := make([]int16, len(pcm)/2)
	for i := range out {
		out[i] = int16((int32(pcm[2*i]) + int32(pcm[2*i+1])) / 2)
	}
	return clip{rate: f.SampleRate, pcm: out}, nil
}

// Once is a Source that plays pcm (interleaved if f is stereo, which is
// mixed down to mono) once. Mono pcm is not copied: it must not change
// while a Player reads it.
func Once(f wav.Format, pcm []int16) (Source, error) {
	c, err := mono(f, pcm)
	if err != nil {
		return nil, err
	}
	return &onceSource{clip: c}, nil
}

// Loop is a Source that plays pcm over and over without a gap, for music
// on hold; it never ends, the caller cancels the Play. Like Once, it shares
// mono pcm.
func Loop(f wav.Format, pcm []int16) (Source, error) {
	c, err := mono(f, pcm)
	if err != nil {
		return nil, err
	}
	if len(c.pcm) == 0 {
		return nil, fmt.Errorf("play: loop of no audio: %w", ErrSource)
	}
	return &loopSource{clip: c}, nil
}

type onceSource struct {
	clip
	pos int
}

func (s *onceSource) Rate() int { return s.rate }

func (s *onceSource) Read(pcm []int16) (int, error) {
	if s.pos >= len(s.pcm) {
		return 0, io.EOF
	}
	n := copy(pcm, s.pcm[s.pos:])
	s.pos += n
	return n, nil
}

type loopSource struct {
	clip
	pos int
}

func (s *loopSource) Rate() int { return s.rate }

// Read fills all of pcm, wrapping around at the end of the clip as often
// as needed: the sample after the last is the first, with nothing between.
func (s *loopSource) Read(pcm []int16) (int, error) {
	n := 0
	for n < len(pcm) {
		c := copy(pcm[n:], s.pcm[s.pos:])
		n += c
		s.pos += c
		if s.pos == len(s.pcm) {
			s.pos = 0
		}
	}
	return n, nil
}

// MaxFileSize bounds what LoadFile reads into memory: 64 MiB is about 11
// minutes of 48 kHz mono, or 70 minutes at 8 kHz.
const MaxFileSize = 64 << 20

// LoadFile reads and decodes a WAV file (16-bit PCM, mono or stereo, 8,
// 16 or 48 kHz) whole. Errors name the file and say what is wrong with it;
// they wrap ErrSource and the wav or fs error (wav.ErrUnsupported,
// fs.ErrNotExist, ...).
func LoadFile(path string) (wav.Format, []int16, error) {
	f, err := os.Open(path)
	if err != nil {
		return wav.Format{}, nil, fmt.Errorf("play: %w: %w", ErrSource, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return wav.Format{}, nil, fmt.Errorf("play: %s: %w: %w", path, ErrSource, err)
	}
	if !info.Mode().IsRegular() {
		return wav.Format{}, nil, fmt.Errorf("play: %s: not a regular file: %w", path, ErrSource)
	}
	if info.Size() > MaxFileSize {
		return wav.Format{}, nil, fmt.Errorf("play: %s: %d bytes (limit %d): %w", path, info.Size(), MaxFileSize, ErrSource)
	}
	format, pcm, err := wav.ReadAll(bufio.NewReader(io.LimitReader(f, MaxFileSize)))
	if err != nil {
		if errors.Is(err, wav.ErrTruncated) && len(pcm) > 0 {
			// A recording cut short (disk full, crash) still plays what
			// it has; the header's sizes are simply too big.
			return format, pcm, nil
		}
		return wav.Format{}, nil, fmt.Errorf("play: %s: %w: %w", path, ErrSource, err)
	}
	return format, pcm, nil
}

// OpenFile is a Source for the WAV file at path (see LoadFile), played
// once, or looped for music on hold.
func OpenFile(path string, loop bool) (Source, error) {
	f, pcm, err := LoadFile(path)
	if err != nil {
		return nil, err
	}
	var src Source
	if loop {
		src, err = Loop(f, pcm)
	} else {
		src, err = Once(f, pcm)
	}
	if err != nil {
		return nil, fmt.Errorf("play: %s: %w", path, err)
	}
	return src, nil
}
