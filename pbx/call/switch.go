// Package call is Dialtone's B2BUA call control: for each call it keeps the
// caller's dialog (the A-leg) and one dialog per registered phone of the
// callee (the B-legs, forked in parallel), relays what one leg says to the
// other without letting any of its signalling through (topology hiding),
// anchors media on relay endpoints, runs the RFC 3261 transactions and
// timers the edge does not, and writes a CDR for every attempt before the
// call is forgotten. See README.md for the design.
package call

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/play"
	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Defaults applied by New to zero Options fields.
const (
	DefaultT1             = 500 * time.Millisecond // RFC 3261 §17.1.1.1: RTT estimate
	DefaultT2             = 4 * time.Second        // longest non-INVITE retransmit interval
	DefaultMinSE          = 90 * time.Second       // RFC 4028 §4: smallest Session-Expires
	DefaultSessionExpires = 30 * time.Minute       // RFC 4028 §4 recommends 1800 s
	DefaultSendTimeout    = 2 * time.Second        // one write to a stream flow
	DefaultCDRTimeout     = 10 * time.Second       // one durable CDR write
	DefaultInboxLimit     = 256                    // queued network events per call
)

// Options configure a Switch. Zero values take the defaults.
type Options struct {
	Node       string             // recorded in CDRs
	Realm      string             // digest realm of INVITE challenges (the registrar's)
	NonceKey   []byte             // ≥16 bytes, or empty for a random per-process key
	Algorithms []digest.Algorithm // offered in Proxy-Authenticate, preferred first (default MD5)

	// PublicIP is advertised in Contact and SDP when set; otherwise the
	// address the phone reached us on (a wildcard listener: the address the
	// kernel uses towards the phone).
	PublicIP netip.Addr
	// MediaAddr, when set, is the address put in SDP instead (a separate
	// media interface).
	MediaAddr netip.Addr

	// RingTimeout applies when the callee's extension sets none (30 s).
	RingTimeout time.Duration
	// MinSE is the smallest session interval accepted (422 below it);
	// SessionExpires the interval granted when the caller asks for none.
	MinSE, SessionExpires time.Duration
	// RTPTimeout is the relay's inactivity timeout, restored when a call
	// held with a=inactive resumes (the hold stretches it).
	RTPTimeout time.Duration
	// AlertInfo passes the caller's Alert-Info to the B-legs.
	AlertInfo bool

	// Codecs is the order in which Dialtone offers a callee the codecs it
	// can transcode to, after the caller's own (media/bridge); empty:
	// DefaultCodecs.
	Codecs []string
	// OnDigit, when set, receives every DTMF digit of every call, however
	// the phone sent it (RFC 4733, SIP INFO, in-band). It runs on the
	// call's goroutine and must not block.
	OnDigit func(Digit)
	// HoldMusic, when set, opens the music played to a phone whose other
	// side holds the call (a looping media/play Source); the hold is then
	// answered here and not passed on. Nil passes holds on.
	HoldMusic func() (play.Source, error)
	// RecordDir is where call recordings go (Switch.Record, RecordAll).
	RecordDir string
	// RecordAll records every answered call.
	RecordAll bool
	// Trunks, when set, connects calls to and from SIP trunks: requests
	// from a trunk's networks need no digest authentication and are routed
	// by DID; numbers no extension has go out through the routes' trunks.
	Trunks Trunks
	// Prompts, when set, opens a shipped prompt by name (media/prompts) as
	// a Source to play once: conference rooms greet each participant with
	// "conference-joined".
	Prompts func(name string) (play.Source, error)
	// Conference, when set, says which dialled numbers that are no
	// extension are conference rooms: callers are answered and mixed
	// (media/mix), each hearing the others.
	Conference func(number string) bool
	// WebRTC, when set, terminates browsers' media (ICE, DTLS-SRTP): a
	// caller whose offer is WebRTC and a callee registered over WebSocket
	// get a session of it instead of a relay endpoint (webrtc.go).
	WebRTC WebRTC

	// Route decides where a dialled number goes (default dialplan.Route).
	Route func(dialplan.Input) dialplan.Decision

	T1, T2      time.Duration // RFC 3261 timers (tests shorten them)
	SendTimeout time.Duration
	CDRTimeout  time.Duration

	Logger *slog.Logger
	Clock  func() time.Time
}

