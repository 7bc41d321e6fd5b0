package call

import (
	"net/netip"
	"slices"
	"time"

	"github.com/dialtone-pbx/dialtone/media/relay"
)

// Phase is where a call is, as State shows it.
type Phase string

// Phases of a call.
const (
	PhaseRouting  Phase = "routing"
	PhaseRinging  Phase = "ringing"
	PhaseAnswered Phase = "answered"
	PhaseEnded    Phase = "ended"
)

// State is a call as plain data: everything a standby node needs to take
// the call over (both dialogs' identifiers, CSeqs, route sets, targets,
// flows, media ports and peers, codecs, session timer, times). It is
// copied out of the call after every event; it shares nothing with it.
type State struct {
	ID         string    `json:"id"`
	Node       string    `json:"node"`
	Phase      Phase     `json:"phase"`
	Caller     Party     `json:"caller"`
	Callee     Party     `json:"callee"`
	Dialled    string    `json:"dialled"`
	StartedAt  time.Time `json:"started_at"`
	AnsweredAt time.Time `json:"answered_at,omitzero"`
	EndedAt    time.Time `json:"ended_at,omitzero"`
	Reason     string    `json:"reason,omitempty"` // pbx/cdr reason, once ended
	Side       string    `json:"side,omitempty"`   // who ended it, once ended
	A          Dialog    `json:"a"`
	// B lists the forks while ringing; once answered, the winner is first.
	B       []Dialog `json:"b"`
	Session Session  `json:"session"`
	// Digits are the DTMF digits the phones sent, in order (at most 64).
	Digits []Digit `json:"digits,omitempty"`
	// Recording is the file the call is being recorded to.
	Recording string `json:"recording,omitempty"`
}

// Party is one end of a call.
type Party struct {
	Number string `json:"number"`
	Name   string `json:"name,omitempty"`
}

// Dialog is one leg's dialog state (RFC 3261 §12) and its media.
type Dialog struct {
	CallID       string   `json:"call_id"`
	LocalTag     string   `json:"local_tag"`
	RemoteTag    string   `json:"remote_tag,omitempty"`
	LocalURI     string   `json:"local_uri"`
	RemoteURI    string   `json:"remote_uri"`
	LocalCSeq    uint32   `json:"local_cseq"`
	RemoteCSeq   uint32   `json:"remote_cseq"`
	RemoteTarget string   `json:"remote_target"`
	RouteSet     []string `json:"route_set,omitempty"`
	Flow         Flow     `json:"flow"`
	Contact      string   `json:"contact,omitempty"` // B: the registered contact rung
	State        string   `json:"state"`
	Status       int      `json:"status,omitempty"` // B: the final status received
	Media        LegMedia `json:"media"`
}

// LegMedia is one leg's anchored media.
type LegMedia struct {
	Addr       netip.Addr     `json:"addr"`                // our address in this leg's SDP
	Port       uint16         `json:"port"`                // our relay port (RTCP on port+1)
	Remote     netip.AddrPort `json:"remote,omitzero"`     // where the phone's SDP says it receives
	Latched    netip.AddrPort `json:"latched,omitzero"`    // where its packets really come from
	Codec      string         `json:"codec,omitempty"`     // its first audio codec
	Direction  string         `json:"direction,omitempty"` // sendrecv, sendonly, recvonly, inactive
	SDPSession uint64         `json:"sdp_session"`         // our o= session id on this leg
	SDPVersion uint64         `json:"sdp_version"`         // our o= version on this leg
	Quality    *Quality       `json:"quality,omitempty"`   // what the phone sends, as the relay measures it now
}

// Quality is one phone's stream as received: RFC 3550 loss and jitter,
// the RTCP round trip, and an E-model MOS estimate (ITU-T G.107).
type Quality struct {
	Packets uint64        `json:"packets"`
	Lost    int64         `json:"lost"`
	Jitter  time.Duration `json:"jitter"`
	RTT     time.Duration `json:"rtt,omitempty"`
	MOS     float64       `json:"mos,omitempty"`
}

// Session is the RFC 4028 session timer of the caller's dialog.
type Session struct {
	Interval  time.Duration `json:"interval,omitempty"`
	Refresher string        `json:"refresher,omitempty"` // uac (the caller) or uas (we)
}

func (p phase) public() Phase {
	switch p {
	case phaseRouting:
		return PhaseRouting
	case phaseRinging:
		return PhaseRinging
	case phaseAnswered:
		return PhaseAnswered
	}
	return PhaseEnded
}

