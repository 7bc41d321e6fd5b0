package cdr

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Store is where CDRs end up; the store implementations satisfy it.
// InsertCDR must return an error wrapping store.ErrExists for an id it
// already has: that is what makes a replay idempotent.
type Store interface {
	InsertCDR(ctx context.Context, c store.CDR) error
}

// Option tunes a Writer.
type Option func(*options)

type options struct {
	segmentRecords int
	retryMin       time.Duration
	retryMax       time.Duration
	insertTimeout  time.Duration
	flushTimeout   time.Duration
	noSync         bool // benchmarks only: measures what fsync costs
	// openFile creates a spool file (tests make it fail, as when the
	// process is out of file descriptors).
	openFile func(path string) (*os.File, error)
}

func defaultOptions() options {
	return options{
		segmentRecords: 1000,
		retryMin:       100 * time.Millisecond,
		retryMax:       30 * time.Second,
		insertTimeout:  5 * time.Second,
		flushTimeout:   10 * time.Second,
		openFile: func(path string) (*os.File, error) {
			return os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL, fileMode)
		},
	}
}

// WithSegmentRecords starts a new spool file after n records (default
// 1000). Smaller files are deleted sooner; each new file costs a
// directory fsync.
func WithSegmentRecords(n int) Option {
	return func(o *options) {
		if n > 0 {
			o.segmentRecords = n
		}
	}
}

// WithRetry sets the backoff between attempts while the store fails:
// from min, doubling, up to max (defaults 100 ms and 30 s).
func WithRetry(min, max time.Duration) Option {
	return func(o *options) {
		if min > 0 && max >= min {
			o.retryMin, o.retryMax = min, max
		}
	}
}

// WithInsertTimeout bounds one InsertCDR (default 5 s).
func WithInsertTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.insertTimeout = d
		}
	}
}

// WithFlushTimeout bounds how long Close keeps trying to store what is
// pending (default 10 s); what is left stays in the spool.
func WithFlushTimeout(d time.Duration) Option {
	return func(o *options) {
		if d > 0 {
			o.flushTimeout = d
		}
	}
}

// Stats describes the writer's work since Open.
type Stats struct {
	Pending        int    // spooled, not yet in the store
	Segments       int    // spool files on disk
	Written        uint64 // Write calls that returned nil
	Stored         uint64 // records the store took
	Duplicates     uint64 // records the store already had (replays)
	Rejected       uint64 // records the store refused as invalid, kept in rejected.jsonl
	InsertFailures uint64 // failed inserts, each retried later
	SpoolFailures  uint64 // Writes whose append or fsync failed
	Syncs          uint64 // fsyncs of spool files; below Written when Writes share them
	Replayed       int    // records read back from the spool by Open
	Torn           int    // torn last lines skipped by Open (a crash during a write)
	Corrupt        int    // other unreadable lines skipped by Open
	Overfull       uint64 // records appended to a full spool file that could not be replaced (out of descriptors)
}

// Writer makes CDRs durable, then stores them. See the package README for
// the guarantees.
type Writer struct {
	dir  string
	st   Store
	log  *slog.Logger
	opt  options
	lock *os.File

	// syncMu admits one fsync at a time. A Write that waited for it finds
	// its record already covered when another Write's fsync ran after its
	// append: concurrent Writes share fsyncs (group commit).
	syncMu sync.Mutex
	// drainMu admits one inserter at a time (Open, Run, Close), so records
	// reach the store in order and each once per writer.
	drainMu sync.Mutex
	// inflight counts Writes between their admission and their return, so
	// Close flushes after the last of them.
	inflight sync.WaitGroup
	running  atomic.Bool
	kick     chan struct{} // a record was queued
	done     chan struct{} // closed by Close

	mu       sync.Mutex
	segs     map[uint64]*segment
	active   *segment // the segment appended to; nil until the next Write
	nextSeq  uint64
	queue    []queued // spooled, waiting for the store, oldest first
	closed   bool     // Write refuses
	finished bool     // Close is done: nothing touches the directory any more
	overfull bool     // the active file is full and could not be replaced (logged once)
	stats    Stats
}

