package call

import (
	"net"
	"net/netip"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// legState is where a leg's dialog is.
type legState int

const (
	legCalling    legState = iota // B: INVITE sent, nothing received
	legEarly                      // B: a provisional received (A: ringing)
	legConfirmed                  // 2xx exchanged
	legFailed                     // B: a final non-2xx, a timeout or an error
	legTerminated                 // BYE done, cancelled, or given up
)

func (s legState) String() string {
	switch s {
	case legCalling:
		return "calling"
	case legEarly:
		return "early"
	case legConfirmed:
		return "confirmed"
	case legFailed:
		return "failed"
	case legTerminated:
		return "terminated"
	}
	return "unknown"
}

// leg is one dialog of a call: the caller's (role "a") or one fork towards
// a phone of the callee (role "b"). Only the call's goroutine touches it.
type leg struct {
	role string // "a" or "b"
	n    int    // fork number of a B-leg

	// Dialog identifiers and routing (RFC 3261 §12).
	callID, localTag, remoteTag string
	localURI, remoteURI         sip.Uri
	localName, remoteName       string
	localCSeq, remoteCSeq       uint32
	remoteTarget                sip.Uri
	routeSet                    []sip.Uri
	flow                        Flow       // where requests to the phone go
	host                        netip.Addr // our address as this phone sees it
	mediaHost                   netip.Addr // our media address for this phone
	state                       legState
	status                      int    // B: the final status received
	contact                     string // B: the registered contact URI

	// Media.
	ep      Endpoint
	origin  sdpOrigin
	remote  sdpInfo      // the phone's last SDP
	sentSDP []byte       // the SDP we last sent the phone
	offered *sdp.Session // B: the offer we sent, before anchoring
	trunk   *trunkLeg    // B: a leg towards a trunk

	// B-leg INVITE and its cancellation.
	invite       *clientTx
	provisional  bool // a provisional response arrived: CANCEL is allowed (§9.1)
	cancelWanted bool // cancel as soon as a provisional arrives
	cancelSent   bool
	cancelWait   *timer
	ack          *sip.Request // our ACK to its 2xx, resent on a retransmitted 2xx

	srv     *serverInvite // an INVITE from the phone awaiting its final or ACK
	byeSent bool
}

// live reports whether the leg may still answer or talk.
func (l *leg) live() bool { return l.state < legFailed }

// ourContact is the Contact of requests and responses towards this leg.
func (l *leg) ourContact() *sip.ContactHeader {
	u := sip.Uri{Scheme: "sip", Host: l.host.String(), Port: int(l.flow.Local.Port())}
	if l.flow.Transport != "udp" {
		u.UriParams = sip.NewParams()
		u.UriParams.Add("transport", l.flow.Transport)
	}
	return &sip.ContactHeader{Address: u}
}

// request builds a request within the leg's dialog, or the initial INVITE
// of a B-leg (RFC 3261 §12.2.1.1, §8.1.1): Request-URI the remote target,
// Route the route set, From/To/Call-ID of the dialog, CSeq cseq. The edge
// adds Via, Max-Forwards, User-Agent and Content-Length.
func (l *leg) request(method sip.RequestMethod, cseq uint32) *sip.Request {
	req := sip.NewRequest(method, *l.remoteTarget.Clone())
	for i := range l.routeSet {
		req.AppendHeader(&sip.RouteHeader{Address: *l.routeSet[i].Clone()})
	}
	from := &sip.FromHeader{DisplayName: l.localName, Address: *l.localURI.Clone(), Params: sip.NewParams()}
	from.Params.Add("tag", l.localTag)
	to := &sip.ToHeader{DisplayName: l.remoteName, Address: *l.remoteURI.Clone(), Params: sip.NewParams()}
	if l.remoteTag != "" {
		to.Params.Add("tag", l.remoteTag)
	}
	callID := sip.CallIDHeader(l.callID)
	req.AppendHeader(from)
	req.AppendHeader(to)
	req.AppendHeader(&callID)
	req.AppendHeader(&sip.CSeqHeader{SeqNo: cseq, MethodName: method})
	mf := sip.MaxForwardsHeader(70)
	req.AppendHeader(&mf)
	return req
}

// next builds a new in-dialog request with the next local CSeq.
func (l *leg) next(method sip.RequestMethod) *sip.Request {
	l.localCSeq++
	return l.request(method, l.localCSeq)
}

// hopRequest builds CANCEL or the ACK of a non-2xx final for inv: the same
// Request-URI, top Via (so the same branch), Route, From, Call-ID and CSeq
// number (RFC 3261 §9.1, §17.1.1.3); the ACK's To is the response's.
func hopRequest(method sip.RequestMethod, inv *sip.Request, to *sip.ToHeader) *sip.Request {
	req := sip.NewRequest(method, *inv.Recipient.Clone())
	req.AppendHeader(inv.Via().Clone())
	for _, r := range inv.GetHeaders("Route") {
		req.AppendHeader(sip.HeaderClone(r))
	}
	req.AppendHeader(sip.HeaderClone(inv.From()))
	if to == nil {
		to = inv.To()
	}
	req.AppendHeader(sip.HeaderClone(to))
	req.AppendHeader(sip.HeaderClone(inv.CallID()))
	req.AppendHeader(&sip.CSeqHeader{SeqNo: inv.CSeq().SeqNo, MethodName: method})
	mf := sip.MaxForwardsHeader(70)
	req.AppendHeader(&mf)
	return req
}

// setDialog records what a 1xx/2xx with a tag, or a request, tells of the
// peer's side of the dialog: target and route set (RFC 3261 §12.1.2: the
// UAC's route set is the Record-Route of the response, reversed).
func (l *leg) setDialogFromResponse(res *sip.Response) {
	if tag := tagOf(res.To().Params); tag != "" {
		l.remoteTag = tag
	}
	if ct := res.Contact(); ct != nil {
		l.remoteTarget = *ct.Address.Clone()
	}
	rr := res.GetHeaders("Record-Route")
	l.routeSet = l.routeSet[:0]
	for i := len(rr) - 1; i >= 0; i-- {
		if h, ok := rr[i].(*sip.RecordRouteHeader); ok {
			l.routeSet = append(l.routeSet, *h.Address.Clone())
		}
	}
}

// hostOf is the address a phone reaches us on for a flow: the public IP,
// the listener's address, or for a wildcard listener the address the
// kernel uses towards the phone.
func hostOf(public netip.Addr, f Flow) netip.Addr {
	if public.IsValid() {
		return public
	}
	if a := f.Local.Addr(); a.IsValid() && !a.IsUnspecified() {
		return a.Unmap()
	}
	if c, err := net.DialUDP("udp", nil, net.UDPAddrFromAddrPort(f.Remote)); err == nil {
		defer c.Close()
		if ua, ok := c.LocalAddr().(*net.UDPAddr); ok {
			if a, ok := netip.AddrFromSlice(ua.IP); ok {
				return a.Unmap()
			}
		}
	}
	return netip.IPv4Unspecified()
}

// uriOf parses a SIP URI.
func uriOf(s string) (sip.Uri, bool) {
	var u sip.Uri
	if err := sip.ParseUri(s, &u); err != nil || u.Host == "" {
		return sip.Uri{}, false
	}
	return u, true
}

func userURI(user string, host netip.Addr) sip.Uri {
	return sip.Uri{Scheme: "sip", User: user, Host: host.String()}
}
