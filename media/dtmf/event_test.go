package dtmf

import (
	"bytes"
	"errors"
	"testing"
)

func TestEventRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		ev   Event
		wire []byte
	}{
		{Event{Code: 5, Volume: 10, Duration: 160}, []byte{5, 0x0a, 0x00, 0xa0}},
		{Event{Code: 11, End: true, Volume: 63, Duration: 0xffff}, []byte{11, 0xbf, 0xff, 0xff}},
		{Event{Code: 0}, []byte{0, 0, 0, 0}},
	} {
		if got := tc.ev.Append(nil); !bytes.Equal(got, tc.wire) {
			t.Errorf("%+v: wire % x, want % x", tc.ev, got, tc.wire)
		}
		got, err := ParseEvent(tc.wire)
		if err != nil || got != tc.ev {
			t.Errorf("ParseEvent(% x) = %+v, %v", tc.wire, got, err)
		}
	}
	// The R bit is ignored (RFC 4733 §2.3.2); extra bytes too.
	if ev, _ := ParseEvent([]byte{1, 0x40 | 7, 0, 1, 9, 9}); ev != (Event{Code: 1, Volume: 7, Duration: 1}) {
		t.Errorf("R bit: %+v", ev)
	}
	if _, err := ParseEvent([]byte{1, 2, 3}); !errors.Is(err, ErrShort) || err.Error() != "3 bytes: dtmf: payload shorter than 4 bytes" {
		t.Errorf("short: %v", err)
	}
}

func TestDigitCodes(t *testing.T) {
	for i, d := range "0123456789*#ABCD" {
		c, err := EventCode(d)
		if err != nil || int(c) != i {
			t.Errorf("EventCode(%c) = %d, %v", d, c, err)
		}
		if back, _ := EventDigit(c); back != d {
			t.Errorf("EventDigit(%d) = %c", c, back)
		}
	}
	if c, _ := EventCode('b'); c != 13 {
		t.Errorf("b = %d", c)
	}
	for _, d := range "E/ x" {
		if _, err := EventCode(d); !errors.Is(err, ErrDigit) {
			t.Errorf("%q: %v", d, err)
		}
	}
	if _, err := EventDigit(16); !errors.Is(err, ErrDigit) {
		t.Errorf("16 (flash): %v", err)
	}
}
