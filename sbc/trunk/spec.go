package trunk

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// Trunk types, as the CLI spells them.
const (
	TypeChime   = "chime"
	TypeGeneric = "generic"
)

// Spec is a trunk as an operator describes it: the CLI's flags, the admin
// form, or a stored trunk read back. Empty fields take the type's
// defaults; Profile applies them and validates the result.
type Spec struct {
	Type string // TypeChime or TypeGeneric
	// Host is "host" or "host:port" ("[v6]:port"); a Chime host must be
	// the connector's <id>.voiceconnector.chime.aws.
	Host      string
	Transport string // "", "udp", "tcp" or "tls"
	Username  string
	Password  string
	// Register makes a generic trunk REGISTER to the provider (needs
	// Username and Password).
	Register bool
	// Allow replaces the default allowed sources: for Chime, the bundled
	// CHIME_VOICECONNECTOR ranges of Regions; for a generic trunk, none
	// (see Sources).
	Allow   []netip.Prefix
	SRTP    string   // "", "off", "optional" or "required"
	Regions []string // Chime: the connector's AWS regions (none: all bundled)
}

// Defaults of a generic trunk. Chime's come from ChimePreset.
const (
	genericRegisterExpiry = time.Hour
	genericOptions        = 30 * time.Second
)

// Profile turns the spec into a validated profile:
//
//   - chime: ChimePreset (TLS on 5061, SRTP required, PCMU and
//     telephone-event, OPTIONS every 30 s, 1 CPS, E.164), allowed sources
//     the bundled ranges of Regions unless Allow is given;
//   - generic: UDP unless Transport says otherwise, the port from Host or
//     none (RFC 3263: SRV, else 5060/5061), SRTP off, the same codecs and
//     pings, no CPS limit, IP-based or, with Register, registration-based;
//     AllowedSources is Allow, which may be empty: Sources fills it.
//
// A transport, port, SRTP mode or Allow given explicitly overrides the
// preset; the combination must still validate (SRTP required needs TLS).
func (s Spec) Profile() (Profile, error) {
	bad := func(format string, a ...any) (Profile, error) {
		return Profile{}, fmt.Errorf("%w: %s", ErrInvalidProfile, fmt.Sprintf(format, a...))
	}
	name, port, ip, err := splitHost(strings.TrimSpace(s.Host))
	if err != nil {
		return Profile{}, err
	}
	transport, err := ParseTransport(s.Transport)
	if err != nil {
		return Profile{}, err
	}
	var p Profile
	switch s.Type {
	case TypeChime:
		if s.Register {
			return bad("a Chime Voice Connector does not take registrations; drop --register")
		}
		if ip.IsValid() {
			return bad("a Chime trunk's host is the connector's outbound host name, <id>.voiceconnector.chime.aws")
		}
		p, err = ChimePreset(name, s.Regions...)
		if err != nil {
			return Profile{}, err
		}
		if transport != TransportAny && transport != p.Transport {
			p.Transport = transport
			p.Port = transport.DefaultPort()
		}
	case TypeGeneric:
		if len(s.Regions) > 0 {
			return bad("regions are for Chime trunks")
		}
		p = Profile{
			Kind:            KindIP,
			Host:            name,
			Transport:       transport,
			SRTP:            SRTPOff,
			Codecs:          []Codec{{Name: "PCMU", PayloadType: 0, ClockRate: 8000}, {Name: "telephone-event", PayloadType: 101, ClockRate: 8000}},
			PTime:           20 * time.Millisecond,
			OptionsInterval: genericOptions,
		}
		if p.Transport == TransportAny {
			p.Transport = TransportUDP
		}
		if s.Register {
			p.Kind, p.RegisterExpiry = KindRegistration, genericRegisterExpiry
		}
	default:
		return bad("type %q is not %s or %s", s.Type, TypeChime, TypeGeneric)
	}
	if port != 0 {
		p.Port = port
	}
	p.Username, p.Password = s.Username, s.Password
	if s.SRTP != "" {
		switch m := SRTPMode(strings.ToLower(s.SRTP)); m {
		case SRTPOff, SRTPOptional, SRTPRequired:
			p.SRTP = m
		default:
			return bad("srtp %q is not off, optional or required", s.SRTP)
		}
	}
	if p.SRTP == SRTPOff {
		p.CryptoSuites = nil
	} else if len(p.CryptoSuites) == 0 {
		p.CryptoSuites = []string{SuiteAESCM128SHA1_80, SuiteAESCM128SHA1_32}
	}
	if s.Allow != nil {
		p.AllowedSources = nil
		for _, pr := range s.Allow {
			if !pr.IsValid() || pr != pr.Masked() {
				return bad("allowed source %s is not a network prefix (e.g. %s)", pr, pr.Masked())
			}
			if !slices.Contains(p.AllowedSources, pr) {
				p.AllowedSources = append(p.AllowedSources, pr)
			}
		}
	}
	if err := p.Validate(); err != nil {
		return Profile{}, err
	}
	return p, nil
}

// TargetResolver finds where to send requests for a trunk host; *Resolver
// is one (RFC 3263).
type TargetResolver interface {
	Resolve(ctx context.Context, host string, t Transport) ([]Target, error)
}

// Sources is the default allowed-source list of a trunk without one: the
// addresses its host resolves to (NAPTR, SRV and A/AAAA, as outbound
// requests would go), each as a single-address prefix. Providers whose
// inbound calls come from other addresses than they take calls on need
// their networks given explicitly.
func Sources(ctx context.Context, r TargetResolver, p Profile) ([]netip.Prefix, error) {
	targets, err := r.Resolve(ctx, p.TargetHost(), p.Transport)
	if err != nil {
		return nil, err
	}
	var out []netip.Prefix
	for _, t := range targets {
		a := t.Addr.Addr().Unmap()
		pr := netip.PrefixFrom(a, a.BitLen())
		if !slices.Contains(out, pr) {
			out = append(out, pr)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNoAddress, p.Host)
	}
	return out, nil
}