func (o Options) withDefaults() Options {
	if o.T1 <= 0 {
		o.T1 = DefaultT1
	}
	if o.T2 <= 0 {
		o.T2 = DefaultT2
	}
	if o.T2 < o.T1 {
		o.T2 = o.T1
	}
	if o.RingTimeout <= 0 {
		o.RingTimeout = store.DefaultRingTimeout
	}
	if o.MinSE <= 0 {
		o.MinSE = DefaultMinSE
	}
	if o.SessionExpires <= 0 {
		o.SessionExpires = DefaultSessionExpires
	}
	if o.SessionExpires < o.MinSE {
		o.SessionExpires = o.MinSE
	}
	if o.SendTimeout <= 0 {
		o.SendTimeout = DefaultSendTimeout
	}
	if o.CDRTimeout <= 0 {
		o.CDRTimeout = DefaultCDRTimeout
	}
	if len(o.Algorithms) == 0 {
		o.Algorithms = []digest.Algorithm{digest.MD5}
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// Switch is the B2BUA: it serves INVITE, ACK, CANCEL, BYE, INFO and UPDATE
// from the edge, matches the responses to the requests it sent, and keeps
// every call. All methods are safe for concurrent use.
type Switch struct {
	opts  Options
	log   *slog.Logger
	now   func() time.Time
	dir   Directory
	loc   Locator
	send  Sender
	media Media
	cdrs  CDRWriter
	route func(dialplan.Input) dialplan.Decision

	auth     *digest.Authenticator
	dummyHA1 [2]string // MD5, SHA-256: unknown callers fail like wrong passwords

	timers *timerHeap
	wg     sync.WaitGroup // call goroutines

	rooms *rooms // conferences in progress

	mu       sync.Mutex
	calls    map[string]*call // by internal id
	byCallID map[string]*call // every Call-ID of every leg
	closing  bool
	stats    Stats
}

// Stats are the Switch's counters.
type Stats struct {
	Calls       uint64 `json:"calls"`        // INVITEs that became calls
	Answered    uint64 `json:"answered"`     // calls answered
	Active      int    `json:"active"`       // calls in memory now
	AuthFailed  uint64 `json:"auth_failed"`  // INVITEs with wrong credentials
	Rejected    uint64 `json:"rejected"`     // INVITEs refused before routing (400, 403, 420, 422, 503)
	NoDialog    uint64 `json:"no_dialog"`    // in-dialog requests for unknown dialogs (481)
	CDRFailures uint64 `json:"cdr_failures"` // CDRs the writer refused
	Timers      int    `json:"timers"`       // pending timers
}

// New returns a Switch. dir, loc, send and cdrs are required; media may be
// nil, in which case SDP passes through unanchored (tests only).
func New(dir Directory, loc Locator, send Sender, media Media, cdrs CDRWriter, opts Options) *Switch {
	opts = opts.withDefaults()
	key := opts.NonceKey
	if len(key) == 0 {
		key = []byte(rand.Text())
	}
	s := &Switch{
		opts:     opts,
		log:      opts.Logger.With("component", "call"),
		now:      opts.Clock,
		dir:      dir,
		loc:      loc,
		send:     send,
		media:    media,
		cdrs:     cdrs,
		route:    opts.Route,
		auth:     digest.New(opts.Realm, key, digest.WithClock(opts.Clock)),
		timers:   newTimerHeap(opts.Clock),
		rooms:    &rooms{log: opts.Logger.With("component", "conference")},
		calls:    make(map[string]*call),
		byCallID: make(map[string]*call),
	}
	if s.route == nil {
		s.route = dialplan.Route
	}
	secret := rand.Text()
	s.dummyHA1[0] = digest.HA1(digest.MD5, "-", opts.Realm, secret)
	s.dummyHA1[1] = digest.HA1(digest.SHA256, "-", opts.Realm, secret)
	return s
}

// Run fires the timers of every call until ctx ends. When ctx ends with
// calls still up, they are hung up as by Shutdown.
func (s *Switch) Run(ctx context.Context) error {
	s.timers.run(ctx)
	s.mu.Lock()
	left := len(s.calls)
	s.mu.Unlock()
	if left > 0 {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.CDRTimeout)
		defer cancel()
		_ = s.Shutdown(sctx)
	}
	return ctx.Err()
}

// Shutdown refuses new calls, hangs up every call (BYE, CANCEL or a final
// response; reason Shutdown), writes their CDRs and waits for their
// goroutines, or for ctx.
func (s *Switch) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	calls := make([]*call, 0, len(s.calls))
	for _, c := range s.calls {
		calls = append(calls, c)
	}
	s.mu.Unlock()
	for _, c := range calls {
		c.post(event{kind: evShutdown})
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
		s.rooms.stopAll() // every participant has left; nothing should run
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Calls returns the state of every call in progress, oldest first.
func (s *Switch) Calls() []State {
	s.mu.Lock()
	out := make([]State, 0, len(s.calls))
	for _, c := range s.calls {
		if p := c.snap.Load(); p != nil && p.st.Phase != PhaseEnded {
			out = append(out, p.current())
		}
	}
	s.mu.Unlock()
	slices.SortFunc(out, func(a, b State) int {
		if c := a.StartedAt.Compare(b.StartedAt); c != 0 {
			return c
		}
		return compareStrings(a.ID, b.ID)
	})
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Stats returns the counters.
func (s *Switch) Stats() Stats {
	s.mu.Lock()
	st := s.stats
	st.Active = len(s.calls)
	s.mu.Unlock()
	st.Timers = s.timers.len()
	return st
}

// HandleResponse takes a response the edge received and reports whether it
// belongs to one of our calls (matched by Call-ID, then by the top Via
// branch and CSeq method in the call's transactions). Others are left to
// the caller (the registrar's keep-alives).
func (s *Switch) HandleResponse(res *sip.Response, flow Flow) bool {
	if res == nil {
		return false
	}
	id := res.CallID()
	if id == nil {
		return false
	}
	s.mu.Lock()
	c := s.byCallID[string(*id)]
	s.mu.Unlock()
	if c == nil {
		return false
	}
	c.post(event{kind: evResponse, res: res, flow: flow})
	return true
}

// bind makes callID route to c; it fails when another call has it.
func (s *Switch) bind(callID string, c *call) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if o, ok := s.byCallID[callID]; ok && o != c {
		return false
	}
	s.byCallID[callID] = c
	return true
}

func (s *Switch) unbindAll(c *call, ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if s.byCallID[id] == c {
			delete(s.byCallID, id)
		}
	}
	delete(s.calls, c.id)
}

// release unbinds callID from c (c keeps its other Call-IDs).
func (s *Switch) release(callID string, c *call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.byCallID[callID] == c {
		delete(s.byCallID, callID)
	}
}

func (s *Switch) lookup(callID string) *call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byCallID[callID]
}
