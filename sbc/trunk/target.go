package trunk

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Transport is how SIP reaches a target.
type Transport uint8

// Transports, and TransportAny for "no preference" in Resolve.
const (
	TransportAny Transport = iota
	TransportUDP
	TransportTCP
	TransportTLS
)

// String is the transport as in a Via header and the CLI ("udp", "tcp", "tls").
func (t Transport) String() string {
	switch t {
	case TransportUDP:
		return "udp"
	case TransportTCP:
		return "tcp"
	case TransportTLS:
		return "tls"
	}
	return "any"
}

// ParseTransport reads "udp", "tcp" or "tls" in any case; "" is TransportAny.
func ParseTransport(s string) (Transport, error) {
	switch strings.ToLower(s) {
	case "":
		return TransportAny, nil
	case "udp":
		return TransportUDP, nil
	case "tcp":
		return TransportTCP, nil
	case "tls":
		return TransportTLS, nil
	}
	return TransportAny, fmt.Errorf("%w: unknown transport %q", ErrInvalidProfile, s)
}

// DefaultPort is 5061 for TLS and 5060 otherwise (RFC 3261 §19.1.2).
func (t Transport) DefaultPort() uint16 {
	if t == TransportTLS {
		return 5061
	}
	return 5060
}

// srvPrefix is the SRV owner-name prefix for the transport (RFC 3263 §4.1).
func (t Transport) srvPrefix() string {
	switch t {
	case TransportUDP:
		return "_sip._udp."
	case TransportTCP:
		return "_sip._tcp."
	case TransportTLS:
		return "_sips._tcp."
	}
	return ""
}

// Target is one place to send a request, in failover order.
type Target struct {
	Transport Transport
	Addr      netip.AddrPort
	// Host is the SRV target (or the host itself) the address came from.
	// TLS still verifies the domain of the SIP URI (RFC 5922 §4), not Host.
	Host string
	// Priority and Weight are the SRV record's (RFC 2782); zero without SRV.
	Priority uint16
	Weight   uint16
	// Expires is when the shortest TTL on the chain that produced the
	// target runs out; resolve again after it.
	Expires time.Time
}

func (t Target) String() string {
	return t.Transport.String() + ":" + t.Addr.String()
}
