package call

import (
	"context"
	"net/netip"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/relay"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Request is one SIP request accepted by the edge (*sbc.Request satisfies
// it). It may be kept and answered later from another goroutine.
type Request interface {
	SIP() *sip.Request
	Transport() string      // "udp", "tcp", "tls", "ws", "wss"
	Source() netip.AddrPort // real packet source (RFC 3581)
	Local() netip.AddrPort  // our listener that received it
	FlowID() uint64         // connection id for tcp/tls/ws/wss, 0 for udp
	// Respond answers from the request's own Via/From/To/Call-ID/CSeq; the
	// edge adds the To tag (see ToTag) and answers UDP retransmissions of
	// the request with the last response sent.
	Respond(code int, reason string, hdrs ...sip.Header) error
	RespondBody(code int, reason, contentType string, body []byte, hdrs ...sip.Header) error
	// ToTag is the tag of every response above 100 to this request.
	ToTag() string
	// AuthFailed counts one failed authentication from Source toward a ban.
	AuthFailed()
}

// Sender is the edge's port for requests we originate: it completes the
// top Via (with a new branch), Max-Forwards, User-Agent and Content-Length
// in place and sends statelessly over the given flow.
type Sender interface {
	SendRequest(ctx context.Context, transport string, local, remote netip.AddrPort, flowID uint64, req *sip.Request) error
}

// Locator answers where an extension's phones are registered
// (*registrar.Registrar).
type Locator interface {
	Lookup(extension string) []registrar.Contact
}

// Directory answers who the extensions are (the configuration snapshot).
type Directory interface {
	Extension(number string) (store.Extension, bool)
}

// CDRWriter records call detail records durably: when Write returns nil
// the record survives a crash (pbx/cdr's writer).
type CDRWriter interface {
	Write(ctx context.Context, c store.CDR) error
}

// Flow is the path a message came by, or the one a request must take: the
// transport, our local address, the peer's address and, for connections,
// the connection's id. It has the fields of sbc.Flow, so cmd converts one
// into the other.
type Flow struct {
	Transport string         `json:"transport"`
	Local     netip.AddrPort `json:"local"`
	Remote    netip.AddrPort `json:"remote"`
	ID        uint64         `json:"id,omitempty"`
}

// reliable reports whether the transport retransmits by itself
// (RFC 3261 §17: no Timer A/E/G over TCP, TLS or WebSocket).
func (f Flow) reliable() bool { return f.Transport != "udp" }

// Media is what call control needs from the RTP relay (media/relay,
// adapted by Relay): endpoints to put in SDP and a bridge between two of
// them. Call control never touches a media socket itself.
type Media interface {
	// Allocate reserves an RTP/RTCP port pair.
	Allocate() (Endpoint, error)
	// Bridge relays packets between a and b until the link is closed; a
	// previous link of either endpoint is closed first.
	Bridge(a, b Endpoint) (Link, error)
}

// Endpoint is one relay port pair (RTP on Port, RTCP on Port+1);
// *relay.Endpoint satisfies it.
type Endpoint interface {
	Port() uint16
	// SetRemote tells where the phone said it receives media; the relay
	// latches to where packets really come from (symmetric RTP).
	SetRemote(addr netip.AddrPort)
	// Latched is the address the phone's packets come from, once known.
	Latched() netip.AddrPort
	// Send sends one RTP packet to the phone (music on hold, prompts).
	Send(pkt []byte) error
	Close() error
}

// Link relays between two endpoints; *relay.Link satisfies it.
type Link interface {
	// Stats returns the figures of each side: a for the first endpoint's
	// phone, b for the second's.
	Stats() (a, b relay.LegStats)
	// Inactive is closed when no RTP flowed for the inactivity timeout.
	Inactive() <-chan struct{}
	// SetProcessor puts p (nil: none) on the packets of side from (0: the
	// first endpoint's phone) before they reach the other side.
	SetProcessor(from int, p relay.Processor)
	// Mute drops what the first (fromA) or second (fromB) phone sends.
	Mute(fromA, fromB bool)
	Close() error
}
