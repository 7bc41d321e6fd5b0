package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/sbc"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// RFC 3261 §17.1.2.2 timers of a non-INVITE client transaction over UDP:
// the request is sent again after T1, doubling up to T2, until a final
// response (Timer F, the caller's context, ends it).
const (
	probeT1 = 500 * time.Millisecond
	probeT2 = 4 * time.Second
)

// probeEdge is what the prober needs of the SIP edge (*sbc.Edge).
type probeEdge interface {
	SendRequest(ctx context.Context, transport string, local, remote netip.AddrPort, flowID uint64, req *sip.Request) error
	Dial(ctx context.Context, transport string, remote netip.AddrPort, serverName string) (sbc.Flow, error)
}

// optionsProber pings trunks with OPTIONS (RFC 3261 §11) over the edge:
// from the UDP listener, or over the trunk's TCP/TLS connection (opened by
// the edge's Dial and kept, so the pings also keep it alive). It is
// trunk.Prober; the edge's responses reach it through HandleResponse.
type optionsProber struct {
	edge     probeEdge
	fromHost func() string // the From host: our public or local address
	log      *slog.Logger
	t1, t2   time.Duration

	pending *answerWaiters
}

var _ trunk.Prober = (*optionsProber)(nil)

func newOptionsProber(edge probeEdge, fromHost func() string, log *slog.Logger) *optionsProber {
	return &optionsProber{edge: edge, fromHost: fromHost, log: log, t1: probeT1, t2: probeT2,
		pending: newAnswerWaiters(sip.OPTIONS)}
}

// Options sends one OPTIONS to target and returns the final response's
// code and the time from the first send to it. It fails when the
// connection cannot be opened, the request cannot be sent, or ctx ends
// first (the error then wraps ctx's).
func (p *optionsProber) Options(ctx context.Context, target trunk.Target) (int, time.Duration, error) {
	transport := target.Transport.String()
	if target.Transport == trunk.TransportAny {
		transport = "udp"
	}
	callID := rand.Text()
	answers, done := p.pending.wait(callID)
	defer done()

	var (
		flow  sbc.Flow
		req   *sip.Request
		start time.Time
	)
	for attempt := 0; ; attempt++ {
		flow = sbc.Flow{Transport: transport, Remote: target.Addr}
		if transport != "udp" {
			f, err := p.edge.Dial(ctx, transport, target.Addr, target.Host)
			if err != nil {
				return 0, 0, err
			}
			flow = f
		}
		req = p.request(target, transport, callID)
		start = time.Now()
		err := p.edge.SendRequest(ctx, flow.Transport, flow.Local, flow.Remote, flow.ID, req)
		if err == nil {
			break
		}
		if attempt == 0 && transport != "udp" && errors.Is(err, sbc.ErrFlowClosed) {
			continue // the kept connection closed just now: open another
		}
		return 0, 0, err
	}
	// The edge put our Via in; a response is ours only with its branch
	// (RFC 3261 §17.1.3).
	branch, _ := req.Via().Params.Get("branch")
	var (
		timer    *time.Timer
		resend   <-chan time.Time // UDP only: streams are reliable
		interval = p.t1
	)
	if transport == "udp" {
		timer = time.NewTimer(interval)
		defer timer.Stop()
		resend = timer.C
	}
	for {
		select {
		case res := <-answers:
			if code, ok := final(res, branch); ok {
				return code, time.Since(start), nil
			}
		case <-resend:
			interval = min(2*interval, p.t2)
			timer.Reset(interval)
			if err := p.edge.SendRequest(ctx, flow.Transport, flow.Local, flow.Remote, flow.ID, req); err != nil {
				return 0, 0, err
			}
		case <-ctx.Done():
			return 0, 0, fmt.Errorf("OPTIONS to %s: %w", target, ctx.Err())
		}
	}
}

// final reports a final response to the request with this branch.
func final(res *sip.Response, branch string) (int, bool) {
	via := res.Via()
	if via == nil {
		return 0, false
	}
	if b, _ := via.Params.Get("branch"); b != branch || res.StatusCode < 200 {
		return 0, false
	}
	return res.StatusCode, true
}

// HandleResponse takes the responses to our pings (by Call-ID and CSeq
// method; the branch is checked by the waiting ping) and reports whether
// res was one.
func (p *optionsProber) HandleResponse(res *sip.Response) bool { return p.pending.deliver(res) }

// request builds the OPTIONS of RFC 3261 §11.1: to the trunk's domain
// (the port only for an address), Accept: application/sdp; the edge adds
// Via, Max-Forwards, User-Agent and Content-Length.
func (p *optionsProber) request(t trunk.Target, transport, callID string) *sip.Request {
	host := t.Host
	uri := sip.Uri{Scheme: "sip", Host: host}
	if a, err := netip.ParseAddr(host); host == "" || err == nil {
		if host == "" {
			a = t.Addr.Addr()
		}
		host = a.String()
		if a.Is6() {
			host = "[" + host + "]"
		}
		uri = sip.Uri{Scheme: "sip", Host: host, Port: int(t.Addr.Port())}
	}
	if transport != "udp" {
		uri.UriParams = sip.NewParams()
		uri.UriParams.Add("transport", transport)
	}
	req := sip.NewRequest(sip.OPTIONS, uri)
	from := "localhost"
	if p.fromHost != nil {
		if h := p.fromHost(); h != "" {
			from = h
			if a, err := netip.ParseAddr(h); err == nil && a.Is6() {
				from = "[" + h + "]"
			}
		}
	}
	req.AppendHeader(&sip.FromHeader{Address: sip.Uri{Scheme: "sip", User: "dialtone", Host: from},
		Params: sip.HeaderParams{{K: "tag", V: rand.Text()[:16]}}})
	req.AppendHeader(&sip.ToHeader{Address: sip.Uri{Scheme: "sip", Host: host}})
	cid := sip.CallIDHeader(callID)
	req.AppendHeader(&cid)
	req.AppendHeader(&sip.CSeqHeader{SeqNo: 1, MethodName: sip.OPTIONS})
	req.AppendHeader(sip.NewHeader("Accept", "application/sdp"))
	return req
}
