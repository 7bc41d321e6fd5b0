package call

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/bridge"
	"github.com/dialtone-pbx/dialtone/media/codec"
	"github.com/dialtone-pbx/dialtone/media/mix"
	"github.com/dialtone-pbx/dialtone/media/play"
	"github.com/dialtone-pbx/dialtone/media/relay"
	"github.com/dialtone-pbx/dialtone/media/sdp"
	"github.com/dialtone-pbx/dialtone/pbx/cdr"
)

// Tap terminates one endpoint: what its phone sends goes to a handler
// (*relay.Tap satisfies it).
type Tap interface {
	Stats() relay.LegStats
	Inactive() <-chan struct{}
	SetInactivityTimeout(d time.Duration)
	Close() error
}

// Terminator is what conferences need beyond Media: an endpoint whose
// packets are delivered to Go code instead of another phone. Relay's Media
// has it.
type Terminator interface {
	Attach(ep Endpoint, h func(pkt []byte)) (Tap, error)
}

// rooms are the conferences in progress, by number: a mixer runs while
// anyone is in.
type rooms struct {
	mu  sync.Mutex
	m   map[string]*room
	log *slog.Logger
}

type room struct {
	conf    *mix.Conference
	cancel  context.CancelFunc
	done    chan struct{}
	members int
}

// join adds a participant to room number, starting its mixer if needed.
func (r *rooms) join(number, id string, c codec.Codec, pt uint8, out mix.Sender) (*mix.Participant, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]*room{}
	}
	rm := r.m[number]
	if rm == nil {
		conf, err := mix.New(mix.Config{JoinTone: true, Logger: r.log.With("conference", number)})
		if err != nil {
			return nil, err
		}
		ctx, cancel := context.WithCancel(context.Background())
		rm = &room{conf: conf, cancel: cancel, done: make(chan struct{})}
		go func() {
			defer close(rm.done)
			if err := conf.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				r.log.Warn("conference mixer stopped", "conference", number, "err", err)
			}
		}()
		r.m[number] = rm
	}
	p, err := rm.conf.Join(id, c, pt, out)
	if err != nil {
		if rm.members == 0 {
			r.stopLocked(number, rm)
		}
		return nil, err
	}
	rm.members++
	return p, nil
}

// leave removes a participant; the last one out stops the mixer.
func (r *rooms) leave(number string, p *mix.Participant) {
	p.Leave()
	r.mu.Lock()
	defer r.mu.Unlock()
	rm := r.m[number]
	if rm == nil {
		return
	}
	if rm.members--; rm.members <= 0 {
		r.stopLocked(number, rm)
	}
}

func (r *rooms) stopLocked(number string, rm *room) {
	rm.cancel()
	<-rm.done
	delete(r.m, number)
}

// stopAll stops every mixer (the switch shuts down).
func (r *rooms) stopAll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for n, rm := range r.m {
		r.stopLocked(n, rm)
	}
}

// conference is this call's place in a conference room.
type conference struct {
	room string
	p    *mix.Participant
	gate *gate
	// The greeting prompt, while it plays.
	prompting atomic.Bool
	cancel    context.CancelFunc
	done      chan struct{}
}

