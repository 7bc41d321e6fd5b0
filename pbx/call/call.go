package call

import (
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/bridge"
	"github.com/dialtone-pbx/dialtone/media/relay"
	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/dialtone-pbx/dialtone/pbx/cdr"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// phase is where a call is.
type phase int

const (
	phaseRouting  phase = iota // authenticated, not forked yet
	phaseRinging               // B-legs forked, none answered
	phaseAnswered              // one B-leg answered and is bridged
	phaseEnded                 // outcome decided, CDR written; draining transactions
)

// evKind is what an event carries.
type evKind int

const (
	evInvite   evKind = iota // the call's first INVITE
	evRequest                // any later request on one of its Call-IDs
	evResponse               // a response to one of its requests
	evTimer                  // one of its timers fired
	evShutdown               // the switch stops
	evDigit                  // a DTMF digit the media path detected
	evFunc                   // a request of the API, run on the call's goroutine
)

type event struct {
	kind  evKind
	req   Request
	res   *sip.Response
	flow  Flow
	timer *timer
	digit digitEvent
	fn    func()
}

// call is one call: the A-leg, its B-legs and their media. Everything but
// the inbox and the published snapshot belongs to the call's goroutine.
type call struct {
	sw  *Switch
	id  string
	log *slog.Logger

	mu     sync.Mutex // guards queue and closed
	queue  []event
	closed bool
	signal chan struct{}

	snap atomic.Pointer[published]

	// Owned by the call's goroutine.
	phase                    phase
	started, answered, ended time.Time
	caller, callee           store.Extension
	dialled                  string
	a                        *leg
	legs                     []*leg // B-legs, in fork order
	winner, early            *leg
	link                     Link
	linkStats                [2]relay.LegStats
	reason                   cdr.Reason
	side                     cdr.Side
	txs                      map[string]*clientTx
	timers                   map[*timer]struct{}
	ring, session, refresh   *timer
	drain                    *timer
	relay                    *clientTx // the offer/answer being relayed, one at a time
	se                       sessionTimer
	sessInterval             time.Duration
	refresher                string
	lastProv                 *provisional // last provisional sent to the caller
	finished                 bool
	held                     bool // a side holds with a=inactive
	cdrWritten               bool
	aliases                  []string // Call-IDs bound to this call

	// Media plan (media/bridge): the caller's offer, what each leg
	// negotiated, the processors on the link, the digits seen.
	aOffer      *sdp.Session
	plan        *bridge.Plan
	procs       [2]*bridge.Processor
	digits      []Digit
	digitFilter [2]*bridge.DigitFilter // per side
	inject      [2]bool                // a side sent SIP INFO the other takes as RFC 4733
	moh         *holdMusic             // music on hold playing, if any
	rec         *recording             // the recording in progress, if any
	conf        *conference            // the conference room the caller is in, if any
	recordings  int                    // recordings started, for their file names

	// Trunks: the trunk an inbound call came from, the plan of an
	// outbound one and the target tried last, SDES keys per side.
	trunk    string
	outbound *OutboundCall
	trunkIdx int
	srtp     [2]*srtpLeg
}

// provisional is a provisional response we sent the caller, kept to
// answer a retransmitted INVITE the edge no longer caches.
type provisional struct {
	code   int
	reason string
	body   []byte
	hdrs   []sip.Header
}

func newCall(s *Switch, req Request, caller store.Extension, se sessionTimer) *call {
	m := req.SIP()
	c := &call{
		sw:      s,
		id:      cdr.NewID(s.now()),
		signal:  make(chan struct{}, 1),
		started: s.now(),
		caller:  caller,
		se:      se,
		txs:     make(map[string]*clientTx),
		timers:  make(map[*timer]struct{}),
	}
	f := Flow{Transport: req.Transport(), Local: req.Local(), Remote: req.Source(), ID: req.FlowID()}
	from, to := m.From(), m.To()
	a := &leg{
		role:       "a",
		callID:     string(*m.CallID()),
		localTag:   req.ToTag(),
		remoteTag:  tagOf(from.Params),
		localURI:   *to.Address.Clone(),
		remoteURI:  *from.Address.Clone(),
		remoteName: from.DisplayName,
		remoteCSeq: m.CSeq().SeqNo,
		flow:       f,
		state:      legCalling,
	}
	if ct := m.Contact(); ct != nil {
		a.remoteTarget = *ct.Address.Clone()
	} else {
		a.remoteTarget = *from.Address.Clone()
	}
	// RFC 3261 §12.1.1: the UAS's route set is the Record-Route, in order.
	for _, h := range m.GetHeaders("Record-Route") {
		if rr, ok := h.(*sip.RecordRouteHeader); ok {
			a.routeSet = append(a.routeSet, *rr.Address.Clone())
		}
	}
	a.host = hostOf(s.opts.PublicIP, f)
	a.mediaHost = s.mediaHost(a.host)
	a.origin = newOrigin()
	branch, _ := m.Via().Params.Get("branch")
	a.srv = &serverInvite{req: req, leg: a, branch: branch, cseq: m.CSeq().SeqNo, initial: true}
	c.a = a
	c.aliases = []string{a.callID}
	c.log = s.log.With("call_id", c.id, "a_call_id", a.callID, "caller", caller.Number)
	c.publish()
	return c
}

// mediaHost is our SDP address for a phone that reaches us on host.
func (s *Switch) mediaHost(host netip.Addr) netip.Addr {
	if s.opts.MediaAddr.IsValid() {
		return s.opts.MediaAddr
	}
	return host
}

// post queues ev for the call's goroutine; false when the call is gone.
func (c *call) post(ev event) bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	if ev.kind != evTimer && ev.kind != evShutdown && len(c.queue) >= DefaultInboxLimit {
		// A flood on one call: drop, as a lost datagram would be.
		c.mu.Unlock()
		return true
	}
	c.queue = append(c.queue, ev)
	c.mu.Unlock()
	select {
	case c.signal <- struct{}{}:
	default:
	}
	return true
}

