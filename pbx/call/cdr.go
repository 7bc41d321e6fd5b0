package call

import (
	"math"
	"time"

	"github.com/dialtone-pbx/dialtone/media/quality"
	"github.com/dialtone-pbx/dialtone/media/relay"
	"github.com/dialtone-pbx/dialtone/pbx/cdr"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// cdr is the call's detail record (one per attempt): leg A is the
// caller's, leg B the answering fork's; packets, loss and jitter are what
// each phone sent, as the relay measured it.
func (c *call) cdr() store.CDR {
	rec := cdr.Record{
		ID:     c.id,
		Node:   c.sw.opts.Node,
		CallID: c.a.callID,
		Start:  c.started,
		Answer: c.answered,
		End:    c.ended,
		Caller: cdr.Party{Number: c.caller.Number, Name: c.caller.Name},
		Callee: cdr.Party{Number: c.dialled, Name: c.callee.Name},
		Reason: c.reason,
		Side:   c.side,
		A:      cdr.Leg{Codec: c.a.remote.codec},
	}
	if c.winner != nil {
		rec.B.Codec = c.winner.remote.codec
	}
	if c.plan != nil {
		rec.A.Codec, rec.B.Codec = codecName(c.plan.A), codecName(c.plan.B)
	}
	a, b := c.linkStats[0], c.linkStats[1]
	rec.A.Packets, rec.A.Lost, rec.A.Jitter = int64(a.PacketsIn), a.Lost, a.Jitter
	rec.B.Packets, rec.B.Lost, rec.B.Jitter = int64(b.PacketsIn), b.Lost, b.Jitter
	if !c.answered.IsZero() {
		rec.A.MOS, rec.B.MOS = legMOS(rec.A.Codec, a), legMOS(rec.B.Codec, b)
	}
	return rec.CDR()
}

// legMOS estimates the listening quality of what one phone sent, as the
// relay saw it (ITU-T G.107 E-model, media/quality): its codec, its packet
// loss, and a one-way delay of half the RTCP round trip plus a 20 ms frame
// and a jitter buffer twice the measured jitter. 0 when no audio came.
func legMOS(codecName string, s relay.LegStats) float64 {
	if s.PacketsIn == 0 {
		return 0
	}
	imp, ok := quality.CodecImpairment(codecName)
	if !ok {
		imp, _ = quality.CodecImpairment("PCMU")
	}
	var loss float64
	if s.Lost > 0 {
		loss = 100 * float64(s.Lost) / float64(int64(s.PacketsIn)+s.Lost)
	}
	delay := s.RTT/2 + 20*time.Millisecond + 2*s.Jitter
	mos := quality.EstimateMOS(quality.Conditions{Codec: imp, Loss: loss, BurstR: 1, Delay: delay})
	return math.Round(mos*100) / 100
}
