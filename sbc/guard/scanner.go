package guard

import (
	"bytes"
	"slices"
	"strings"
)

// DefaultScannerPatterns returns a fresh copy of the User-Agent fragments of
// well-known SIP attack and scanning tools (SIPVicious and its
// "friendly-scanner" disguise, sipcli, SIPScan, VaxSIPUserAgent, iWar,
// sundayddr, pplsip, smap, SIP auditors). Legitimate test tools such as
// sipsak are deliberately absent.
func DefaultScannerPatterns() []string {
	return []string{
		"friendly-scanner",
		"sipvicious",
		"sipcli",
		"sip-scan",
		"sipscan",
		"vaxsipuseragent",
		"iwar",
		"sundayddr",
		"pplsip",
		"smap",
		"sip auditor",
		"voip sip scanner",
	}
}

// ScannerFilter recognizes SIP scanners by their User-Agent: a User-Agent
// is a scanner's when it contains one of the patterns, ignoring case.
type ScannerFilter struct {
	patterns []string // lower case, non-empty, distinct
	needles  [][]byte // the same, as bytes
	counters *Counters
}

// stackUA is the longest ASCII User-Agent matched without allocating.
const stackUA = 512

// NewScannerFilter returns a filter for patterns, which it copies. Patterns
// are matched as case-insensitive substrings; empty ones (which would match
// everything) and duplicates are dropped, so nil or empty patterns match
// nothing. Use DefaultScannerPatterns for the well-known tools. It honours
// WithCounters (Scanner).
func NewScannerFilter(patterns []string, opts ...Option) *ScannerFilter {
	c := newConfig(opts)
	f := &ScannerFilter{counters: c.counters}
	for _, p := range patterns {
		p = strings.ToLower(p)
		if p == "" || slices.Contains(f.patterns, p) {
			continue
		}
		f.patterns = append(f.patterns, p)
		f.needles = append(f.needles, []byte(p))
	}
	return f
}

// Patterns returns a copy of the patterns in use, lower-cased.
func (f *ScannerFilter) Patterns() []string {
	return append([]string(nil), f.patterns...)
}

// IsScanner reports whether userAgent belongs to a known scanner; a true
// answer is counted in Counters.Scanner. An ASCII User-Agent of up to 512
// bytes is matched without allocating.
func (f *ScannerFilter) IsScanner(userAgent string) bool {
	if userAgent == "" || len(f.patterns) == 0 {
		return false
	}
	hit := f.match(userAgent)
	if hit && f.counters != nil {
		f.counters.Scanner.Add(1)
	}
	return hit
}

func (f *ScannerFilter) match(ua string) bool {
	if len(ua) <= stackUA {
		var buf [stackUA]byte
		if lower, ok := lowerASCII(buf[:0], ua); ok {
			for _, n := range f.needles {
				if bytes.Contains(lower, n) {
					return true
				}
			}
			return false
		}
	}
	lower := strings.ToLower(ua) // non-ASCII or long: rare
	for _, p := range f.patterns {
		if strings.Contains(lower, p) {
			return true
		}
	}
	return false
}

// lowerASCII appends s lower-cased to dst, or reports false if s is not
// all ASCII.
func lowerASCII(dst []byte, s string) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return nil, false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst, true
}
