package call

import (
	"context"
	"fmt"
	"time"

	"github.com/emiago/sipgo/sip"
)

// txState is a client transaction's state (RFC 3261 §17.1.1, §17.1.2).
type txState int

const (
	txTrying     txState = iota // Calling (INVITE) or Trying: sent, nothing back
	txProceeding                // a provisional response arrived
	txCompleted                 // a final arrived; absorbing its retransmissions
	txTerminated                // done (an INVITE's 2xx leaves it here, see on2xx)
)

// txPurpose says what a transaction's answer is for.
type txPurpose int

const (
	txInvite   txPurpose = iota // a B-leg's initial INVITE
	txCancel                    // CANCEL of a B-leg's INVITE
	txBye                       // BYE ending a leg
	txReinvite                  // a re-INVITE relayed from the other leg
	txUpdate                    // an UPDATE relayed from the other leg
	txInfo                      // an INFO relayed from the other leg
	txRefresh                   // our own RFC 4028 refresh towards the caller
	txStray                     // BYE of a 2xx that lost the race
)

// clientTx is one request we sent and what we know of its answer. The
// transaction layer lives in the call: one goroutine, no locks, timers in
// the switch's heap.
type clientTx struct {
	key      string // top-Via branch + CSeq method
	method   sip.RequestMethod
	req      *sip.Request
	leg      *leg
	flow     Flow
	purpose  txPurpose
	state    txState
	interval time.Duration
	retrans  *timer // Timer A or E
	timeout  *timer // Timer B or F
	linger   *timer // Timer D or K
	ack      *sip.Request
	final    int
	// origin is the request of the other leg that waits for this answer
	// (a relayed re-INVITE, UPDATE or INFO).
	origin Request
	from   *leg // the leg origin (or srv) came on
	srv    *serverInvite
}

func txKey(branch string, method sip.RequestMethod) string { return branch + " " + string(method) }

// transmit sends req on l's flow through the edge.
func (c *call) transmit(f Flow, req *sip.Request) error {
	ctx, cancel := context.WithTimeout(context.Background(), c.sw.opts.SendTimeout)
	defer cancel()
	if err := c.sw.send.SendRequest(ctx, f.Transport, f.Local, f.Remote, f.ID, req); err != nil {
		return fmt.Errorf("call: %s to %s: %w", req.Method, f.Remote, err)
	}
	return nil
}

// start sends req to leg l as a new client transaction and arms its timers
// (RFC 3261 §17.1.1.2, §17.1.2.2). The branch is read back from the Via the
// edge added.
func (c *call) start(l *leg, req *sip.Request, purpose txPurpose) (*clientTx, error) {
	if err := c.transmit(l.flow, req); err != nil {
		return nil, err
	}
	via := req.Via()
	branch, _ := via.Params.Get("branch")
	tx := &clientTx{
		key:     txKey(branch, req.Method),
		method:  req.Method,
		req:     req,
		leg:     l,
		flow:    l.flow,
		purpose: purpose,
	}
	c.txs[tx.key] = tx
	t1 := c.sw.opts.T1
	if !tx.flow.reliable() {
		tx.interval = t1
		tx.retrans = c.arm(t1, tRetransmit, func(t *timer) { t.tx = tx })
	}
	tx.timeout = c.arm(64*t1, tTimeout, func(t *timer) { t.tx = tx })
	return tx, nil
}

