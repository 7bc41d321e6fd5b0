package bridge

import (
	"testing"
	"time"
)

func TestDigitFilter(t *testing.T) {
	type in struct {
		d      rune
		method string
		dur    time.Duration
		at     time.Duration // since the start
		want   bool
	}
	for _, tc := range []struct {
		name string
		seq  []in
	}{
		{"INFO then the same key as RFC 4733 at its end", []in{
			{'5', MethodInfo, 0, 0, true},
			{'5', MethodRFC4733, 100 * time.Millisecond, 100 * time.Millisecond, false},
		}},
		{"RFC 4733 then in-band within the window", []in{
			{'5', MethodRFC4733, 120 * time.Millisecond, 0, true},
			{'5', MethodInband, 110 * time.Millisecond, 30 * time.Millisecond, false},
		}},
		{"the same key pressed twice, both methods each time", []in{
			{'1', MethodInfo, 0, 0, true},
			{'1', MethodRFC4733, 100 * time.Millisecond, 100 * time.Millisecond, false},
			{'1', MethodInfo, 0, 400 * time.Millisecond, true},
			{'1', MethodRFC4733, 100 * time.Millisecond, 500 * time.Millisecond, false},
		}},
		{"the same key by the same method is a new press", []in{
			{'1', MethodRFC4733, 100 * time.Millisecond, 0, true},
			{'1', MethodRFC4733, 100 * time.Millisecond, 150 * time.Millisecond, true},
		}},
		{"another method, outside the window", []in{
			{'1', MethodInfo, 100 * time.Millisecond, 0, true},
			{'1', MethodRFC4733, 100 * time.Millisecond, 201 * time.Millisecond, true},
		}},
		{"another key", []in{
			{'1', MethodInfo, 0, 0, true},
			{'2', MethodRFC4733, 100 * time.Millisecond, 50 * time.Millisecond, true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := NewDigitFilter(0)
			t0 := time.Unix(1000, 0)
			for i, s := range tc.seq {
				if got := f.Accept(s.d, s.method, s.dur, t0.Add(s.at)); got != s.want {
					t.Errorf("step %d (%c %s at %v): %v, want %v", i, s.d, s.method, s.at, got, s.want)
				}
			}
		})
	}
}
