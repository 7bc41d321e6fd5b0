package registrar

import (
	"context"
	"net/netip"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Request is one SIP request accepted by the edge.
type Request interface {
	SIP() *sip.Request
	Transport() string      // "udp","tcp","tls","ws","wss"
	Source() netip.AddrPort // real packet source (RFC 3581 received/rport)
	Local() netip.AddrPort  // our listener that received it
	FlowID() uint64         // connection id for tcp/tls/ws/wss, 0 for udp
	// Respond answers the request; the edge copies Via/From/To(+tag)/Call-ID/CSeq and adds Content-Length.
	Respond(code int, reason string, hdrs ...sip.Header) error
	// AuthFailed reports one failed authentication from Source(): the edge counts it toward a ban.
	AuthFailed()
}

// Sender is the port the edge provides for requests we originate.
type Sender interface {
	SendRequest(ctx context.Context, transport string, local, remote netip.AddrPort, flowID uint64, req *sip.Request) error
}

// Store is the part of store.Store the registrar needs.
type Store interface {
	SaveRegistration(ctx context.Context, r store.Registration) error
	SaveRegistrations(ctx context.Context, rs []store.Registration) error
	DeleteRegistration(ctx context.Context, extension, contact string) error
	ListRegistrations(ctx context.Context) ([]store.Registration, error)
	DeleteExpiredRegistrations(ctx context.Context, now time.Time) (int, error)
}

// Directory answers who the extensions are; cmd adapts the snapshot watcher.
type Directory interface {
	Extension(number string) (store.Extension, bool)
}