// segment is one spool file.
type segment struct {
	seq     uint64
	path    string
	f       *os.File // nil for segments replayed at Open
	fClosed bool
	records int    // lines in the file
	pending int    // records in it not yet in the store
	written uint64 // appends, for group commit
	synced  uint64 // appends known to be on disk
	broken  error  // an append or fsync failed: no more appends, no trust in later fsyncs
	corrupt bool   // had unreadable lines: kept as .corrupt instead of deleted
}

func (s *segment) closeFile() {
	if s.f != nil && !s.fClosed {
		s.f.Close()
		s.fClosed = true
	}
}

// queued is a record waiting for the store and the segment holding it
// (nil when it could not be spooled).
type queued struct {
	c   store.CDR
	seg *segment
}

// Open takes the spool directory dir (created if needed, locked against
// other processes), replays every record a previous run left in it into
// st, and returns a writer ready for Write. Records the store cannot take
// now stay queued for Run; only a spool that cannot be read fails Open.
func Open(ctx context.Context, dir string, st Store, log *slog.Logger, opts ...Option) (*Writer, error) {
	o := defaultOptions()
	for _, f := range opts {
		f(&o)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return nil, fmt.Errorf("cdr: spool directory: %w", err)
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		if err := syncDir(filepath.Dir(filepath.Clean(dir))); err != nil {
			return nil, fmt.Errorf("cdr: spool directory: %w", err)
		}
	}
	lock, err := lockDir(filepath.Join(dir, lockName))
	if err != nil {
		return nil, err
	}
	w := &Writer{
		dir: dir, st: st, log: log, opt: o, lock: lock,
		kick: make(chan struct{}, 1), done: make(chan struct{}),
		segs: make(map[uint64]*segment), nextSeq: 1,
	}
	if err := w.replay(); err != nil {
		lock.Close()
		return nil, err
	}
	if err := w.drain(ctx); err != nil {
		w.log.Warn("CDR store unavailable; spooled records wait for it", "pending", w.Stats().Pending, "err", err)
	}
	return w, nil
}

// replay queues every readable record of every segment, oldest first.
func (w *Writer) replay() error {
	seqs, err := listSegments(w.dir)
	if err != nil {
		return fmt.Errorf("cdr: spool: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, seq := range seqs {
		path := filepath.Join(w.dir, segName(seq))
		recs, bad, err := readSegment(path)
		if err != nil {
			return fmt.Errorf("cdr: replay %s: %w", path, err)
		}
		seg := &segment{seq: seq, path: path, records: len(recs) + len(bad), pending: len(recs)}
		for _, b := range bad {
			if b.last {
				w.stats.Torn++
				w.log.Warn("CDR spool: skipping a torn last line, left by a crash during a write", "file", path, "line", b.n, "err", b.err)
				continue
			}
			w.stats.Corrupt++
			seg.corrupt = true
			w.log.Error("CDR spool: skipping an unreadable line", "file", path, "line", b.n, "err", b.err)
		}
		w.segs[seq] = seg
		for _, c := range recs {
			w.queue = append(w.queue, queued{c: c, seg: seg})
		}
		w.stats.Replayed += len(recs)
		w.nextSeq = seq + 1
		w.finishLocked(seg)
	}
	if w.stats.Replayed > 0 {
		w.log.Info("CDR spool replay", "records", w.stats.Replayed, "files", len(seqs))
	}
	return nil
}

// Write makes c durable and queues it for the store: it returns nil only
// once the record is in the spool file and fsync'd (or, should the spool
// fail, in the store). It does not wait for the store. ctx is used only
// for that fallback insert and is not obeyed for cancellation: a call's
// record must be kept even when the call's context has ended.
//
// An invalid record (Validate) is refused before anything is written.
// ErrNotDurable means neither disk nor store took it; it is still queued
// in memory. Write is safe for concurrent use.
func (w *Writer) Write(ctx context.Context, c store.CDR) error {
	if err := Validate(c); err != nil {
		return err
	}
	b, err := encodeLine(c)
	if err != nil {
		return fmt.Errorf("cdr: encode %s: %w", c.ID, err)
	}
	if err := w.enter(); err != nil {
		return err
	}
	defer w.inflight.Done()
	seg, n, err := w.append(b)
	if err == nil {
		if err = w.sync(seg, n); err == nil {
			w.enqueue(queued{c: c, seg: seg}, true)
			return nil
		}
	}
	return w.direct(ctx, c, seg, err)
}

func (w *Writer) enter() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	w.inflight.Add(1)
	return nil
}

