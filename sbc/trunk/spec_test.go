package trunk

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSpecProfile(t *testing.T) {
	const chimeHost = "abcdef1ghij2klmno3pqr4.voiceconnector.chime.aws"
	east := netip.MustParsePrefix("3.80.16.0/23")
	for _, tc := range []struct {
		name  string
		spec  Spec
		check func(t *testing.T, p Profile)
	}{
		{"chime defaults", Spec{Type: TypeChime, Host: chimeHost, Regions: []string{"us-east-1"}}, func(t *testing.T, p Profile) {
			if p.Transport != TransportTLS || p.Port != 5061 || p.SRTP != SRTPRequired || p.CPS != 1 || !p.RequireE164 ||
				!slices.Equal(p.AllowedSources, []netip.Prefix{east}) || p.Kind != KindIP || p.Preset != "chime" {
				t.Fatalf("%+v", p)
			}
		}},
		{"chime all regions", Spec{Type: TypeChime, Host: strings.ToUpper(chimeHost) + "."}, func(t *testing.T, p Profile) {
			if len(p.AllowedSources) != 10 || p.Host != chimeHost {
				t.Fatalf("%d sources, host %q", len(p.AllowedSources), p.Host)
			}
		}},
		{"chime allow replaces ranges", Spec{Type: TypeChime, Host: chimeHost, Allow: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}}, func(t *testing.T, p Profile) {
			if !slices.Equal(p.AllowedSources, []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}) {
				t.Fatalf("%v", p.AllowedSources)
			}
		}},
		{"chime unencrypted", Spec{Type: TypeChime, Host: chimeHost, Transport: "udp", SRTP: "off"}, func(t *testing.T, p Profile) {
			if p.Transport != TransportUDP || p.Port != 5060 || p.SRTP != SRTPOff || p.CryptoSuites != nil {
				t.Fatalf("%+v", p)
			}
		}},
		{"chime with port and credentials", Spec{Type: TypeChime, Host: chimeHost + ":5062", Username: "u", Password: "p"}, func(t *testing.T, p Profile) {
			if p.Port != 5062 || p.Username != "u" || p.Password != "p" {
				t.Fatalf("%+v", p)
			}
		}},
		{"generic defaults", Spec{Type: TypeGeneric, Host: "sip.example.com"}, func(t *testing.T, p Profile) {
			if p.Transport != TransportUDP || p.Port != 0 || p.SRTP != SRTPOff || p.Kind != KindIP || p.CPS != 0 ||
				p.OptionsInterval != 30*time.Second || len(p.AllowedSources) != 0 || p.TargetHost() != "sip.example.com" {
				t.Fatalf("%+v", p)
			}
		}},
		{"generic registration over tls", Spec{Type: TypeGeneric, Host: "[2001:db8::1]:5071", Transport: "TLS", Register: true,
			Username: "acct", Password: "pw", SRTP: "optional"}, func(t *testing.T, p Profile) {
			if p.Kind != KindRegistration || p.RegisterExpiry != time.Hour || p.Port != 5071 || p.Host != "2001:db8::1" ||
				p.SRTP != SRTPOptional || len(p.CryptoSuites) != 2 || p.TargetHost() != "[2001:db8::1]:5071" {
				t.Fatalf("%+v", p)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.spec.Profile()
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, p)
		})
	}
}

