// Package snapshot keeps the softswitch's view of the configuration: an
// immutable value read from the store, replaced whole when the store's
// configuration version changes, so a call in progress always sees one
// consistent configuration. Changes made by another process (the CLI, the
// admin UI, the other node of a pair) arrive within one poll interval.
package snapshot

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan/outbound"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Snapshot is one consistent view of the configuration. It is never
// modified after it is built.
type Snapshot struct {
	Version    int64
	LoadedAt   time.Time
	extensions map[string]store.Extension
	numbers    []string // sorted, for listing

	routing // trunks, DIDs, outbound routes (routing.go)
}

// Extension returns the extension with this number.
func (s *Snapshot) Extension(number string) (store.Extension, bool) {
	e, ok := s.extensions[number]
	return e, ok
}

// Len is the number of extensions.
func (s *Snapshot) Len() int { return len(s.extensions) }

// Numbers lists the extension numbers in order.
func (s *Snapshot) Numbers() []string { return append([]string(nil), s.numbers...) }

// Source is what the watcher reads from; the store satisfies it.
type Source interface {
	ConfigVersion(ctx context.Context) (int64, error)
	ListExtensions(ctx context.Context) ([]store.Extension, error)
	ListTrunks(ctx context.Context) ([]store.Trunk, error)
	ListDIDs(ctx context.Context) ([]store.DID, error)
	ListRoutes(ctx context.Context) ([]store.Route, error)
}

// Watcher holds the current snapshot and replaces it when the store changes.
type Watcher struct {
	src      Source
	interval time.Duration
	log      *slog.Logger
	plan     outbound.NumberingPlan
	unknown  string
	cur      atomic.Pointer[Snapshot]
}

// Option configures a Watcher.
type Option func(*Watcher)

// WithCountry sets the E.164 country code (the `country` setting) that
// dialled numbers and national-form DIDs are normalised with: the
// numbering plan becomes outbound.DefaultPlan(cc). The default is "1".
func WithCountry(cc string) Option {
	return func(w *Watcher) { w.plan = outbound.DefaultPlan(cc) }
}

// WithPlan sets the whole numbering plan (area code, local dialling,
// emergency numbers), for what WithCountry's default does not fit.
func WithPlan(p outbound.NumberingPlan) Option {
	return func(w *Watcher) { w.plan = p }
}

// WithUnknownDID names the extension that takes trunk calls to numbers
// with no DID (the `unknown_did` setting); "" refuses them with 404.
func WithUnknownDID(extension string) Option {
	return func(w *Watcher) { w.unknown = extension }
}

// NewWatcher returns a watcher polling src every interval.
func NewWatcher(src Source, interval time.Duration, log *slog.Logger, opts ...Option) *Watcher {
	w := &Watcher{src: src, interval: interval, log: log, plan: outbound.NANP()}
	for _, o := range opts {
		o(w)
	}
	return w
}

// Current returns the latest snapshot, or nil before the first Load.
func (w *Watcher) Current() *Snapshot { return w.cur.Load() }

// Load reads the configuration now if its version changed.
func (w *Watcher) Load(ctx context.Context) error {
	v, err := w.src.ConfigVersion(ctx)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	if cur := w.cur.Load(); cur != nil && cur.Version == v {
		return nil
	}
	exts, err := w.src.ListExtensions(ctx)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	trunks, err := w.src.ListTrunks(ctx)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	dids, err := w.src.ListDIDs(ctx)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	routes, err := w.src.ListRoutes(ctx)
	if err != nil {
		return fmt.Errorf("snapshot: %w", err)
	}
	s := &Snapshot{Version: v, LoadedAt: time.Now(), extensions: make(map[string]store.Extension, len(exts))}
	for _, e := range exts {
		s.extensions[e.Number] = e
		s.numbers = append(s.numbers, e.Number)
	}
	for _, problem := range s.routing.build(w.plan, w.unknown, trunks, dids, routes) {
		w.log.Warn("configuration entry ignored", "version", v, "problem", problem)
	}
	w.cur.Store(s)
	w.log.Info("configuration loaded", "version", v, "extensions", len(exts), "trunks", len(trunks),
		"dids", s.routing.dids.Len(), "routes", len(s.routing.routes))
	return nil
}

// Run polls until ctx is done. A failed poll is logged and retried; the
// previous snapshot stays in force meanwhile.
func (w *Watcher) Run(ctx context.Context) {
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := w.Load(ctx); err != nil && ctx.Err() == nil {
				w.log.Warn("configuration reload failed; keeping the previous snapshot", "err", err)
			}
		}
	}
}