// append writes b at the end of the active segment. On success the record
// counts as pending in the returned segment.
func (w *Writer) append(b []byte) (*segment, uint64, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	seg, err := w.activeLocked()
	if err != nil {
		return nil, 0, err
	}
	if _, err := seg.f.Write(b); err != nil {
		w.breakLocked(seg, fmt.Errorf("cdr: append to %s: %w", seg.path, err))
		return nil, 0, seg.broken
	}
	seg.records++
	seg.pending++
	seg.written++
	return seg, seg.written, nil
}

// activeLocked returns the segment to append to, starting a new one when
// there is none, it is full, or it failed. A full segment that cannot be
// replaced (no file descriptor left, a directory that refuses new files)
// takes more records: a record appended to an open file is as durable as
// one in a new file, and needs no descriptor.
func (w *Writer) activeLocked() (*segment, error) {
	a := w.active
	if a != nil && a.broken == nil && a.records < w.opt.segmentRecords {
		return a, nil
	}
	seg, err := w.newSegmentLocked()
	if err != nil {
		if a != nil && a.broken == nil {
			if !w.overfull {
				w.overfull = true
				w.log.Warn("CDR spool: cannot start a new file; the current one takes more records", "file", a.path, "err", err)
			}
			w.stats.Overfull++
			return a, nil
		}
		return nil, err
	}
	w.overfull = false
	if a != nil {
		w.active = nil
		w.finishLocked(a)
	}
	w.active = seg
	return seg, nil
}

// newSegmentLocked creates the next spool file, on disk before it is used
// (the directory fsync'd).
func (w *Writer) newSegmentLocked() (*segment, error) {
	seq := w.nextSeq
	path := filepath.Join(w.dir, segName(seq))
	f, err := w.opt.openFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			w.nextSeq++ // a file left behind: the next try takes the next name
		}
		return nil, fmt.Errorf("cdr: new spool file: %w", err)
	}
	if !w.opt.noSync {
		if err := syncDir(w.dir); err != nil {
			f.Close()
			if os.Remove(path) != nil {
				w.nextSeq++ // it stays: never reuse its name
			}
			return nil, fmt.Errorf("cdr: new spool file %s: %w", path, err)
		}
	}
	w.nextSeq++
	seg := &segment{seq: seq, path: path, f: f}
	w.segs[seq] = seg
	return seg, nil
}

// sync returns once the n-th append to seg is on disk.
func (w *Writer) sync(seg *segment, n uint64) error {
	if w.opt.noSync {
		return nil
	}
	w.syncMu.Lock()
	defer w.syncMu.Unlock()
	w.mu.Lock()
	if seg.synced >= n {
		w.mu.Unlock()
		return nil // another Write's fsync covered this append
	}
	if err := seg.broken; err != nil {
		w.mu.Unlock()
		return err
	}
	target := seg.written
	w.mu.Unlock()

	err := seg.f.Sync()

	w.mu.Lock()
	defer w.mu.Unlock()
	if err != nil {
		// After a failed fsync the kernel may have dropped the dirty pages
		// and a later fsync may report success: never trust this file again.
		w.breakLocked(seg, fmt.Errorf("cdr: fsync %s: %w", seg.path, err))
		return seg.broken
	}
	w.stats.Syncs++
	seg.synced = max(seg.synced, target)
	if seg != w.active && seg.synced == seg.written {
		seg.closeFile() // retired and fully on disk: no one needs the descriptor
	}
	return nil
}