// joinConference answers the caller and puts it in conference room: its
// relay endpoint is terminated on the room's mixer, in the first codec of
// its offer that Dialtone has.
func (c *call) joinConference(room string, req Request) {
	m := req.SIP()
	term, ok := c.sw.media.(Terminator)
	if c.sw.media == nil || !ok {
		c.fail(503, "Service Unavailable", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	info, err := parseSDP(m.Body())
	if err != nil || c.aOffer == nil {
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem,
			sip.NewHeader("Warning", `399 dialtone "SDP offer required"`))
		return
	}
	if isWebRTCOffer(c.aOffer) {
		// A browser's leg is a WebRTC session, not a relay endpoint the
		// mixer can be attached to: refused clearly rather than answered
		// with media the browser cannot use.
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem,
			sip.NewHeader("Warning", `399 dialtone "conference rooms take desk phones only"`))
		return
	}
	lm, ok := firstKnownCodec(c.aOffer)
	if !ok {
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	ep, err := c.sw.media.Allocate()
	if err != nil {
		c.fail(503, "Service Unavailable", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	c.a.ep = ep
	c.a.remote = info
	c.setRemoteMedia(c.a, info)
	body, err := anchorSDP(bridge.Restrict(c.aOffer, lm).Marshal(), c.a.mediaHost, ep.Port(), &c.a.origin)
	if err != nil {
		c.fail(488, "Not Acceptable Here", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	// The answer reverses the offer's direction (RFC 3264 §6.1).
	if s, err := sdp.Parse(body); err == nil {
		if i := audioIndex(s); i >= 0 {
			s.Media[i].SetDirection(s.Direction(i).Reverse())
			body = s.Marshal()
		}
	}
	g := &gate{ep: ep}
	g.open.Store(true)
	p, err := c.sw.rooms.join(room, c.id, lm.Codec, lm.PT, g)
	if err != nil {
		c.log.Warn("conference join failed", "room", room, "err", err)
		c.fail(503, "Service Unavailable", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	cf := &conference{room: room, p: p, gate: g}
	tap, err := term.Attach(ep, cf.receive(lm.DTMFPT))
	if err != nil {
		c.sw.rooms.leave(room, p)
		c.fail(503, "Service Unavailable", cdr.ReasonMediaError, cdr.SideSystem)
		return
	}
	c.conf = cf
	c.plan = &bridge.Plan{A: lm}
	c.link = tapLink{tap: tap, p: p}
	c.callee.Number, c.callee.Name = room, "Conference "+room
	c.answered = c.sw.now()
	c.phase = phaseAnswered
	c.a.state = legConfirmed
	c.a.sentSDP = body
	hdrs := []sip.Header{c.a.ourContact(), sip.NewHeader("Allow", allowValue), sip.NewHeader("Supported", "timer")}
	c.sessInterval, c.refresher = c.se.negotiate(c.sw.opts.SessionExpires, c.sw.opts.MinSE)
	hdrs = append(hdrs, sessionHeaders(c.sessInterval, c.refresher, c.se.supported)...)
	c.respondFinal(c.a.srv, 200, "OK", "application/sdp", body, hdrs...)
	c.armSession()
	c.sw.mu.Lock()
	c.sw.stats.Answered++
	c.sw.mu.Unlock()
	c.log.Info("joined conference", "room", room, "codec", lm.Name)
	c.greet(cf, lm)
}

// greet plays the "conference-joined" prompt to a new participant before
// it hears the room; any key it presses (RFC 4733) cuts the prompt short.
// Meanwhile the room does not hear it either.
func (c *call) greet(cf *conference, lm bridge.LegMedia) {
	if c.sw.opts.Prompts == nil {
		return
	}
	src, err := c.sw.opts.Prompts("conference-joined")
	if err != nil {
		c.log.Warn("no conference prompt", "err", err)
		return
	}
	pl, err := play.NewPlayer(play.Config{Codec: lm.Codec, PayloadType: lm.PT, Ptime: lm.Ptime, Logger: c.log})
	if err != nil {
		c.log.Warn("conference prompt not played", "err", err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	cf.cancel, cf.done = cancel, make(chan struct{})
	cf.gate.open.Store(false)
	cf.p.SetMute(true)
	cf.prompting.Store(true)
	go func() {
		defer close(cf.done)
		if err := pl.Play(ctx, src, cf.gate.ep); err != nil && !errors.Is(err, context.Canceled) {
			c.log.Info("conference prompt stopped", "err", err)
		}
		cf.prompting.Store(false)
		cf.p.SetMute(false)
		cf.gate.open.Store(true)
	}()
}

// receive is a participant's tap: its audio to the mixer; while the prompt
// plays, a key press (telephone-event on dtmfPT) stops the prompt.
func (cf *conference) receive(dtmfPT uint8) func([]byte) {
	return func(pkt []byte) {
		if cf.prompting.Load() && dtmfPT != 0 && len(pkt) > 1 && pkt[1]&0x7f == dtmfPT && cf.cancel != nil {
			cf.cancel()
		}
		cf.p.Receive(pkt)
	}
}

// gate passes the mixer's packets to the participant only when open (not
// while its prompt plays).
type gate struct {
	ep   Endpoint
	open atomic.Bool
}

func (g *gate) Send(pkt []byte) error {
	if !g.open.Load() {
		return nil
	}
	return g.ep.Send(pkt)
}

// leaveConference takes the call out of its room.
func (c *call) leaveConference() {
	if c.conf == nil {
		return
	}
	if c.conf.cancel != nil {
		c.conf.cancel()
		<-c.conf.done
	}
	c.sw.rooms.leave(c.conf.room, c.conf.p)
	c.conf = nil
}

// firstKnownCodec is the first audio codec of the offer Dialtone can
// decode, as the leg's media (with the offer's telephone-event, if any).
func firstKnownCodec(offer *sdp.Session) (bridge.LegMedia, bool) {
	i := audioIndex(offer)
	if i < 0 {
		return bridge.LegMedia{}, false
	}
	var lm bridge.LegMedia
	for _, k := range offer.Media[i].Codecs() {
		if strings.EqualFold(k.Name, "telephone-event") && lm.DTMFPT == 0 && k.Rate == 8000 {
			lm.DTMFPT, lm.DTMFClock = k.PT, k.Rate
		}
	}
	ptime := offer.Media[i].Ptime()
	for _, k := range offer.Media[i].Codecs() {
		cd, err := codec.Lookup(k.Name, k.Rate, max(k.Channels, 1))
		if err != nil {
			continue
		}
		lm.Codec, lm.PT, lm.Name, lm.ClockRate = cd, k.PT, cd.Format().Name, k.Rate
		if ptime > 0 {
			lm.Ptime = time.Duration(ptime) * time.Millisecond
		}
		return lm, true
	}
	return bridge.LegMedia{}, false
}

// tapLink makes a conference participant's tap look like a call's link.
type tapLink struct {
	tap Tap
	p   *mix.Participant
}

func (t tapLink) Stats() (a, b relay.LegStats)         { return t.tap.Stats(), relay.LegStats{} }
func (t tapLink) Inactive() <-chan struct{}            { return t.tap.Inactive() }
func (t tapLink) SetProcessor(int, relay.Processor)    {}
func (t tapLink) Mute(fromA, _ bool)                   { t.p.SetMute(fromA) }
func (t tapLink) Close() error                         { return t.tap.Close() }
func (t tapLink) SetInactivityTimeout(d time.Duration) { t.tap.SetInactivityTimeout(d) }
func (t tapLink) String() string                       { return fmt.Sprintf("conference tap %p", t.p) }

// conferenceReoffer answers a new offer of a conference participant here:
// our last answer with the direction reversed; a participant that holds
// (sendonly, inactive) is muted for the others until it resumes.
func (c *call) conferenceReoffer(x *leg, info sdpInfo, ok func([]byte), refuse func()) {
	answer, err := c.localAnswer(x, sdp.Direction(info.dir).Reverse())
	if err != nil {
		refuse()
		return
	}
	c.setRemoteMedia(x, info)
	x.sentSDP = answer
	c.conf.p.SetMute(info.dir == string(sdp.SendOnly) || info.dir == string(sdp.Inactive))
	ok(answer)
}
