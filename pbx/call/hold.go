package call

import (
	"context"
	"errors"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/media/play"
	"github.com/dialtone-pbx/dialtone/media/sdp"
)

// holdMusic is music on hold playing to one leg while the other holds.
type holdMusic struct {
	by     *leg // the leg that holds
	to     *leg // the leg that hears the music
	cancel context.CancelFunc
	done   chan struct{}
}

// holdLocally answers a hold or resume re-INVITE of leg x here, when music
// on hold is configured: the other phone is not re-INVITEd, it hears music
// instead of x (RFC 3264 §8.4: x's sendonly or inactive offer is answered
// recvonly or inactive). It reports false when the offer is not a hold
// change this call handles, and the re-INVITE is relayed as before.
func (c *call) holdLocally(x *leg, srv *serverInvite, info sdpInfo, hdrs []sip.Header) bool {
	if c.sw.opts.HoldMusic == nil || c.plan == nil || c.link == nil || c.winner == nil {
		return false
	}
	if y := c.other(x); y != nil && c.srtp[c.sideOf(y)] != nil {
		return false // the player sends plain RTP: an SRTP leg gets the hold passed on
	}
	holding := info.dir == string(sdp.SendOnly) || info.dir == string(sdp.Inactive)
	switch {
	case holding && c.moh == nil:
	case c.moh != nil && c.moh.by == x: // still held (sendonly ↔ inactive) or resumed
	default:
		return false
	}
	answer, err := c.localAnswer(x, sdp.Direction(info.dir).Reverse())
	if err != nil {
		c.log.Info("hold not answered locally", "err", err)
		return false
	}
	c.setRemoteMedia(x, info)
	x.sentSDP = answer
	c.respondFinal(srv, 200, "OK", "application/sdp", answer, hdrs...)
	switch {
	case holding && c.moh == nil:
		c.startHoldMusic(x)
	case !holding:
		c.stopHoldMusic()
	}
	return true
}

// localAnswer is our last SDP to x with the audio direction set to dir.
func (c *call) localAnswer(x *leg, dir sdp.Direction) ([]byte, error) {
	s, err := sdp.Parse(x.sentSDP)
	if err != nil {
		return nil, err
	}
	i := audioIndex(s)
	if i < 0 {
		return nil, errors.New("no audio stream in our last SDP")
	}
	if dir == "" {
		dir = sdp.SendRecv
	}
	s.Media[i].SetDirection(dir)
	return c.anchorFor(x, s.Marshal())
}

// startHoldMusic plays the configured music to the leg across from x, and
// stops relaying between the two until x resumes.
func (c *call) startHoldMusic(x *leg) {
	y := c.other(x)
	if y == nil || y.ep == nil {
		return
	}
	m := c.legMedia(y)
	src, err := c.sw.opts.HoldMusic()
	if err != nil {
		c.log.Warn("music on hold unavailable", "err", err)
		return
	}
	p, err := play.NewPlayer(play.Config{Codec: m.Codec, PayloadType: m.PT, Ptime: m.Ptime, Logger: c.log})
	if err != nil {
		c.log.Warn("music on hold not played", "codec", m.Name, "err", err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	h := &holdMusic{by: x, to: y, cancel: cancel, done: make(chan struct{})}
	c.moh = h
	c.link.Mute(true, true)
	go func() {
		defer close(h.done)
		if err := p.Play(ctx, src, y.ep); err != nil && !errors.Is(err, context.Canceled) {
			c.log.Info("music on hold stopped", "err", err)
		}
	}()
	c.log.Info("call held; music on hold", "held_by", x.role)
}

// stopHoldMusic stops the music and relays both ways again. It waits for
// the player (at most one packet time) so nothing is sent after it.
func (c *call) stopHoldMusic() {
	h := c.moh
	if h == nil {
		return
	}
	c.moh = nil
	h.cancel()
	<-h.done
	if c.link != nil {
		c.link.Mute(false, false)
	}
	c.log.Info("call resumed", "held_by", h.by.role)
}
