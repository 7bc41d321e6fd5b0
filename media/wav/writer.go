package wav

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
)

// header is the canonical 44-byte header of a PCM WAV file with dataLen
// bytes of data.
func header(f Format, dataLen uint32) []byte {
	b := make([]byte, 44)
	le := binary.LittleEndian
	copy(b[0:], "RIFF")
	le.PutUint32(b[4:], 36+dataLen)
	copy(b[8:], "WAVEfmt ")
	le.PutUint32(b[16:], 16)
	le.PutUint16(b[20:], formatPCM)
	le.PutUint16(b[22:], uint16(f.Channels))
	le.PutUint32(b[24:], uint32(f.SampleRate))
	le.PutUint32(b[28:], uint32(f.SampleRate*2*f.Channels))
	le.PutUint16(b[32:], uint16(2*f.Channels))
	le.PutUint16(b[34:], 16)
	copy(b[36:], "data")
	le.PutUint32(b[40:], dataLen)
	return b
}

// maxData is the most data a RIFF file's 32-bit sizes can describe.
const maxData = math.MaxUint32 - 36

// Write writes a whole WAV file.
func Write(w io.Writer, f Format, pcm []int16) error {
	if err := f.Validate(); err != nil {
		return fmt.Errorf("wav: %w", err)
	}
	if len(pcm)%f.Channels != 0 || int64(len(pcm))*2 > maxData {
		return fmt.Errorf("wav: %d samples for %d channels: %w", len(pcm), f.Channels, ErrUnsupported)
	}
	if _, err := w.Write(header(f, uint32(2*len(pcm)))); err != nil {
		return fmt.Errorf("wav: write header: %w", err)
	}
	return writeSamples(w, pcm)
}

func writeSamples(w io.Writer, pcm []int16) error {
	var buf [4096]byte
	for len(pcm) > 0 {
		n := min(len(pcm), len(buf)/2)
		for i, s := range pcm[:n] {
			binary.LittleEndian.PutUint16(buf[2*i:], uint16(s))
		}
		if _, err := w.Write(buf[:2*n]); err != nil {
			return fmt.Errorf("wav: write data: %w", err)
		}
		pcm = pcm[n:]
	}
	return nil
}

// Writer writes a WAV file as samples come (a recording), and fills the
// sizes in the header on Close. Not safe for concurrent use.
type Writer struct {
	f      Format
	w      io.WriteSeeker
	data   int64
	closed bool
}

// NewWriter writes a header with zero sizes to w, to be fixed by Close.
func NewWriter(w io.WriteSeeker, f Format) (*Writer, error) {
	if err := f.Validate(); err != nil {
		return nil, fmt.Errorf("wav: %w", err)
	}
	if _, err := w.Write(header(f, 0)); err != nil {
		return nil, fmt.Errorf("wav: write header: %w", err)
	}
	return &Writer{f: f, w: w}, nil
}

// Write appends samples (interleaved, whole frames).
func (w *Writer) Write(pcm []int16) error {
	if w.closed {
		return fmt.Errorf("wav: write after Close")
	}
	if len(pcm)%w.f.Channels != 0 {
		return fmt.Errorf("wav: %d samples for %d channels: %w", len(pcm), w.f.Channels, ErrUnsupported)
	}
	if w.data+2*int64(len(pcm)) > maxData {
		return fmt.Errorf("wav: file would pass 4 GiB: %w", ErrUnsupported)
	}
	if err := writeSamples(w.w, pcm); err != nil {
		return err
	}
	w.data += 2 * int64(len(pcm))
	return nil
}

// Close writes the RIFF and data sizes into the header. It does not close
// the underlying file.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	var b [4]byte
	for _, p := range []struct{ off, v int64 }{{4, 36 + w.data}, {40, w.data}} {
		if _, err := w.w.Seek(p.off, io.SeekStart); err != nil {
			return fmt.Errorf("wav: seek to fix sizes: %w", err)
		}
		binary.LittleEndian.PutUint32(b[:], uint32(p.v))
		if _, err := w.w.Write(b[:]); err != nil {
			return fmt.Errorf("wav: fix sizes: %w", err)
		}
	}
	if _, err := w.w.Seek(0, io.SeekEnd); err != nil {
		return fmt.Errorf("wav: seek to end: %w", err)
	}
	return nil
}
