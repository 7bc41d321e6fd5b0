package trunk

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func genericProfile() Profile {
	return Profile{
		Kind:      KindRegistration,
		Host:      "sip.provider.example",
		Transport: TransportUDP,
		Username:  "u", Password: "p", RegisterExpiry: time.Hour,
		SRTP:   SRTPOff,
		Codecs: []Codec{{Name: "PCMU", PayloadType: 0, ClockRate: 8000}},
		PTime:  20 * time.Millisecond,
	}
}

func TestProfileValidate(t *testing.T) {
	if err := genericProfile().Validate(); err != nil {
		t.Fatalf("generic registration profile: %v", err)
	}
	for _, tc := range []struct {
		change func(*Profile)
		want   string
	}{
		{func(p *Profile) { p.Kind = "peer" }, `kind "peer" is neither`},
		{func(p *Profile) { p.Host = "" }, "no host"},
		{func(p *Profile) { p.Host = "a.example:5060" }, "has a port; set Port"},
		{func(p *Profile) { p.Host = "a b" }, "host: trunk: invalid host"},
		{func(p *Profile) { p.Password = "" }, "registration needs a username and a password"},
		{func(p *Profile) { p.RegisterExpiry = time.Second }, "register expiry 1s is under 1m"},
		{func(p *Profile) { p.Kind = KindIP; p.Password = "" }, "username and password go together"},
		{func(p *Profile) { p.SRTP = "maybe" }, `srtp "maybe"`},
		{func(p *Profile) { p.SRTP = SRTPOptional }, "SRTP optional without a crypto suite"},
		{func(p *Profile) { p.SRTP = SRTPRequired; p.CryptoSuites = []string{SuiteAESCM128SHA1_80} }, "SRTP required needs transport tls, have udp"},
		{func(p *Profile) { p.SRTP = SRTPOptional; p.CryptoSuites = []string{"F8_128_HMAC_SHA1_80"} }, `unsupported crypto suite "F8_128_HMAC_SHA1_80"`},
		{func(p *Profile) { p.Codecs = nil }, "no codecs"},
		{func(p *Profile) { p.Codecs[0].PayloadType = 200 }, "codec"},
		{func(p *Profile) { p.PTime = 25 * time.Millisecond }, "ptime 25ms"},
		{func(p *Profile) { p.OptionsInterval = time.Millisecond }, "options interval 1ms is under 1s"},
		{func(p *Profile) { p.CPS = -1 }, "negative CPS"},
		{func(p *Profile) { p.AllowedSources = []netip.Prefix{netip.MustParsePrefix("10.1.2.3/8")} }, "allowed source 10.1.2.3/8 is not a network prefix"},
		{func(p *Profile) { p.Transport = 9 }, "unknown transport 9"},
	} {
		p := genericProfile()
		p.Codecs = append([]Codec(nil), p.Codecs...)
		tc.change(&p)
		err := p.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "trunk: invalid profile: ") {
			t.Errorf("err %v, want %q", err, tc.want)
		}
	}
}

func TestProfileFailsClosed(t *testing.T) {
	p := genericProfile()
	if p.AllowsSource(netip.MustParseAddr("192.0.2.1")) {
		t.Error("a profile without allowed sources allowed a source")
	}
}

func TestParseTransport(t *testing.T) {
	for in, want := range map[string]Transport{"": TransportAny, "UDP": TransportUDP, "tcp": TransportTCP, "Tls": TransportTLS} {
		if got, err := ParseTransport(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseTransport("sctp"); err == nil {
		t.Error("sctp parsed")
	}
}