// onTxTimer handles Timers A, B, D, E, F and K.
func (c *call) onTxTimer(t *timer) {
	tx := t.tx
	switch t.kind {
	case tRetransmit:
		if tx.retrans != t || tx.state >= txCompleted {
			return
		}
		if tx.method == sip.INVITE {
			if tx.state != txTrying {
				return // Timer A stops at the first provisional
			}
			tx.interval *= 2
		} else if tx.state == txProceeding {
			tx.interval = c.sw.opts.T2
		} else {
			tx.interval = min(2*tx.interval, c.sw.opts.T2)
		}
		if err := c.transmit(tx.flow, tx.req); err != nil {
			c.log.Debug("retransmission failed", "method", tx.method, "err", err)
		}
		tx.retrans = c.arm(tx.interval, tRetransmit, func(t *timer) { t.tx = tx })
	case tTimeout:
		if tx.timeout != t || tx.state >= txCompleted {
			return
		}
		// Timer B fires only while Calling; a proceeding INVITE waits for
		// its final (the ring timeout and CANCEL bound it).
		if tx.method == sip.INVITE && tx.state != txTrying {
			return
		}
		c.stopTx(tx)
		tx.state = txTerminated
		tx.final = 408
		delete(c.txs, tx.key)
		c.onFinal(tx, 408, "Request Timeout", nil)
	case tLinger:
		if tx.linger == t {
			tx.state = txTerminated
			delete(c.txs, tx.key)
			c.maybeFinish()
		}
	}
}

func (c *call) stopTx(tx *clientTx) {
	c.stop(tx.retrans)
	c.stop(tx.timeout)
	tx.retrans, tx.timeout = nil, nil
}

// onResponse matches a response to a transaction by top-Via branch and
// CSeq method (RFC 3261 §17.1.3) and runs the transaction's state machine.
func (c *call) onResponse(res *sip.Response) {
	via, cseq := res.Via(), res.CSeq()
	if via == nil || cseq == nil || res.To() == nil || res.From() == nil {
		return
	}
	branch, _ := via.Params.Get("branch")
	tx := c.txs[txKey(branch, cseq.MethodName)]
	if tx == nil {
		c.strayAnswer(res)
		return
	}
	code := res.StatusCode
	switch {
	case code < 100 || code > 699:
		return
	case code < 200:
		if tx.state >= txCompleted {
			return
		}
		if tx.state == txTrying {
			tx.state = txProceeding
			if tx.method == sip.INVITE {
				c.stop(tx.retrans)
				tx.retrans = nil
				c.stop(tx.timeout)
				tx.timeout = nil
			}
		}
		c.onProvisional(tx, res)
	case tx.method == sip.INVITE && code < 300:
		// A 2xx ends the INVITE transaction; the TU acknowledges it and any
		// retransmission (§13.2.2.4). The entry stays to match them.
		first := tx.state < txTerminated
		if first {
			c.stopTx(tx)
			tx.state = txTerminated
			tx.final = code
			tx.linger = c.arm(64*c.sw.opts.T1, tLinger, func(t *timer) { t.tx = tx })
		}
		c.on2xx(tx, res, first)
	case tx.method == sip.INVITE:
		// §17.1.1.3: the transaction ACKs a non-2xx final, and again for
		// each retransmission while Completed (Timer D).
		if tx.state == txCompleted {
			if tx.ack != nil {
				_ = c.transmit(tx.flow, tx.ack)
			}
			return
		}
		if tx.state == txTerminated {
			return
		}
		c.stopTx(tx)
		tx.state = txCompleted
		tx.final = code
		tx.ack = hopRequest(sip.ACK, tx.req, res.To())
		if err := c.transmit(tx.flow, tx.ack); err != nil {
			c.log.Debug("ACK not sent", "err", err)
		}
		// Timer D: 32 s (64*T1) over UDP, 0 over reliable transports.
		var d time.Duration
		if !tx.flow.reliable() {
			d = 64 * c.sw.opts.T1
		}
		tx.linger = c.arm(d, tLinger, func(t *timer) { t.tx = tx })
		c.onFinal(tx, code, res.Reason, res)
	default:
		if tx.state >= txCompleted {
			return
		}
		c.stopTx(tx)
		tx.state = txTerminated
		tx.final = code
		delete(c.txs, tx.key)
		c.onFinal(tx, code, res.Reason, res)
	}
}
