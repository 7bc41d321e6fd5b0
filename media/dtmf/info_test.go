package dtmf

import (
	"errors"
	"testing"
	"time"
)

func TestParseInfo(t *testing.T) {
	for _, tc := range []struct {
		ct, body string
		want     Info
		err      string
	}{
		{"application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", Info{'5', 160 * time.Millisecond}, ""},
		{"Application/DTMF-Relay; charset=utf-8", "signal = #\nduration= 250", Info{'#', 250 * time.Millisecond}, ""},
		{"application/dtmf-relay", "Signal=11\r\nDuration=100\r\n", Info{'#', 100 * time.Millisecond}, ""},
		{"application/dtmf-relay", "Signal=d\r\n", Info{'D', 0}, ""},
		{"application/dtmf-relay", "Duration=160\r\n", Info{}, "dtmf-relay: no Signal line: dtmf: bad INFO body"},
		{"application/dtmf-relay", "Signal=5\r\nDuration=abc\r\n", Info{}, `dtmf-relay line 2: duration "abc": dtmf: bad INFO body`},
		{"application/dtmf-relay", "Signal=E\r\n", Info{}, `dtmf-relay line 1: signal "E": dtmf: bad INFO body`},
		{"application/dtmf-relay", "Signal 5\r\n", Info{}, `dtmf-relay line 1 "Signal 5": no '=': dtmf: bad INFO body`},
		{"application/dtmf", "7", Info{'7', 0}, ""},
		{"application/dtmf", "*\r\n", Info{'*', 0}, ""},
		{"application/dtmf", "10", Info{'*', 0}, ""},
		{"application/dtmf", "", Info{}, `application/dtmf body "": dtmf: bad INFO body`},
		{"application/dtmf", "x", Info{}, `application/dtmf body "x": dtmf: bad INFO body`},
		{"text/plain", "5", Info{}, `content type "text/plain": dtmf: bad INFO body`},
	} {
		got, err := ParseInfo(tc.ct, []byte(tc.body))
		if tc.err != "" {
			if err == nil || err.Error() != tc.err || !errors.Is(err, ErrBody) {
				t.Errorf("%s %q: error %v, want %q", tc.ct, tc.body, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s %q = %+v, %v; want %+v", tc.ct, tc.body, got, err, tc.want)
		}
	}
}

func TestFormatInfo(t *testing.T) {
	b, err := FormatRelay(Info{'5', 160 * time.Millisecond})
	if err != nil || string(b) != "Signal=5\r\nDuration=160\r\n" {
		t.Errorf("FormatRelay = %q, %v", b, err)
	}
	if back, _ := ParseInfo(ContentTypeRelay, b); back != (Info{'5', 160 * time.Millisecond}) {
		t.Errorf("round trip %+v", back)
	}
	if b, _ := FormatDTMF('a'); string(b) != "A" {
		t.Errorf("FormatDTMF = %q", b)
	}
	if _, err := FormatRelay(Info{Digit: 'z'}); !errors.Is(err, ErrDigit) {
		t.Errorf("bad digit: %v", err)
	}
	if _, err := FormatDTMF('z'); !errors.Is(err, ErrDigit) {
		t.Errorf("bad digit: %v", err)
	}
}
