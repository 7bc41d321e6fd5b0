package call

import (
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
	a, b := c.linkStats[0], c.linkStats[1]
	rec.A.Packets, rec.A.Lost, rec.A.Jitter = int64(a.PacketsIn), a.Lost, a.Jitter
	rec.B.Packets, rec.B.Lost, rec.B.Jitter = int64(b.PacketsIn), b.Lost, b.Jitter
	return rec.CDR()
}
