package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
)

// The dashboard's live view: one goroutine polls the registrar and the
// calls every eventEvery while someone watches, and pushes what changed to
// every open /events stream (server-sent events). A new stream starts
// with a snapshot; then come diffs.

// event is one server-sent event.
type event struct {
	name string
	data []byte
}

// diff is what changed in a keyed list since the previous poll.
type diff[T any] struct {
	Added   []T      `json:"added"`
	Changed []T      `json:"changed"`
	Removed []string `json:"removed"`
}

func (d diff[T]) empty() bool { return len(d.Added)+len(d.Changed)+len(d.Removed) == 0 }

// phoneItem and callItem carry the key the browser keeps rows by.
type phoneItem struct {
	Key string `json:"key"`
	Phone
}

type callItem struct {
	Key string `json:"key"`
	Call
}

type snapshot struct {
	Phones []phoneItem `json:"phones"`
	Calls  []callItem  `json:"calls"`
	Health healthJSON  `json:"health"`
}

// healthEvery is how many polls pass between health events.
const healthEvery = 5

type hub struct {
	s       *Server
	mu      sync.Mutex
	subs    map[chan event]struct{}
	running bool
	phones  map[string]phoneItem
	calls   map[string]callItem
	health  healthJSON
}

func newHub(s *Server) *hub { return &hub{s: s, subs: map[chan event]struct{}{}} }

func (h *hub) pollPhones() map[string]phoneItem {
	out := map[string]phoneItem{}
	for _, p := range h.s.phones() {
		k := p.Extension + " " + p.URI
		out[k] = phoneItem{Key: k, Phone: p}
	}
	return out
}

func (h *hub) pollCalls() map[string]callItem {
	out := map[string]callItem{}
	for _, c := range h.s.calls.ActiveCalls() {
		out[c.ID] = callItem{Key: c.ID, Call: c}
	}
	return out
}

// diffMaps compares two polls; items come out ordered by key.
func diffMaps[T any](old, cur map[string]T) diff[T] {
	var d diff[T]
	for _, k := range sortedKeys(cur) {
		o, ok := old[k]
		switch {
		case !ok:
			d.Added = append(d.Added, cur[k])
		case !reflect.DeepEqual(o, cur[k]):
			d.Changed = append(d.Changed, cur[k])
		}
	}
	for _, k := range sortedKeys(old) {
		if _, ok := cur[k]; !ok {
			d.Removed = append(d.Removed, k)
		}
	}
	return d
}

func sortedKeys[T any](m map[string]T) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func values[T any](m map[string]T) []T {
	out := make([]T, 0, len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, m[k])
	}
	return out
}

// subscribe returns a stream of events and the snapshot they follow.
func (h *hub) subscribe(ctx context.Context) (chan event, snapshot) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.running {
		h.phones, h.calls = h.pollPhones(), h.pollCalls()
		h.health = h.s.health(ctx)
		h.running = true
		go h.run()
	}
	ch := make(chan event, 64)
	h.subs[ch] = struct{}{}
	return ch, snapshot{Phones: values(h.phones), Calls: values(h.calls), Health: h.health}
}

func (h *hub) unsubscribe(ch chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[ch]; ok {
		delete(h.subs, ch)
		close(ch)
	}
}

// run polls while anyone listens.
func (h *hub) run() {
	t := time.NewTicker(h.s.eventEvery)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-h.s.stopping:
			h.mu.Lock()
			h.running = false
			h.mu.Unlock()
			return
		case <-t.C:
		}
		phones, calls := h.pollPhones(), h.pollCalls()
		var health *healthJSON
		if n%healthEvery == 0 {
			hj := h.s.health(context.Background())
			health = &hj
		}
		h.mu.Lock()
		if len(h.subs) == 0 {
			h.running = false
			h.mu.Unlock()
			return
		}
		var evs []event
		if d := diffMaps(h.phones, phones); !d.empty() {
			evs = append(evs, mustEvent("phones", d))
		}
		if d := diffMaps(h.calls, calls); !d.empty() {
			evs = append(evs, mustEvent("calls", d))
		}
		if health != nil {
			h.health = *health
			evs = append(evs, mustEvent("health", health))
		}
		h.phones, h.calls = phones, calls
		for ch := range h.subs {
			for _, ev := range evs {
				select {
				case ch <- ev:
				default:
					// A stream that cannot keep up is closed; the browser
					// reconnects and starts again from a snapshot.
					delete(h.subs, ch)
					close(ch)
				}
				if _, ok := h.subs[ch]; !ok {
					break
				}
			}
		}
		h.mu.Unlock()
	}
}

func mustEvent(name string, v any) event {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("event %s: %v", name, err)) // plain structs of strings, numbers and times
	}
	return event{name: name, data: b}
}

// Timing of a stream.
const (
	keepAliveEvery = 15 * time.Second
	recheckEvery   = time.Minute
)

// events is GET /events: the dashboard's live stream. It ends when the
// session ends (checked every minute), at the session's absolute expiry,
// or when the server shuts down.
func (s *Server) events(c echo.Context) error {
	p := principalOf(c)
	ctx := c.Request().Context()
	w := c.Response()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	ch, snap := s.hub.subscribe(ctx)
	defer s.hub.unsubscribe(ch)
	write := func(ev event) error {
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data); err != nil {
			return err
		}
		w.Flush()
		return nil
	}
	if _, err := fmt.Fprint(w, "retry: 2000\n\n"); err != nil {
		return nil
	}
	if err := write(mustEvent("snapshot", snap)); err != nil {
		return nil
	}
	keep := time.NewTicker(keepAliveEvery)
	defer keep.Stop()
	recheck := time.NewTicker(recheckEvery)
	defer recheck.Stop()
	end := time.NewTimer(p.Session.ExpiresAt.Sub(s.now()))
	defer end.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.stopping:
			return nil
		case <-end.C:
			return nil
		case <-recheck.C:
			if _, err := s.st.GetSession(ctx, p.Session.IDHash); err != nil {
				return nil // logged out or expired
			}
		case <-keep.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return nil
			}
			w.Flush()
		case ev, ok := <-ch:
			if !ok {
				return nil
			}
			if err := write(ev); err != nil {
				return nil
			}
		}
	}
}