func TestSpecProfileErrors(t *testing.T) {
	const chimeHost = "abc.voiceconnector.chime.aws"
	for _, tc := range []struct {
		spec Spec
		err  error
		want string
	}{
		{Spec{Type: "sip", Host: "x.example"}, ErrInvalidProfile, `type "sip"`},
		{Spec{Type: TypeChime, Host: "sip.example.com"}, ErrChimeHost, "does not end in .voiceconnector.chime.aws"},
		{Spec{Type: TypeChime, Host: "192.0.2.1"}, ErrInvalidProfile, "outbound host name"},
		{Spec{Type: TypeChime, Host: chimeHost, Regions: []string{"mars-1"}}, ErrUnknownRegion, "mars-1"},
		{Spec{Type: TypeChime, Host: chimeHost, Register: true, Username: "u", Password: "p"}, ErrInvalidProfile, "does not take registrations"},
		{Spec{Type: TypeChime, Host: chimeHost, Transport: "udp"}, ErrInvalidProfile, "SRTP required needs transport tls"},
		{Spec{Type: TypeGeneric, Host: "x.example", Transport: "sctp"}, ErrInvalidProfile, `unknown transport "sctp"`},
		{Spec{Type: TypeGeneric, Host: "x.example", SRTP: "always"}, ErrInvalidProfile, `srtp "always"`},
		{Spec{Type: TypeGeneric, Host: "x.example", Register: true}, ErrInvalidProfile, "registration needs a username and a password"},
		{Spec{Type: TypeGeneric, Host: "x.example", Username: "u"}, ErrInvalidProfile, "username and password go together"},
		{Spec{Type: TypeGeneric, Host: "x.example", Regions: []string{"us-east-1"}}, ErrInvalidProfile, "regions are for Chime"},
		{Spec{Type: TypeGeneric, Host: "x.example", Allow: []netip.Prefix{netip.MustParsePrefix("10.1.2.3/8")}}, ErrInvalidProfile, "e.g. 10.0.0.0/8"},
		{Spec{Type: TypeGeneric, Host: "x.example:0"}, ErrInvalidHost, "port must be 1-65535"},
		{Spec{Type: TypeGeneric, Host: ""}, ErrInvalidHost, "empty host"},
	} {
		_, err := tc.spec.Profile()
		if !errors.Is(err, tc.err) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: err %v, want %v containing %q", tc.spec, err, tc.err, tc.want)
		}
	}
}

// fixedResolver answers every host with the same targets.
type fixedResolver struct {
	targets []Target
	err     error
	asked   []string
}

func (f *fixedResolver) Resolve(_ context.Context, host string, tr Transport) ([]Target, error) {
	f.asked = append(f.asked, host+" "+tr.String())
	return f.targets, f.err
}

func TestSources(t *testing.T) {
	p, err := Spec{Type: TypeGeneric, Host: "sip.example.com:5080", Transport: "tcp"}.Profile()
	if err != nil {
		t.Fatal(err)
	}
	r := &fixedResolver{targets: []Target{
		{Transport: TransportTCP, Addr: mustAddrPort("192.0.2.1:5080")},
		{Transport: TransportTCP, Addr: mustAddrPort("[::ffff:192.0.2.1]:5080")}, // the same host, mapped
		{Transport: TransportTCP, Addr: mustAddrPort("[2001:db8::7]:5080")},
	}}
	got, err := Sources(context.Background(), r, p)
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("192.0.2.1/32"), netip.MustParsePrefix("2001:db8::7/128")}
	if !slices.Equal(got, want) || !slices.Equal(r.asked, []string{"sip.example.com:5080 tcp"}) {
		t.Fatalf("got %v (asked %v)", got, r.asked)
	}
	if _, err := Sources(context.Background(), &fixedResolver{}, p); !errors.Is(err, ErrNoAddress) {
		t.Fatalf("no targets: %v", err)
	}
	if _, err := Sources(context.Background(), &fixedResolver{err: ErrNXDomain}, p); !errors.Is(err, ErrNXDomain) {
		t.Fatalf("NXDOMAIN: %v", err)
	}
	// The real resolver needs no DNS for an address.
	res, err := NewResolver(WithServers("127.0.0.1:1"))
	if err != nil {
		t.Fatal(err)
	}
	lit, _ := Spec{Type: TypeGeneric, Host: "198.51.100.4"}.Profile()
	got, err = Sources(context.Background(), res, lit)
	if err != nil || !slices.Equal(got, []netip.Prefix{netip.MustParsePrefix("198.51.100.4/32")}) {
		t.Fatalf("literal: %v %v", got, err)
	}
}
