package call

import (
	"context"
	"errors"
	"net/netip"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Trunks is what call control needs to reach the telephone network through
// SIP trunks; cmd/dialtone adapts the configuration snapshot (trunks, DIDs,
// outbound routes), the RFC 3263 resolver and the trunks' health to it.
type Trunks interface {
	// Source names the trunk whose allowed networks contain src, the
	// source of an out-of-dialog request.
	Source(src netip.Addr) (trunk string, ok bool)
	// Outbound plans a call by caller to what it dialled when no extension
	// has the number: the number and caller ID to send, and the targets
	// to try in order (failover). It fails with an *OutboundError.
	Outbound(ctx context.Context, caller store.Extension, dialled string) (OutboundCall, error)
}

// OutboundCall is a call to the PSTN as the dialplan decided it.
type OutboundCall struct {
	Route     string // the outbound route that matched
	Number    string // what goes in the Request-URI and To: E.164 (+...) or as the route rewrote it
	CallerID  string // the From user: the extension's or the trunk's E.164 number
	Emergency bool
	Targets   []TrunkTarget
}

// TrunkTarget is one place a trunk call may go, in failover order.
type TrunkTarget struct {
	Trunk     string
	Transport string         // "udp", "tcp" or "tls"
	Addr      netip.AddrPort // resolved (RFC 3263)
	Host      string         // the trunk's domain: Request-URI host, TLS server name
	Username  string         // digest credentials for the trunk's challenge, if any
	Password  string
	SRTP      string   // "off", "optional" or "required" (RFC 4568 SDES)
	Suites    []string // SDES suites to offer, best first (empty: every suite Dialtone has)
}

// OutboundError is a call the dialplan refuses or cannot place: the SIP
// status the caller gets and why.
type OutboundError struct {
	Code   int // 403 forbidden class, 404 no route, 503 no trunk usable
	Reason string
}

func (e *OutboundError) Error() string { return e.Reason }

// Dialer opens connections for trunks over TCP or TLS (the edge, *sbc.Edge):
// the flow is then used like one a phone opened.
type Dialer interface {
	Dial(ctx context.Context, transport string, remote netip.AddrPort, serverName string) (Flow, error)
}

// errNoDialer: a TCP or TLS trunk with an edge that cannot dial.
var errNoDialer = errors.New("call: the edge cannot open TCP/TLS connections")