// breakLocked retires seg after a failed append or fsync; the next Write
// starts a new file.
func (w *Writer) breakLocked(seg *segment, err error) {
	if seg.broken == nil {
		seg.broken = err
		w.log.Error("CDR spool file failed; starting a new one", "file", seg.path, "err", err)
	}
	if w.active == seg {
		w.active = nil
	}
	w.finishLocked(seg)
}

// finishLocked deletes seg once every record in it is stored and it is no
// longer appended to.
func (w *Writer) finishLocked(seg *segment) {
	if seg.pending > 0 || seg == w.active || w.finished {
		return
	}
	if _, ok := w.segs[seg.seq]; !ok {
		return
	}
	delete(w.segs, seg.seq)
	seg.closeFile()
	if seg.corrupt {
		if err := os.Rename(seg.path, seg.path+corruptExt); err != nil {
			w.log.Warn("CDR spool: cannot set aside a damaged file", "file", seg.path, "err", err)
		}
		w.log.Warn("CDR spool: damaged file kept for inspection", "file", seg.path+corruptExt)
		return
	}
	// Not fsync'ing the directory: should the removal be lost, the next
	// start replays records the store already has, which is harmless.
	if err := os.Remove(seg.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		w.log.Warn("CDR spool: cannot remove a stored file; it will be replayed", "file", seg.path, "err", err)
	}
}

// direct is the fallback when the spool failed: the store directly. seg is
// the segment holding the record as pending, or nil.
func (w *Writer) direct(ctx context.Context, c store.CDR, seg *segment, spoolErr error) error {
	w.mu.Lock()
	w.stats.SpoolFailures++
	w.mu.Unlock()
	err := w.insert(context.WithoutCancel(ctx), c)
	if err == nil || errors.Is(err, store.ErrExists) {
		w.log.Warn("CDR spool failed; the record went to the store directly", "id", c.ID, "err", spoolErr)
		w.mu.Lock()
		w.stats.Written++
		if err == nil {
			w.stats.Stored++
		} else {
			w.stats.Duplicates++
		}
		if seg != nil {
			seg.pending--
			w.finishLocked(seg)
		}
		w.mu.Unlock()
		return nil
	}
	w.enqueue(queued{c: c, seg: seg}, false)
	w.log.Error("CDR neither spooled nor stored; kept in memory and retried", "id", c.ID, "spool_err", spoolErr, "store_err", err)
	return fmt.Errorf("%w: %s: spool: %w; store: %w", ErrNotDurable, c.ID, spoolErr, err)
}