func (c *call) pop() (event, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		return event{}, false
	}
	ev := c.queue[0]
	c.queue[0] = event{}
	c.queue = c.queue[1:]
	if len(c.queue) == 0 {
		c.queue = nil
	}
	return ev, true
}

// run is the call's goroutine: it handles events one at a time until the
// call has ended and its transactions are done.
func (c *call) run() {
	defer c.sw.wg.Done()
	for !c.finished {
		var inactive <-chan struct{}
		if c.link != nil && c.phase == phaseAnswered {
			inactive = c.link.Inactive()
		}
		select {
		case <-c.signal:
		case <-inactive:
			c.safely(func() {
				c.log.Info("no RTP for the inactivity timeout")
				c.hangup(cdr.ReasonRTPTimeout, cdr.SideSystem)
			})
			c.publish()
		}
		for !c.finished {
			ev, ok := c.pop()
			if !ok {
				break
			}
			c.safely(func() { c.handle(ev) })
			c.publish()
		}
	}
	c.close()
}

// safely runs f and turns a panic into an ended call: odd input must not
// take the process down.
func (c *call) safely(f func()) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("call control panicked; ending the call", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			func() {
				defer func() { _ = recover() }()
				if c.phase != phaseEnded {
					c.end(cdr.ReasonFailed, cdr.SideSystem)
				}
			}()
			c.finished = true
		}
	}()
	f()
}

func (c *call) handle(ev event) {
	switch ev.kind {
	case evInvite:
		c.onInvite(ev.req)
	case evRequest:
		c.onRequest(ev.req)
	case evResponse:
		c.onResponse(ev.res)
	case evTimer:
		c.onTimer(ev.timer)
	case evShutdown:
		c.shutdown()
	case evDigit:
		c.onDigit(ev.digit)
	case evFunc:
		ev.fn()
	}
}

// close unbinds the call and hands back what is still queued.
func (c *call) close() {
	c.mu.Lock()
	c.closed = true
	rest := c.queue
	c.queue = nil
	c.mu.Unlock()
	for t := range c.timers {
		c.sw.timers.stop(t)
	}
	clear(c.timers)
	if c.phase != phaseEnded {
		c.end(cdr.ReasonFailed, cdr.SideSystem)
	}
	c.releaseMedia()
	c.sw.unbindAll(c, c.aliases)
	// Requests that raced with the end: served again now that the call's
	// Call-IDs are free (a new INVITE starts a call, others get 481).
	for _, ev := range rest {
		if ev.kind == evRequest {
			c.sw.ServeRequest(ev.req)
		}
	}
	c.log.Debug("call freed")
}

// arm starts a timer of the call; set fills what it refers to.
func (c *call) arm(d time.Duration, kind timerKind, set func(*timer)) *timer {
	t := &timer{c: c, kind: kind}
	if set != nil {
		set(t)
	}
	c.timers[t] = struct{}{}
	c.sw.timers.add(t, d)
	return t
}

func (c *call) stop(t *timer) {
	if t == nil {
		return
	}
	delete(c.timers, t)
	c.sw.timers.stop(t)
}

func (c *call) onTimer(t *timer) {
	if _, ok := c.timers[t]; !ok {
		return // stopped after it fired
	}
	delete(c.timers, t)
	switch t.kind {
	case tRetransmit, tTimeout, tLinger:
		c.onTxTimer(t)
	case tSrvRetrans, tSrvGiveUp:
		c.onServerTimer(t)
	case tRing:
		if t == c.ring && c.phase == phaseRinging {
			c.log.Info("no answer within the ring timeout")
			for _, l := range c.legs {
				if l.status == 486 || l.status == 600 {
					// One phone said busy, the others never answered.
					c.fail(486, "Busy Here", cdr.ReasonBusy, cdr.SideCallee)
					return
				}
			}
			c.fail(480, "Temporarily Unavailable", cdr.ReasonNoAnswer, cdr.SideSystem)
		}
	case tSession:
		if t == c.session && c.phase == phaseAnswered {
			c.log.Info("session timer expired without refresh")
			c.hangup(cdr.ReasonSessionTimerExpired, cdr.SideSystem)
		}
	case tRefresh:
		if t == c.refresh && c.phase == phaseAnswered {
			c.sendRefresh()
		}
	case tCancelWait:
		if l := t.leg; l != nil && l.cancelWait == t {
			c.abandon(l)
		}
	case tDrain:
		if t == c.drain {
			c.finished = true
		}
	}
}

