package dtmf

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SIP INFO content types for DTMF. Neither has an RFC; application/dtmf-relay
// is Cisco's de-facto format ("Signal=5\r\nDuration=160\r\n", duration in
// ms), application/dtmf carries the bare digit (draft-kaplan-dispatch-info-
// dtmf-package §4 describes both).
const (
	ContentTypeRelay = "application/dtmf-relay"
	ContentTypeDTMF  = "application/dtmf"
)

// Info is a digit carried in a SIP INFO body.
type Info struct {
	Digit    rune
	Duration time.Duration // 0 when the body gives none
}

// ParseInfo reads an INFO body of the given content type (parameters such
// as ";charset=" are ignored, names compared without case).
func ParseInfo(contentType string, body []byte) (Info, error) {
	ct, _, _ := strings.Cut(contentType, ";")
	ct = strings.ToLower(strings.TrimSpace(ct))
	switch ct {
	case ContentTypeRelay:
		return parseRelay(body)
	case ContentTypeDTMF:
		s := strings.TrimSpace(string(body))
		if len(s) != 1 {
			if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 15 {
				d, _ := EventDigit(uint8(n)) // some phones send the event code ("10" for *)
				return Info{Digit: d}, nil
			}
			return Info{}, fmt.Errorf("application/dtmf body %q: %w", s, ErrBody)
		}
		if _, err := EventCode(rune(s[0])); err != nil {
			return Info{}, fmt.Errorf("application/dtmf body %q: %w", s, ErrBody)
		}
		return Info{Digit: upper(rune(s[0]))}, nil
	}
	return Info{}, fmt.Errorf("content type %q: %w", contentType, ErrBody)
}

func parseRelay(body []byte) (Info, error) {
	var in Info
	seen := false
	sc := bufio.NewScanner(bytes.NewReader(body))
	for line := 1; sc.Scan(); line++ {
		l := strings.TrimSpace(sc.Text())
		if l == "" {
			continue
		}
		k, v, ok := strings.Cut(l, "=")
		if !ok {
			return Info{}, fmt.Errorf("dtmf-relay line %d %q: no '=': %w", line, l, ErrBody)
		}
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		switch k {
		case "signal":
			if n, err := strconv.Atoi(v); err == nil && n >= 10 && n <= 15 {
				in.Digit, _ = EventDigit(uint8(n)) // "Signal=11" for #, as some phones send
			} else if len(v) == 1 {
				if _, err := EventCode(rune(v[0])); err != nil {
					return Info{}, fmt.Errorf("dtmf-relay line %d: signal %q: %w", line, v, ErrBody)
				}
				in.Digit = upper(rune(v[0]))
			} else {
				return Info{}, fmt.Errorf("dtmf-relay line %d: signal %q: %w", line, v, ErrBody)
			}
			seen = true
		case "duration":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 60000 {
				return Info{}, fmt.Errorf("dtmf-relay line %d: duration %q: %w", line, v, ErrBody)
			}
			in.Duration = time.Duration(n) * time.Millisecond
		}
	}
	if err := sc.Err(); err != nil {
		return Info{}, fmt.Errorf("dtmf-relay: %w: %w", ErrBody, err)
	}
	if !seen {
		return Info{}, fmt.Errorf("dtmf-relay: no Signal line: %w", ErrBody)
	}
	return in, nil
}

// FormatRelay writes an application/dtmf-relay body.
func FormatRelay(in Info) ([]byte, error) {
	if _, err := EventCode(in.Digit); err != nil {
		return nil, err
	}
	return fmt.Appendf(nil, "Signal=%c\r\nDuration=%d\r\n", upper(in.Digit), in.Duration.Milliseconds()), nil
}

// FormatDTMF writes an application/dtmf body.
func FormatDTMF(d rune) ([]byte, error) {
	if _, err := EventCode(d); err != nil {
		return nil, err
	}
	return []byte{byte(upper(d))}, nil
}

func upper(d rune) rune {
	if d >= 'a' && d <= 'd' {
		return d - 'a' + 'A'
	}
	return d
}
