package registrar

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/emiago/sipgo/sip"
)

// Load reads every unexpired registration from the store into memory, so a
// restarted node or a standby taking over knows every phone at once. Call
// it before the edge starts serving. Bindings already in memory win: they
// are newer than any row.
func (r *Registrar) Load(ctx context.Context) error {
	regs, err := r.st.ListRegistrations(ctx)
	if err != nil {
		return fmt.Errorf("%w: load registrations: %w", ErrStore, err)
	}
	now := r.now()
	loaded, skipped := 0, 0
	for _, reg := range regs {
		if !reg.ExpiresAt.After(now) {
			continue // the sweeper deletes the row
		}
		var u sip.Uri
		if err := sip.ParseUri(reg.Contact, &u); err != nil || reg.Extension == "" {
			skipped++
			r.log.Warn("stored registration unreadable; ignored", "extension", reg.Extension, "contact", reg.Contact, "err", err)
			continue
		}
		b := binding{Contact: Contact{
			Extension: strings.Clone(reg.Extension),
			URI:       reg.Contact,
			Transport: transportName(reg.Transport),
			FlowID:    0, // the connection died with the process that had it
			UserAgent: reg.UserAgent,
			CallID:    reg.CallID,
			CSeq:      reg.CSeq,
			Expires:   reg.ExpiresAt,
			Instance:  reg.Instance,
			RegID:     reg.RegID,
			Node:      reg.Node,
		}}
		b.Source, _ = netip.ParseAddrPort(reg.Source)
		b.Local, _ = netip.ParseAddrPort(reg.LocalAddr)
		b.natted = r.opts.KeepAlive > 0 && behindNAT(b.Transport, b.Source, &u)
		b.nextProbe = now.Add(r.opts.KeepAlive).UnixNano()
		sh := r.loc.shard(b.Extension)
		sh.mu.Lock()
		a := sh.aors[b.Extension]
		if a == nil {
			a = &aor{bindings: make([]binding, 0, 1)}
			sh.aors[b.Extension] = a
		}
		if a.find([]byte(b.URI)) < 0 {
			b.id = r.ids.Add(1)
			b.touched = b.id
			a.bindings = append(a.bindings, b)
			r.stats.contacts.Add(1)
			loaded++
		}
		sh.mu.Unlock()
	}
	r.log.Info("registrations loaded", "contacts", loaded, "ignored", skipped, "rows", len(regs))
	return nil
}

// Run does the background work until ctx is done: the expiry sweeper, the
// store writer and the NAT keep-alives. On exit it flushes every pending
// store write (with its own deadline, as ctx is already done), so a clean
// shutdown loses no registration; stop the edge first so none arrive after.
func (r *Registrar) Run(ctx context.Context) error {
	if !r.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer r.running.Store(false)
	sweep := make(chan time.Time, 1)
	var wg sync.WaitGroup
	wg.Go(func() { r.sweepLoop(ctx, sweep) })
	if r.opts.KeepAlive > 0 {
		wg.Go(func() { r.keepAliveLoop(ctx) })
	}
	r.writeLoop(ctx, sweep)
	wg.Wait()
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), r.shutdownFlush)
	defer cancel()
	if err := r.flushAll(fctx); err != nil {
		return fmt.Errorf("registrar: final flush: %w", err)
	}
	return nil
}

// sweepLoop removes expired bindings from memory every sweepEvery and asks
// the writer to delete them from the store.
func (r *Registrar) sweepLoop(ctx context.Context, sweep chan<- time.Time) {
	t := time.NewTicker(r.sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := r.now()
			if r.sweep(now) > 0 {
				select {
				case sweep <- now:
				default: // one pending sweep is as good as two
				}
			}
		}
	}
}

// sweep drops bindings that expired at or before now and returns how many;
// their rows leave the store through DeleteExpiredRegistrations. Bindings of
// extensions deleted since stay until they expire: the store cascades the
// rows, calls consult the directory first, and a directory that is briefly
// empty must not wipe the location service.
func (r *Registrar) sweep(now time.Time) int {
	dropped := 0
	for i := range r.loc.shards {
		sh := &r.loc.shards[i]
		sh.mu.Lock()
		for ext, a := range sh.aors {
			for j := 0; j < len(a.bindings); {
				if a.bindings[j].Expires.After(now) {
					j++
					continue
				}
				a.remove(j)
				dropped++
			}
			if len(a.bindings) == 0 {
				delete(sh.aors, ext)
			}
		}
		sh.mu.Unlock()
	}
	r.stats.expired.Add(uint64(dropped))
	r.stats.contacts.Add(-int64(dropped))
	return dropped
}

// FlowClosed drops every contact registered over that connection: requests
// can no longer reach the phone through it, and the phone registers again
// when it reconnects (the flow idea of RFC 5626 §5.2).
func (r *Registrar) FlowClosed(transport string, flowID uint64) {
	if flowID == 0 {
		return // UDP has no flows
	}
	tr := transportName(transport)
	n := r.dropWhere(func(b *binding) bool { return b.FlowID == flowID && b.Transport == tr })
	if n > 0 {
		r.stats.flowDrops.Add(uint64(n))
		r.log.Debug("contacts dropped with their connection", "transport", tr, "flow", flowID, "contacts", n)
	}
}

// dropWhere removes matching bindings from memory and queues their deletion.
func (r *Registrar) dropWhere(match func(*binding) bool) int {
	n := 0
	for i := range r.loc.shards {
		sh := &r.loc.shards[i]
		sh.mu.Lock()
		for ext, a := range sh.aors {
			for j := 0; j < len(a.bindings); {
				if !match(&a.bindings[j]) {
					j++
					continue
				}
				r.enqueueDelete(ext, a.bindings[j].URI)
				a.remove(j)
				r.stats.contacts.Add(-1)
				n++
			}
			if len(a.bindings) == 0 {
				delete(sh.aors, ext)
			}
		}
		sh.mu.Unlock()
	}
	return n
}
