package registrar

import "sync/atomic"

// Stats are the registrar's counters since start, and two gauges.
type Stats struct {
	Registrations    uint64 // new bindings
	Refreshes        uint64 // bindings re-registered
	Unregisters      uint64 // bindings removed by the phone (expires=0 or *)
	Expired          uint64 // bindings removed by the sweeper
	AuthChallenges   uint64 // 401 responses (first challenge, stale, failure)
	AuthFailures     uint64 // wrong credentials, reported to the edge
	IntervalTooBrief uint64 // 423 responses
	Forbidden        uint64 // 403 responses
	BadRequests      uint64 // 400 and 420 responses
	OutOfOrder       uint64 // 500 responses for stale CSeq (RFC 3261 §10.3 step 7)
	StoreWrites      uint64 // rows saved or deleted by the writer
	StoreWriteErrors uint64
	KeepAlivesSent   uint64
	KeepAlivesFailed uint64 // OPTIONS the edge could not send
	KeepAliveDrops   uint64 // contacts dropped after 3 unanswered OPTIONS
	FlowDrops        uint64 // contacts dropped because their connection closed
	Contacts         int    // bindings in memory now
	StorePending     int    // changes waiting for the writer now
}

type counters struct {
	registrations, refreshes, unregisters, expired         atomic.Uint64
	challenges, authFailures, tooBrief, forbidden, badReqs atomic.Uint64
	outOfOrder, storeWrites, storeErrors                   atomic.Uint64
	kaSent, kaFailed, kaDrops, flowDrops                   atomic.Uint64
	contacts                                               atomic.Int64
}

// Stats returns a snapshot of the counters.
func (r *Registrar) Stats() Stats {
	c := &r.stats
	return Stats{
		Registrations:    c.registrations.Load(),
		Refreshes:        c.refreshes.Load(),
		Unregisters:      c.unregisters.Load(),
		Expired:          c.expired.Load(),
		AuthChallenges:   c.challenges.Load(),
		AuthFailures:     c.authFailures.Load(),
		IntervalTooBrief: c.tooBrief.Load(),
		Forbidden:        c.forbidden.Load(),
		BadRequests:      c.badReqs.Load(),
		OutOfOrder:       c.outOfOrder.Load(),
		StoreWrites:      c.storeWrites.Load(),
		StoreWriteErrors: c.storeErrors.Load(),
		KeepAlivesSent:   c.kaSent.Load(),
		KeepAlivesFailed: c.kaFailed.Load(),
		KeepAliveDrops:   c.kaDrops.Load(),
		FlowDrops:        c.flowDrops.Load(),
		Contacts:         int(c.contacts.Load()),
		StorePending:     r.w.len(),
	}
}
