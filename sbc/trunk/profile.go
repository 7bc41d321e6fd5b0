package trunk

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"time"
)

// Kind is how the provider knows us.
type Kind string

const (
	// KindIP: the provider allows our source address (and may add digest
	// credentials on each INVITE); it sends calls to us from its ranges.
	KindIP Kind = "ip"
	// KindRegistration: we REGISTER to the provider with digest
	// credentials (RFC 3261 §10) and it sends calls to the registered
	// Contact.
	KindRegistration Kind = "registration"
)

// SRTPMode says whether media on the trunk leg is encrypted.
type SRTPMode string

// SRTP modes, as the CLI spells them.
const (
	SRTPOff      SRTPMode = "off"
	SRTPOptional SRTPMode = "optional"
	SRTPRequired SRTPMode = "required"
)

// SDES crypto suites (RFC 4568 §6.2).
const (
	SuiteAESCM128SHA1_80 = "AES_CM_128_HMAC_SHA1_80"
	SuiteAESCM128SHA1_32 = "AES_CM_128_HMAC_SHA1_32"
)

// Codec is one RTP payload format offered on the trunk leg.
type Codec struct {
	Name        string // encoding name as in a=rtpmap, e.g. "PCMU"
	PayloadType uint8
	ClockRate   int
}

// Profile is everything the SBC needs to talk to one trunk. It is a plain
// value: the store keeps it, a snapshot hands it out, nothing mutates it.
type Profile struct {
	// Preset names the preset that built the profile ("chime"), or "".
	Preset string
	Kind   Kind
	// Host is the provider's host name or address, resolved by RFC 3263.
	Host string
	// Port is 0 to let SRV decide, else the port to use (no SRV lookup).
	Port      uint16
	Transport Transport // TransportAny lets NAPTR/SRV decide
	// Username and Password are the digest credentials: required for
	// KindRegistration, optional termination credentials for KindIP.
	Username string
	Password string
	// RegisterExpiry is the Expires we ask for (KindRegistration).
	RegisterExpiry time.Duration

	SRTP         SRTPMode
	CryptoSuites []string // SDES suites offered, best first
	Codecs       []Codec  // in preference order
	PTime        time.Duration

	// OptionsInterval is the health ping period; 0 disables pings.
	OptionsInterval time.Duration
	// CPS is the provider's calls-per-second limit; 0 means none.
	CPS int
	// RequireE164 sends numbers only as +<country code><number>.
	RequireE164 bool
	// AllowedSources are the networks inbound requests may come from.
	// Empty allows nothing: a trunk fails closed.
	AllowedSources []netip.Prefix
	// Regions the allowed sources were taken from (informational).
	Regions []string
}

// Validate reports the first field that is missing or out of range.
func (p Profile) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidProfile, fmt.Sprintf(format, a...))
	}
	switch p.Kind {
	case KindIP, KindRegistration:
	default:
		return bad("kind %q is neither %q nor %q", p.Kind, KindIP, KindRegistration)
	}
	if p.Host == "" {
		return bad("no host")
	}
	if _, port, _, err := splitHost(p.Host); err != nil {
		return bad("host: %v", err)
	} else if port != 0 {
		return bad("host %q has a port; set Port", p.Host)
	}
	if p.Transport > TransportTLS {
		return bad("unknown transport %d", p.Transport)
	}
	if p.Kind == KindRegistration {
		if p.Username == "" || p.Password == "" {
			return bad("registration needs a username and a password")
		}
		if p.RegisterExpiry < time.Minute {
			return bad("register expiry %s is under 1m", p.RegisterExpiry)
		}
	}
	if (p.Username == "") != (p.Password == "") {
		return bad("username and password go together")
	}
	switch p.SRTP {
	case SRTPOff:
	case SRTPOptional, SRTPRequired:
		if len(p.CryptoSuites) == 0 {
			return bad("SRTP %s without a crypto suite", p.SRTP)
		}
		for _, s := range p.CryptoSuites {
			if s != SuiteAESCM128SHA1_80 && s != SuiteAESCM128SHA1_32 {
				return bad("unsupported crypto suite %q", s)
			}
		}
		// SDES keys travel in the SDP: without TLS anyone on the path
		// reads them (RFC 4568 §8.3).
		if p.SRTP == SRTPRequired && p.Transport != TransportTLS {
			return bad("SRTP required needs transport tls, have %s", p.Transport)
		}
	default:
		return bad("srtp %q is not off, optional or required", p.SRTP)
	}
	if len(p.Codecs) == 0 {
		return bad("no codecs")
	}
	for _, c := range p.Codecs {
		if c.Name == "" || c.PayloadType > 127 || c.ClockRate <= 0 {
			return bad("codec %+v", c)
		}
	}
	if p.PTime < 10*time.Millisecond || p.PTime > 120*time.Millisecond || p.PTime%(10*time.Millisecond) != 0 {
		return bad("ptime %s is not a multiple of 10ms within 10-120ms", p.PTime)
	}
	if p.OptionsInterval != 0 && p.OptionsInterval < time.Second {
		return bad("options interval %s is under 1s", p.OptionsInterval)
	}
	if p.CPS < 0 {
		return bad("negative CPS")
	}
	for _, pr := range p.AllowedSources {
		if !pr.IsValid() || pr != pr.Masked() {
			return bad("allowed source %s is not a network prefix", pr)
		}
	}
	return nil
}

// AllowsSource reports whether an inbound request from addr belongs to
// this trunk. An IPv4-mapped IPv6 address matches its IPv4 prefix.
func (p Profile) AllowsSource(addr netip.Addr) bool {
	addr = addr.Unmap()
	return slices.ContainsFunc(p.AllowedSources, func(pr netip.Prefix) bool { return pr.Contains(addr) })
}

// TargetHost is the host part for the Request-URI and for Resolve:
// "host" when Port is 0, "host:port" otherwise.
func (p Profile) TargetHost() string {
	if p.Port == 0 {
		return p.Host
	}
	return net.JoinHostPort(p.Host, strconv.Itoa(int(p.Port)))
}