// bindCallID makes responses and requests with callID reach this call.
func (c *call) bindCallID(callID string) bool {
	if !c.sw.bind(callID, c) {
		return false
	}
	c.aliases = append(c.aliases, callID)
	return true
}

// legOf finds the leg with this Call-ID.
func (c *call) legOf(callID string) *leg {
	if c.a.callID == callID {
		return c.a
	}
	for _, l := range c.legs {
		if l.callID == callID {
			return l
		}
	}
	return nil
}

// other is the leg across the bridge from l.
func (c *call) other(l *leg) *leg {
	if l == c.a {
		return c.winner
	}
	return c.a
}

// end records the outcome once: stops media and timers of the call, and
// writes the CDR durably before anything is freed.
func (c *call) end(reason cdr.Reason, side cdr.Side) {
	if c.phase == phaseEnded {
		return
	}
	c.phase = phaseEnded
	c.reason, c.side = reason, side
	c.ended = c.sw.now()
	for _, t := range []*timer{c.ring, c.session, c.refresh} {
		c.stop(t)
	}
	c.ring, c.session, c.refresh = nil, nil, nil
	// Media is over with the call: its ports go back to the pool now, not
	// when the last transaction lingers out (up to 64*T1 later).
	c.releaseMedia()
	// Requests of one leg still waiting for the other's answer get none.
	for _, tx := range c.txs {
		if tx.origin != nil {
			_ = tx.origin.Respond(487, "Request Terminated")
			tx.origin = nil
		}
		if tx.srv != nil && tx.srv.code == 0 {
			c.respondFinal(tx.srv, 487, "Request Terminated", "", nil)
		}
	}
	// A 2xx INVITE transaction only stays to re-ACK retransmitted 2xx
	// (§13.2.2.4): the dialog is over, so that is moot.
	for k, tx := range c.txs {
		if tx.method == sip.INVITE && tx.state == txTerminated && tx.final < 300 {
			c.stop(tx.linger)
			delete(c.txs, k)
		}
	}
	c.writeCDR()
	c.log.Info("call ended", "reason", reason.String(), "side", side.String(),
		"answered", !c.answered.IsZero(), "duration", c.ended.Sub(c.started).Round(time.Millisecond))
	// Bounded drain: the last transactions (BYE, CANCEL, ACK absorption)
	// get 64*T1, then the call is freed whatever is left.
	c.drain = c.arm(64*c.sw.opts.T1+c.sw.opts.T2, tDrain, nil)
	c.maybeFinish()
}

// maybeFinish frees the call once it ended and nothing is pending.
func (c *call) maybeFinish() {
	if c.phase != phaseEnded {
		return
	}
	if len(c.txs) > 0 {
		return
	}
	if c.a.srv != nil && c.a.srv.pending() {
		return
	}
	for _, l := range c.legs {
		if l.srv != nil && l.srv.pending() {
			return
		}
	}
	c.finished = true
}

// releaseMedia closes every endpoint still held.
func (c *call) releaseMedia() {
	c.stopHoldMusic()
	c.stopRecording()
	c.leaveConference()
	if c.link != nil {
		c.linkStats[0], c.linkStats[1] = c.link.Stats()
		_ = c.link.Close()
		c.link = nil
	}
	for _, l := range append([]*leg{c.a}, c.legs...) {
		if l.ep != nil {
			_ = l.ep.Close()
			l.ep = nil
		}
	}
}

// writeCDR writes the call's record through the durable writer.
func (c *call) writeCDR() {
	if c.cdrWritten {
		return
	}
	c.cdrWritten = true
	rec := c.cdr()
	ctx, cancel := context.WithTimeout(context.Background(), c.sw.opts.CDRTimeout)
	defer cancel()
	if err := c.sw.cdrs.Write(ctx, rec); err != nil {
		c.sw.mu.Lock()
		c.sw.stats.CDRFailures++
		c.sw.mu.Unlock()
		c.log.Error("CDR not written", "err", err, "cdr_id", rec.ID)
		return
	}
}

// shutdown hangs the call up at once for a stopping node; it does not
// wait for answers.
func (c *call) shutdown() {
	switch c.phase {
	case phaseRouting, phaseRinging:
		c.fail(503, "Service Unavailable", cdr.ReasonShutdown, cdr.SideSystem)
	case phaseAnswered:
		c.hangup(cdr.ReasonShutdown, cdr.SideSystem)
	}
	c.finished = true
}
