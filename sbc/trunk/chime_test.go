package trunk

import (
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestChimePreset(t *testing.T) {
	p, err := ChimePreset(" ABCDEF1ghij2klmno3pqr4.VoiceConnector.Chime.AWS. ", "us-east-1", "US-EAST-1")
	if err != nil {
		t.Fatal(err)
	}
	if p.Host != "abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws" || p.Port != 5061 || p.Transport != TransportTLS {
		t.Errorf("host %s port %d transport %s", p.Host, p.Port, p.Transport)
	}
	if p.TargetHost() != "abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws:5061" {
		t.Errorf("target host %s", p.TargetHost())
	}
	if p.SRTP != SRTPRequired || !slices.Equal(p.CryptoSuites, []string{"AES_CM_128_HMAC_SHA1_80"}) {
		t.Errorf("srtp %s %v", p.SRTP, p.CryptoSuites)
	}
	if len(p.Codecs) != 2 || p.Codecs[0].Name != "PCMU" || p.Codecs[0].PayloadType != 0 ||
		p.Codecs[1].Name != "telephone-event" || p.Codecs[1].PayloadType != 101 {
		t.Errorf("codecs %+v", p.Codecs)
	}
	if p.PTime != 20*time.Millisecond || p.OptionsInterval != 30*time.Second || p.CPS != 1 || !p.RequireE164 || p.Kind != KindIP {
		t.Errorf("profile %+v", p)
	}
	if want := []netip.Prefix{netip.MustParsePrefix("3.80.16.0/23")}; !slices.Equal(p.AllowedSources, want) {
		t.Errorf("sources %v, want %v", p.AllowedSources, want)
	}
	if !slices.Equal(p.Regions, []string{"us-east-1"}) {
		t.Errorf("regions %v", p.Regions)
	}
	for addr, want := range map[string]bool{
		"3.80.16.1": true, "3.80.17.254": true, "3.80.18.0": false,
		"::ffff:3.80.16.9": true, "99.77.253.1": false, "10.0.0.1": false,
	} {
		if got := p.AllowsSource(netip.MustParseAddr(addr)); got != want {
			t.Errorf("AllowsSource(%s) = %v", addr, got)
		}
	}
}

func TestChimePresetRegions(t *testing.T) {
	p, err := ChimePreset("x1.voiceconnector.chime.aws", "us-west-2", "us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("3.80.16.0/23"), netip.MustParsePrefix("99.77.253.0/24")}
	if !slices.Equal(p.AllowedSources, want) {
		t.Errorf("sources %v, want %v", p.AllowedSources, want)
	}
	all, err := ChimePreset("x1.voiceconnector.chime.aws")
	if err != nil {
		t.Fatal(err)
	}
	if len(all.AllowedSources) != 10 {
		t.Errorf("no region: %d prefixes, want all 10 bundled", len(all.AllowedSources))
	}
}

func TestChimePresetErrors(t *testing.T) {
	for _, tc := range []struct {
		host    string
		regions []string
		want    error
		text    string
	}{
		{"", nil, ErrChimeHost, `"" does not end in .voiceconnector.chime.aws`},
		{"voiceconnector.chime.aws", nil, ErrChimeHost, "does not end in"},
		{".voiceconnector.chime.aws", nil, ErrChimeHost, "the connector id must be one DNS label"},
		{"a.b.voiceconnector.chime.aws", nil, ErrChimeHost, `'.' in the connector id`},
		{"abc.voiceconnector.chime.aws:5061", nil, ErrChimeHost, "does not end in"},
		{"sip:abc.voiceconnector.chime.aws", nil, ErrChimeHost, `':' in the connector id`},
		{"-abc.voiceconnector.chime.aws", nil, ErrChimeHost, "one DNS label"},
		{strings.Repeat("a", 64) + ".voiceconnector.chime.aws", nil, ErrChimeHost, "one DNS label"},
		{"abc.voiceconnector.chime.aws.evil.example", nil, ErrChimeHost, "does not end in"},
		{"abc.voiceconnector.chime.aws", []string{"us-east-9"}, ErrUnknownRegion, "us-east-9 has none for CHIME_VOICECONNECTOR"},
		{"abc.voiceconnector.chime.aws", []string{" "}, ErrUnknownRegion, "empty region"},
	} {
		_, err := ChimePreset(tc.host, tc.regions...)
		if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.text) {
			t.Errorf("%q %v: err %v, want %v containing %q", tc.host, tc.regions, err, tc.want, tc.text)
		}
	}
}

// The bundled excerpt holds the ranges from the AWS network configuration
// page, and only those.
func TestBundledChimeRanges(t *testing.T) {
	want := map[string]string{
		"us-east-1": "3.80.16.0/23", "us-west-2": "99.77.253.0/24",
		"ap-northeast-2": "99.77.242.0/24", "ap-southeast-1": "99.77.240.0/24",
		"ap-southeast-2": "99.77.239.0/24", "ap-northeast-1": "99.77.244.0/24",
		"ca-central-1": "99.77.233.0/24", "eu-central-1": "99.77.247.0/24",
		"eu-west-1": "99.77.250.0/24", "eu-west-2": "99.77.249.0/24",
	}
	for region, cidr := range want {
		got, err := ChimeRanges(region)
		if err != nil || len(got) != 1 || got[0].String() != cidr {
			t.Errorf("%s: %v %v, want %s", region, got, err, cidr)
		}
	}
	all, _ := ChimeRanges()
	if len(all) != len(want) {
		t.Errorf("%d bundled prefixes, want %d", len(all), len(want))
	}
}
