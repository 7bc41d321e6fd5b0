package registrar

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// writer is the write-behind queue between the location service and the
// store. Changes coalesce by (extension, contact): only the latest state of
// a binding is written, so its size is bounded by the number of bindings
// (plus removals), and a slow or absent database never slows REGISTER.
type writer struct {
	mu      sync.Mutex
	pending map[regKey]writeOp
	kick    chan struct{} // wakes the writer when a batch is full
}

type regKey struct{ ext, uri string }

type writeOp struct {
	del bool
	c   Contact // state to save; for del only Extension and URI matter
	at  time.Time
}

func (w *writer) init() {
	w.pending = make(map[regKey]writeOp)
	w.kick = make(chan struct{}, 1)
}

func (w *writer) len() int {
	w.mu.Lock()
	n := len(w.pending)
	w.mu.Unlock()
	return n
}

// put queues op, replacing any older change of the same binding. It never
// blocks on the database.
func (w *writer) put(op writeOp, batch int) {
	k := regKey{op.c.Extension, op.c.URI}
	w.mu.Lock()
	w.pending[k] = op
	full := len(w.pending) >= batch
	w.mu.Unlock()
	if full {
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
}

// take removes and returns everything queued.
func (w *writer) take() []writeOp {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.pending) == 0 {
		return nil
	}
	ops := make([]writeOp, 0, len(w.pending))
	for _, op := range w.pending {
		ops = append(ops, op)
	}
	clear(w.pending)
	return ops
}

// requeue puts back ops that could not be written, unless a newer change of
// the same binding arrived meanwhile.
func (w *writer) requeue(ops []writeOp) {
	w.mu.Lock()
	for _, op := range ops {
		k := regKey{op.c.Extension, op.c.URI}
		if _, newer := w.pending[k]; !newer {
			w.pending[k] = op
		}
	}
	w.mu.Unlock()
}

func (r *Registrar) enqueueSave(c *Contact) {
	r.w.put(writeOp{c: *c, at: r.now()}, r.flushSize)
}

func (r *Registrar) enqueueDelete(ext, uri string) {
	r.w.put(writeOp{del: true, c: Contact{Extension: ext, URI: uri}}, r.flushSize)
}

// flush writes one batch. A failure that retrying may cure (database busy or
// unreachable) stops the batch and puts the rest back for the next tick; a
// failure that cannot (the extension was deleted meanwhile) drops that change.
func (r *Registrar) flush(ctx context.Context) error {
	ops := r.w.take()
	// Saves go in one transaction (one commit per flush, the SQLite
	// bottleneck); if the batch fails, the loop below retries one by one to
	// find the change that cannot be written.
	saves := make([]store.Registration, 0, len(ops))
	rest := ops[:0:0]
	for _, op := range ops {
		if op.del {
			rest = append(rest, op)
		} else {
			saves = append(saves, toRegistration(&op.c, op.at))
		}
	}
	if len(saves) > 1 {
		if err := r.st.SaveRegistrations(ctx, saves); err == nil {
			r.stats.storeWrites.Add(uint64(len(saves)))
			ops = rest
		} else if ctx.Err() != nil {
			r.w.requeue(ops)
			return fmt.Errorf("%w: %w", ErrStore, ctx.Err())
		}
	}
	for i, op := range ops {
		var err error
		if op.del {
			err = r.st.DeleteRegistration(ctx, op.c.Extension, op.c.URI)
			if errors.Is(err, store.ErrNotFound) {
				err = nil // never written, or already swept
			}
		} else {
			err = r.st.SaveRegistration(ctx, toRegistration(&op.c, op.at))
		}
		if err == nil {
			r.stats.storeWrites.Add(1)
			continue
		}
		if ctx.Err() != nil {
			// Shutting down mid-batch: Run's final flush writes the rest.
			r.w.requeue(ops[i:])
			return fmt.Errorf("%w: %w", ErrStore, ctx.Err())
		}
		r.stats.storeErrors.Add(1)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrInvalid) {
			r.log.Warn("registration not stored", "extension", op.c.Extension, "contact", op.c.URI, "err", err)
			continue
		}
		r.w.requeue(ops[i:])
		return fmt.Errorf("%w: write %d of %d pending changes: %w", ErrStore, len(ops)-i, len(ops), err)
	}
	return nil
}

func toRegistration(c *Contact, at time.Time) store.Registration {
	reg := store.Registration{
		Extension: c.Extension,
		Contact:   c.URI,
		Transport: c.Transport,
		UserAgent: c.UserAgent,
		CallID:    c.CallID,
		CSeq:      c.CSeq,
		Instance:  c.Instance,
		RegID:     c.RegID,
		ExpiresAt: c.Expires,
		Node:      c.Node,
		UpdatedAt: at,
	}
	if c.Source.IsValid() {
		reg.Source = c.Source.String()
	}
	if c.Local.IsValid() {
		reg.LocalAddr = c.Local.String()
	}
	return reg
}

// writeLoop flushes every flushEvery, or sooner when a batch fills, and
// deletes expired rows from the store when asked or every storeSweepEvery.
// It returns when ctx is done; Run flushes what is left.
func (r *Registrar) writeLoop(ctx context.Context, sweep <-chan time.Time) {
	flushT := time.NewTicker(r.flushEvery)
	defer flushT.Stop()
	storeT := time.NewTicker(r.storeSweepEvery)
	defer storeT.Stop()
	failing := false
	for {
		var at time.Time
		select {
		case <-ctx.Done():
			return
		case <-flushT.C:
		case <-r.w.kick:
		case <-storeT.C:
			at = r.now()
		case at = <-sweep:
		}
		err := r.flush(ctx)
		switch {
		case err != nil && !failing && ctx.Err() == nil:
			failing = true
			r.log.Warn("store writes failing; registrations kept in memory and retried", "err", err)
		case err == nil && failing:
			failing = false
			r.log.Info("store writes recovered")
		}
		if !at.IsZero() && err == nil {
			// After the flush, so a refresh queued before the sweep is not
			// deleted and then written back expired.
			n, err := r.st.DeleteExpiredRegistrations(ctx, at)
			if err != nil && ctx.Err() == nil {
				r.stats.storeErrors.Add(1)
				r.log.Warn("deleting expired registrations failed", "err", err)
			} else if n > 0 {
				r.log.Debug("expired registrations deleted from store", "count", n)
			}
		}
	}
}

// flushAll writes until nothing is pending or a write fails.
func (r *Registrar) flushAll(ctx context.Context) error {
	for r.w.len() > 0 {
		if err := r.flush(ctx); err != nil {
			return err
		}
	}
	return nil
}