// state copies the call out as plain data.
func (c *call) state() State {
	st := State{
		ID:         c.id,
		Node:       c.sw.opts.Node,
		Phase:      c.phase.public(),
		Caller:     Party{Number: c.caller.Number, Name: c.caller.Name},
		Callee:     Party{Number: c.callee.Number, Name: c.callee.Name},
		Dialled:    c.dialled,
		StartedAt:  c.started,
		AnsweredAt: c.answered,
		EndedAt:    c.ended,
		A:          c.a.dialog(),
		Session:    Session{Interval: c.sessInterval, Refresher: c.refresher},
	}
	if c.phase == phaseEnded {
		st.Reason, st.Side = c.reason.String(), c.side.String()
	}
	if st.Callee.Number == "" {
		st.Callee.Number = c.dialled
	}
	if c.winner != nil {
		st.B = append(st.B, c.winner.dialog())
	}
	if c.plan != nil {
		st.A.Media.Codec = codecName(c.plan.A)
		if len(st.B) > 0 && c.winner != nil {
			st.B[0].Media.Codec = codecName(c.plan.B)
		}
	}
	st.Digits = c.digitsCopy()
	if c.rec != nil {
		st.Recording = c.rec.path
	}
	for _, l := range c.legs {
		if l != c.winner && (c.winner == nil || l.live()) {
			st.B = append(st.B, l.dialog())
		}
	}
	return st
}

func (l *leg) dialog() Dialog {
	d := Dialog{
		CallID:       l.callID,
		LocalTag:     l.localTag,
		RemoteTag:    l.remoteTag,
		LocalURI:     l.localURI.String(),
		RemoteURI:    l.remoteURI.String(),
		LocalCSeq:    l.localCSeq,
		RemoteCSeq:   l.remoteCSeq,
		RemoteTarget: l.remoteTarget.String(),
		Flow:         l.flow,
		Contact:      l.contact,
		State:        l.state.String(),
		Status:       l.status,
		Media: LegMedia{
			Addr:       l.mediaHost,
			Codec:      l.remote.codec,
			Direction:  l.remote.dir,
			SDPSession: l.origin.id,
			SDPVersion: l.origin.version,
		},
	}
	for i := range l.routeSet {
		d.RouteSet = append(d.RouteSet, l.routeSet[i].String())
	}
	if l.remote.addr.IsValid() {
		d.Media.Remote = netip.AddrPortFrom(l.remote.addr, uint16(l.remote.port))
	}
	if l.ep != nil {
		d.Media.Port = l.ep.Port()
		d.Media.Latched = l.ep.Latched()
	}
	return d
}

// published is a call's state as last published, with the relay endpoints
// of its dialogs (A first, then B in State.B's order; nil where none), so
// Calls can read what changes between SIP events (the latched peers)
// without touching the call's goroutine.
type published struct {
	st   State
	eps  []Endpoint
	link Link // the answered call's, for live quality figures
}

// publish makes the call's current state visible to Calls.
func (c *call) publish() {
	p := &published{st: c.state()}
	p.eps = append(p.eps, c.a.ep)
	if c.phase == phaseAnswered {
		p.link = c.link
	}
	if c.winner != nil {
		p.eps = append(p.eps, c.winner.ep)
	}
	for _, l := range c.legs {
		if l != c.winner && (c.winner == nil || l.live()) {
			p.eps = append(p.eps, l.ep)
		}
	}
	c.snap.Store(p)
}

// current returns the published state with the latched media peers read
// now: latching happens on the first packet, not on a SIP event.
func (p *published) current() State {
	st := p.st
	st.B = slices.Clone(p.st.B)
	for i, ep := range p.eps {
		if ep == nil {
			continue
		}
		if i == 0 {
			st.A.Media.Latched = ep.Latched()
		} else if i-1 < len(st.B) {
			st.B[i-1].Media.Latched = ep.Latched()
		}
	}
	if p.link != nil && len(st.B) > 0 {
		a, b := p.link.Stats()
		st.A.Media.Quality = liveQuality(st.A.Media.Codec, a)
		st.B[0].Media.Quality = liveQuality(st.B[0].Media.Codec, b)
	}
	return st
}

func liveQuality(codecName string, s relay.LegStats) *Quality {
	return &Quality{Packets: s.PacketsIn, Lost: s.Lost, Jitter: s.Jitter, RTT: s.RTT, MOS: legMOS(codecName, s)}
}
