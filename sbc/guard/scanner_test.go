package guard

import (
	"slices"
	"strings"
	"testing"
)

func TestScannerFilterDefaults(t *testing.T) {
	tests := []struct {
		ua      string
		scanner bool
	}{
		// Known attack tools.
		{"friendly-scanner", true},
		{"sipvicious 0.3.4", true},
		{"SIPVicious", true},
		{"sipcli/v1.8", true},
		{"VaxSIPUserAgent/3.1", true},
		{"Friendly-Scanner", true},
		{"SIPScan", true},
		{"sip-scan 1.0", true},
		{"iWar", true},
		{"sundayddr", true},
		{"pplsip", true},
		{"smap 0.6.0", true},
		{"SIP Auditor", true},
		{"VoIP SIP Scanner", true},
		{"Mozilla/5.0 (friendly-scanner)", true},
		{"résumé friendly-scanner ☎", true},                   // non-ASCII path
		{strings.Repeat("x", 600) + "SIPVICIOUS", true},       // longer than the stack buffer
		{strings.Repeat("é", 300) + "sipVicious", true},       // long and non-ASCII
		{"FRIENDLY-SCANNER" + strings.Repeat(" ", 496), true}, // exactly 512 bytes
		// Legitimate clients and tools.
		{"baresip v1.0.0", false},
		{"Yealink SIP-T46S", false},
		{"Linphone", false},
		{"sipsak 0.9.8", false},
		{"PolycomVVX", false},
		{"", false},
		{"Asterisk PBX 20.5.0", false},
		{"FreeSWITCH-mod_sofia/1.10.11", false},
		{"Grandstream GXP2170", false},
		{"Zoiper rv2.10", false},
		{"MicroSIP/3.21.3", false},
		{"friendly scanner", false},
		{"Ｆriendly-scanner", false}, // fullwidth F is not an ASCII F
	}
	var ctr Counters
	f := NewScannerFilter(DefaultScannerPatterns(), WithCounters(&ctr))
	want := 0
	for _, tt := range tests {
		if got := f.IsScanner(tt.ua); got != tt.scanner {
			t.Errorf("IsScanner(%.40q) = %v, want %v", tt.ua, got, tt.scanner)
		}
		if tt.scanner {
			want++
		}
	}
	if got := ctr.Scanner.Load(); got != uint64(want) {
		t.Errorf("Scanner = %d, want %d", got, want)
	}
}

func TestScannerFilterPatterns(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		ua       string
		scanner  bool
		kept     []string
	}{
		{"nil matches nothing", nil, "friendly-scanner", false, nil},
		{"empty pattern dropped", []string{""}, "anything", false, nil},
		{"patterns lower-cased", []string{"EvilTool"}, "eviltool/2", true, []string{"eviltool"}},
		{"duplicates dropped", []string{"abc", "ABC", "abc"}, "xABCx", true, []string{"abc"}},
		{"non-ASCII pattern", []string{"ÉVIL"}, "très évil", true, []string{"évil"}},
		{"non-ASCII pattern, ASCII agent", []string{"évil"}, "evil", false, []string{"évil"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := NewScannerFilter(tt.patterns)
			if got := f.IsScanner(tt.ua); got != tt.scanner {
				t.Errorf("IsScanner(%q) = %v, want %v", tt.ua, got, tt.scanner)
			}
			if got := f.Patterns(); !slices.Equal(got, tt.kept) {
				t.Errorf("Patterns = %q, want %q", got, tt.kept)
			}
		})
	}
}

func TestScannerFilterCopiesPatterns(t *testing.T) {
	p := DefaultScannerPatterns()
	f := NewScannerFilter(p)
	p[0] = "linphone"
	if f.IsScanner("Linphone") || !f.IsScanner("friendly-scanner") {
		t.Error("filter changed with the caller's slice")
	}
	if DefaultScannerPatterns()[0] != "friendly-scanner" {
		t.Error("DefaultScannerPatterns shares its slice")
	}
	f.Patterns()[0] = "linphone"
	if f.IsScanner("Linphone") {
		t.Error("filter changed through Patterns")
	}
	for _, d := range DefaultScannerPatterns() {
		if d != strings.ToLower(d) || strings.Contains(d, "sipsak") {
			t.Errorf("default pattern %q is not lower case or flags sipsak", d)
		}
	}
}

func TestScannerFilterAllocations(t *testing.T) {
	f := NewScannerFilter(DefaultScannerPatterns(), WithCounters(new(Counters)))
	for _, ua := range []string{"Yealink SIP-T46S 66.85.0.5", "friendly-scanner", "SIPVicious", strings.Repeat("A", 512)} {
		if n := testing.AllocsPerRun(100, func() { f.IsScanner(ua) }); n != 0 {
			t.Errorf("IsScanner(%.20q): %v allocations, want 0", ua, n)
		}
	}
}

func BenchmarkScanner(b *testing.B) {
	f := NewScannerFilter(DefaultScannerPatterns())
	for _, bc := range []struct{ name, ua string }{
		{"legit", "Yealink SIP-T46S 66.85.0.5"},
		{"legit-lower", "baresip v1.0.0 (x86_64/linux)"},
		{"scanner", "friendly-scanner"},
		{"scanner-mixed-case", "SIPVicious 0.3.4"},
		{"non-ascii", "Téléphone SIP 1.0"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f.IsScanner(bc.ua)
			}
		})
	}
}