func (w *Writer) enqueue(q queued, written bool) {
	w.mu.Lock()
	w.queue = append(w.queue, q)
	if written {
		w.stats.Written++
	}
	w.mu.Unlock()
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

func (w *Writer) insert(ctx context.Context, c store.CDR) error {
	ctx, cancel := context.WithTimeout(ctx, w.opt.insertTimeout)
	defer cancel()
	return w.st.InsertCDR(ctx, c)
}

// drain inserts queued records, oldest first, until the queue is empty
// (nil) or an insert fails in a way that may pass later (that error).
func (w *Writer) drain(ctx context.Context) error {
	w.drainMu.Lock()
	defer w.drainMu.Unlock()
	for {
		w.mu.Lock()
		if len(w.queue) == 0 || w.finished {
			w.mu.Unlock()
			return nil
		}
		q := w.queue[0] // only drain removes from the head, under drainMu
		w.mu.Unlock()
		if err := ctx.Err(); err != nil {
			return err
		}
		err := w.insert(ctx, q.c)
		var rejectErr error
		if errors.Is(err, store.ErrInvalid) {
			rejectErr = w.reject(q.c, err)
		}
		w.mu.Lock()
		switch {
		case err == nil:
			w.stats.Stored++
		case errors.Is(err, store.ErrExists):
			w.stats.Duplicates++
		case errors.Is(err, store.ErrInvalid) && rejectErr == nil:
			w.stats.Rejected++
		default:
			w.stats.InsertFailures++
			w.mu.Unlock()
			return errors.Join(err, rejectErr)
		}
		w.queue[0] = queued{}
		w.queue = w.queue[1:]
		if q.seg != nil {
			q.seg.pending--
			w.finishLocked(q.seg)
		}
		w.mu.Unlock()
	}
}

// reject keeps a record the store refused as invalid in rejected.jsonl,
// since retrying it can never succeed and would hold its spool file forever.
func (w *Writer) reject(c store.CDR, cause error) error {
	b, err := encodeLine(c)
	if err == nil {
		err = appendSynced(filepath.Join(w.dir, rejectedName), b)
	}
	if err != nil {
		return fmt.Errorf("cdr: keep refused record %s: %w", c.ID, err)
	}
	w.log.Error("the store refused a CDR; kept in "+rejectedName, "id", c.ID, "err", cause)
	return nil
}

// Run inserts queued records as they come and retries, with backoff, while
// the store fails, until ctx ends or Close. Stop it before Close.
func (w *Writer) Run(ctx context.Context) error {
	if !w.running.CompareAndSwap(false, true) {
		return ErrRunning
	}
	defer w.running.Store(false)
	var delay time.Duration
	for {
		err := w.drain(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err == nil {
			if delay > 0 {
				w.log.Info("CDR store reachable again")
				delay = 0
			}
			select {
			case <-ctx.Done():
				return nil
			case <-w.done:
				return nil
			case <-w.kick:
			}
			continue
		}
		delay = w.backoff(delay)
		w.log.Warn("CDR insert failed; retrying", "in", delay, "pending", w.Stats().Pending, "err", err)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-w.done:
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// backoff doubles the delay between retries, within the configured bounds,
// with up to 20% jitter so two nodes do not retry in step.
func (w *Writer) backoff(d time.Duration) time.Duration {
	d = min(max(2*d, w.opt.retryMin), w.opt.retryMax)
	return d + rand.N(d/5+1)
}

// Close refuses further Writes, waits for those in progress, tries for up
// to the flush timeout to store everything pending, and releases the
// spool. Records the store did not take stay in the spool for the next
// Open: Close loses nothing.
func (w *Writer) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	close(w.done)
	w.mu.Unlock()
	w.inflight.Wait()

	ctx, cancel := context.WithTimeout(context.Background(), w.opt.flushTimeout)
	defer cancel()
	var delay time.Duration
	for {
		err := w.drain(ctx)
		if err == nil || ctx.Err() != nil {
			break
		}
		delay = w.backoff(delay)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
		case <-t.C:
		}
		t.Stop()
	}

	w.drainMu.Lock()
	defer w.drainMu.Unlock()
	w.mu.Lock()
	defer w.mu.Unlock()
	if a := w.active; a != nil {
		w.active = nil
		w.finishLocked(a)
	}
	w.finished = true
	for _, s := range w.segs {
		s.closeFile()
	}
	if n := len(w.queue); n > 0 {
		w.log.Warn("CDRs not yet stored stay in the spool for the next start", "pending", n, "dir", w.dir)
	}
	if err := w.lock.Close(); err != nil {
		return fmt.Errorf("cdr: release spool lock: %w", err)
	}
	return nil
}

// Stats returns counters and the current backlog.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.stats
	s.Pending = len(w.queue)
	s.Segments = len(w.segs)
	return s
}
