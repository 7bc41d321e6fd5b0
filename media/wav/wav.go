// Package wav reads and writes the WAV files Dialtone plays and records:
// RIFF/WAVE with 16-bit linear PCM, mono or stereo, at 8, 16 or 48 kHz
// (Microsoft "Multimedia Programming Interface and Data Specifications
// 1.0", 1991, RIFF and WAVE chapters; WAVE_FORMAT_EXTENSIBLE per
// Microsoft's KSDATAFORMAT_SUBTYPE_PCM). The header is checked strictly
// and every rejection says what was wrong; a file from the internet can
// be read safely (FuzzRead).
package wav

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Sentinel errors; callers test them with errors.Is.
var (
	// ErrFormat means the data is not a well-formed WAV file.
	ErrFormat = errors.New("wav: malformed")
	// ErrUnsupported means a well-formed WAV file that Dialtone does not
	// play: another encoding, sample size, rate or channel count.
	ErrUnsupported = errors.New("wav: unsupported")
	// ErrTruncated means the data chunk ends before its stated size.
	ErrTruncated = errors.New("wav: truncated")
)

// Format is the shape of the PCM: 16-bit linear, interleaved when stereo.
type Format struct {
	SampleRate int
	Channels   int
}

// Validate reports whether Dialtone handles f.
func (f Format) Validate() error {
	switch f.SampleRate {
	case 8000, 16000, 48000:
	default:
		return fmt.Errorf("sample rate %d Hz (want 8000, 16000 or 48000): %w", f.SampleRate, ErrUnsupported)
	}
	if f.Channels != 1 && f.Channels != 2 {
		return fmt.Errorf("%d channels (want 1 or 2): %w", f.Channels, ErrUnsupported)
	}
	return nil
}

const (
	formatPCM        = 1
	formatExtensible = 0xFFFE
	maxChunks        = 64      // chunks before data
	maxSkip          = 1 << 20 // bytes of one chunk skipped before data
)

// KSDATAFORMAT_SUBTYPE_PCM, 00000001-0000-0010-8000-00aa00389b71, as stored.
var subtypePCM = [16]byte{1, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71}

// Reader reads the samples of a WAV file after NewReader has checked its
// header.
type Reader struct {
	Format
	r    io.Reader
	left int64 // bytes of data not yet read
	size int64
	buf  [4096]byte
}

// NewReader reads and checks the header up to the start of the data.
func NewReader(r io.Reader) (*Reader, error) {
	var hdr [12]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("wav: RIFF header: %w: %w", ErrFormat, err)
	}
	if string(hdr[0:4]) != "RIFF" {
		return nil, fmt.Errorf("wav: starts with %q, not \"RIFF\": %w", hdr[0:4], ErrFormat)
	}
	if string(hdr[8:12]) != "WAVE" {
		return nil, fmt.Errorf("wav: RIFF form %q, not \"WAVE\": %w", hdr[8:12], ErrFormat)
	}
	riffEnd := int64(binary.LittleEndian.Uint32(hdr[4:8])) + 8
	pos := int64(12)
	var f Format
	haveFmt := false
	for i := 0; i < maxChunks; i++ {
		var ch [8]byte
		if _, err := io.ReadFull(r, ch[:]); err != nil {
			return nil, fmt.Errorf("wav: chunk header at byte %d (no data chunk): %w: %w", pos, ErrFormat, err)
		}
		id, size := string(ch[0:4]), int64(binary.LittleEndian.Uint32(ch[4:8]))
		pos += 8
		if pos+size > riffEnd {
			return nil, fmt.Errorf("wav: chunk %q of %d bytes at byte %d runs past the RIFF size %d: %w", id, size, pos-8, riffEnd, ErrFormat)
		}
		switch id {
		case "fmt ":
			if haveFmt {
				return nil, fmt.Errorf("wav: second fmt chunk: %w", ErrFormat)
			}
			var err error
			if f, err = readFmt(r, size); err != nil {
				return nil, err
			}
			haveFmt = true
		case "data":
			if !haveFmt {
				return nil, fmt.Errorf("wav: data chunk before fmt chunk: %w", ErrFormat)
			}
			if size%int64(2*f.Channels) != 0 {
				return nil, fmt.Errorf("wav: data size %d is not a whole number of %d-byte frames: %w", size, 2*f.Channels, ErrFormat)
			}
			return &Reader{Format: f, r: r, left: size, size: size}, nil
		default:
			if size > maxSkip {
				return nil, fmt.Errorf("wav: chunk %q of %d bytes before the data (limit %d): %w", id, size, maxSkip, ErrUnsupported)
			}
			if _, err := io.CopyN(io.Discard, r, size+size%2); err != nil {
				return nil, fmt.Errorf("wav: chunk %q: %w: %w", id, ErrFormat, err)
			}
		}
		pos += size + size%2 // chunks are padded to even sizes
	}
	return nil, fmt.Errorf("wav: no data chunk in the first %d chunks: %w", maxChunks, ErrFormat)
}

