package codec

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestRepacketizer(t *testing.T) {
	// ptime in → out for G.711 payloads (8 bytes per ms): the bytes come out
	// in order, in frames of the new size.
	for _, tc := range []struct{ in, out int }{{10, 20}, {20, 10}, {20, 30}, {30, 20}, {30, 10}, {10, 30}, {20, 20}} {
		r, err := NewPayloadRepacketizer(PCMU{}.Format(), time.Duration(tc.out)*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		var src, got []byte
		for i := 0; i < 8*120; i++ { // 120 ms, a multiple of every ptime
			src = append(src, byte(i*7))
		}
		frames := 0
		for i := 0; i < len(src); i += 8 * tc.in {
			if err := r.Push(src[i : i+8*tc.in]); err != nil {
				t.Fatal(err)
			}
			for {
				var ok bool
				n := len(got)
				if got, ok = r.Pop(got); !ok {
					break
				}
				if len(got)-n != 8*tc.out {
					t.Fatalf("%d→%d: frame of %d bytes", tc.in, tc.out, len(got)-n)
				}
				frames++
			}
		}
		if !slices.Equal(got, src) || frames != 120/tc.out || r.Buffered() != 0 {
			t.Errorf("%d→%d ms: %d frames, %d bytes buffered, order kept %v", tc.in, tc.out, frames, r.Buffered(), slices.Equal(got, src))
		}
	}
}

func TestRepacketizerLimits(t *testing.T) {
	r, _ := NewRepacketizer[int16](160, 320)
	if err := r.Push(make([]int16, 300)); err != nil {
		t.Fatal(err)
	}
	if err := r.Push(make([]int16, 21)); !errors.Is(err, ErrOverflow) {
		t.Errorf("overflow: %v", err)
	}
	out, ok := r.Pop(nil)
	if !ok || len(out) != 160 || r.Buffered() != 140 {
		t.Errorf("Pop: %d, %v, %d buffered", len(out), ok, r.Buffered())
	}
	if err := r.Push(make([]int16, 180)); err != nil { // compacts
		t.Errorf("after Pop: %v", err)
	}
	r.Reset()
	if _, ok := r.Pop(nil); ok || r.Buffered() != 0 || r.FrameLen() != 160 {
		t.Error("Reset kept data")
	}
	if _, err := NewRepacketizer[byte](0, 10); !errors.Is(err, ErrFrameSize) {
		t.Errorf("frame 0: %v", err)
	}
	if _, err := NewPayloadRepacketizer(Opus{}.Format(), ptime); !errors.Is(err, ErrUnsupported) {
		t.Errorf("opus: %v", err)
	}
	if _, err := NewPayloadRepacketizer(G722{}.Format(), 250*time.Millisecond); !errors.Is(err, ErrFrameSize) {
		t.Errorf("250 ms: %v", err)
	}
	p, _ := NewPayloadRepacketizer(G722{}.Format(), 30*time.Millisecond)
	buf := make([]byte, 0, 240)
	if err := p.Push(make([]byte, 160)); err != nil {
		t.Fatal(err)
	}
	run := func() {
		_ = p.Push(make([]byte, 0))
		buf, _ = p.Pop(buf[:0])
	}
	if a := testing.AllocsPerRun(10, run); a != 0 {
		t.Errorf("%.0f allocations", a)
	}
}