func readFmt(r io.Reader, size int64) (Format, error) {
	if size != 16 && size != 18 && size != 40 {
		return Format{}, fmt.Errorf("wav: fmt chunk of %d bytes (want 16, 18 or 40): %w", size, ErrFormat)
	}
	var b [40]byte
	if _, err := io.ReadFull(r, b[:size]); err != nil {
		return Format{}, fmt.Errorf("wav: fmt chunk: %w: %w", ErrFormat, err)
	}
	le := binary.LittleEndian
	tag := le.Uint16(b[0:2])
	f := Format{Channels: int(le.Uint16(b[2:4])), SampleRate: int(le.Uint32(b[4:8]))}
	byteRate, align, bits := le.Uint32(b[8:12]), int(le.Uint16(b[12:14])), int(le.Uint16(b[14:16]))
	switch tag {
	case formatPCM:
	case formatExtensible:
		if size != 40 || le.Uint16(b[16:18]) != 22 {
			return Format{}, fmt.Errorf("wav: WAVE_FORMAT_EXTENSIBLE with a %d-byte fmt chunk, cbSize %d (want 40, 22): %w", size, le.Uint16(b[16:18]), ErrFormat)
		}
		if [16]byte(b[24:40]) != subtypePCM {
			return Format{}, fmt.Errorf("wav: WAVE_FORMAT_EXTENSIBLE sub-format is not PCM: %w", ErrUnsupported)
		}
		if valid := le.Uint16(b[18:20]); valid != 16 {
			return Format{}, fmt.Errorf("wav: %d valid bits per sample (want 16): %w", valid, ErrUnsupported)
		}
	default:
		return Format{}, fmt.Errorf("wav: format tag %#x (want 1, PCM): %w", tag, ErrUnsupported)
	}
	if bits != 16 {
		return Format{}, fmt.Errorf("wav: %d bits per sample (want 16): %w", bits, ErrUnsupported)
	}
	if err := f.Validate(); err != nil {
		return Format{}, fmt.Errorf("wav: %w", err)
	}
	if align != 2*f.Channels {
		return Format{}, fmt.Errorf("wav: block align %d (want %d for %d channels of 16 bits): %w", align, 2*f.Channels, f.Channels, ErrFormat)
	}
	if int(byteRate) != f.SampleRate*align {
		return Format{}, fmt.Errorf("wav: byte rate %d (want %d): %w", byteRate, f.SampleRate*align, ErrFormat)
	}
	return f, nil
}

// Len is the number of samples (all channels) in the data chunk.
func (r *Reader) Len() int { return int(r.size / 2) }

// Read reads up to len(pcm) samples (rounded down to whole frames) and
// returns how many it read; io.EOF after the last, ErrTruncated if the file
// ends before its data chunk does.
func (r *Reader) Read(pcm []int16) (int, error) {
	if r.left == 0 {
		return 0, io.EOF
	}
	n := len(pcm) - len(pcm)%r.Channels
	n = int(min(int64(n), r.left/2, int64(len(r.buf)/2)))
	if n == 0 {
		return 0, nil
	}
	got, err := io.ReadFull(r.r, r.buf[:2*n])
	got -= got % (2 * r.Channels)
	for i := 0; i < got/2; i++ {
		pcm[i] = int16(binary.LittleEndian.Uint16(r.buf[2*i:]))
	}
	r.left -= int64(got)
	if err != nil {
		return got / 2, fmt.Errorf("wav: %d bytes of data missing: %w: %w", r.left, ErrTruncated, err)
	}
	return got / 2, nil
}

// ReadAll reads a whole WAV file.
func ReadAll(r io.Reader) (Format, []int16, error) {
	wr, err := NewReader(r)
	if err != nil {
		return Format{}, nil, err
	}
	pcm := make([]int16, 0, min(wr.Len(), 1<<20))
	buf := make([]int16, 2048)
	for {
		n, err := wr.Read(buf)
		pcm = append(pcm, buf[:n]...)
		if err == io.EOF {
			return wr.Format, pcm, nil
		}
		if err != nil {
			return wr.Format, pcm, err
		}
	}
}
