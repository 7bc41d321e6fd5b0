package main

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/media/play"
	"github.com/dialtone-pbx/dialtone/media/prompts"
	"github.com/dialtone-pbx/dialtone/media/relay"
	"github.com/dialtone-pbx/dialtone/media/wav"
	"github.com/dialtone-pbx/dialtone/media/webrtc"
	"github.com/dialtone-pbx/dialtone/pbx/call"
	"github.com/dialtone-pbx/dialtone/pbx/cdr"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/snapshot"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc"
)

// callsPath is where a running server lists its live calls, to loopback
// clients only (`dialtone call list`).
const callsPath = "/internal/calls"

// callControl is the B2BUA with what it owns: the RTP relay pool and the
// durable CDR writer.
type callControl struct {
	sw     *call.Switch
	pool   *relay.Pool
	rtc    *webrtc.Engine // browsers' media (webrtc.go)
	probes responseTaker  // trunks' OPTIONS pings and REGISTERs (prober.go, trunkreg.go)
	cdrs   *cdr.Writer
	log    *slog.Logger
	stop   context.CancelFunc
	wg     sync.WaitGroup
	start  sync.Once
	down   sync.Once
}

// newCallControl opens the CDR spool (replaying what a crash left), the
// relay pool, and the switch; register connects it to the edge.
func newCallControl(ctx context.Context, cfg config.Config, st store.Store, w *snapshot.Watcher, reg *registrar.Registrar, edge *sbc.Edge, trunks *trunkSide, log *slog.Logger) (*callControl, error) {
	cdrs, err := cdr.Open(ctx, filepath.Join(cfg.DataDir, "cdr-spool"), st, log.With("component", "cdr"))
	if err != nil {
		return nil, fmt.Errorf("cdr spool: %w", err)
	}
	bind := netip.IPv4Unspecified()
	if cfg.MediaAddr != "" {
		bind = netip.MustParseAddr(cfg.MediaAddr) // validated by config
	}
	pool, err := relay.NewPool(relay.Config{
		Addr:              bind,
		PortMin:           cfg.RTPPorts.Low,
		PortMax:           cfg.RTPPorts.High,
		InactivityTimeout: cfg.RTPTimeout,
		Logger:            log.With("component", "relay"),
	})
	if err != nil {
		_ = cdrs.Close()
		return nil, fmt.Errorf("rtp relay: %w", err)
	}
	var algs []digest.Algorithm
	for _, a := range cfg.Algorithms() {
		algs = append(algs, digest.Algorithm(a))
	}
	opts := call.Options{
		Node:           cfg.NodeName,
		Realm:          cfg.SIPRealm,
		NonceKey:       []byte(rand.Text()),
		Algorithms:     algs,
		RingTimeout:    cfg.RingTimeout,
		MinSE:          cfg.SessionMinSE,
		SessionExpires: cfg.SessionExpires,
		RTPTimeout:     cfg.RTPTimeout,
		Codecs:         cfg.CodecList(),
		RecordDir:      filepath.Join(cfg.DataDir, "recordings"),
		RecordAll:      cfg.RecordCalls,
		Conference:     cfg.IsConference,
		Logger:         log,
	}
	moh, err := holdMusic(cfg.HoldMusic)
	if err != nil {
		_ = cdrs.Close()
		_ = pool.Close()
		return nil, &config.Error{Key: "moh", Env: "DIALTONE_MOH", Value: cfg.HoldMusic, Reason: err.Error()}
	}
	opts.HoldMusic = moh
	opts.Prompts = func(name string) (play.Source, error) {
		f, pcm, err := prompts.Open(name)
		if err != nil {
			return nil, err
		}
		return play.Once(f, pcm)
	}
	if cfg.PublicIP != "" {
		opts.PublicIP = netip.MustParseAddr(cfg.PublicIP)
	}
	if cfg.MediaAddr != "" && cfg.PublicIP == "" {
		if a := netip.MustParseAddr(cfg.MediaAddr); !a.IsUnspecified() {
			opts.MediaAddr = a
		}
	}
	rtc, err := newWebRTC(cfg, log)
	if err != nil {
		_ = cdrs.Close()
		_ = pool.Close()
		return nil, err
	}
	opts.WebRTC = call.WebRTCEngine(rtc)
	var probes responseTaker
	if trunks != nil {
		opts.Trunks = trunks.planner
		probes = trunks
	}
	// The edge as call.Dialer too: trunks over TCP and TLS.
	sw := call.New(directory{w}, reg, trunkEdge{edge}, call.Relay(pool), cdrs, opts)
	return &callControl{sw: sw, pool: pool, rtc: rtc, probes: probes, cdrs: cdrs, log: log}, nil
}

// register hands INVITE, ACK, BYE, CANCEL, INFO and UPDATE to the switch
// and lets it see responses before the registrar does.
func (cc *callControl) register(edge *sbc.Edge, reg *registrar.Registrar) {
	serve := func(r *sbc.Request) { cc.sw.ServeRequest(r) }
	for _, m := range []string{"INVITE", "ACK", "BYE", "CANCEL", "INFO", "UPDATE"} {
		edge.Handle(m, serve)
	}
	edge.OnResponse(func(res *sip.Response, f sbc.Flow) {
		if !cc.sw.HandleResponse(res, call.Flow(f)) && (cc.probes == nil || !cc.probes.HandleResponse(res)) {
			reg.HandleResponse(res)
		}
	})
}

// run starts the switch's timers and the CDR writer's store loop.
func (cc *callControl) run() {
	cc.start.Do(func() {
		ctx, cancel := context.WithCancel(context.Background())
		cc.stop = cancel
		cc.wg.Add(2)
		go func() { defer cc.wg.Done(); _ = cc.sw.Run(ctx) }()
		go func() {
			defer cc.wg.Done()
			if err := cc.cdrs.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
				cc.log.Warn("CDR writer stopped", "err", err)
			}
		}()
	})
}

// shutdown hangs up every call (CDRs written) while the edge still sends,
// then stops the timers, the writer (flushing to the store) and the relay.
func (cc *callControl) shutdown(grace time.Duration) {
	cc.down.Do(func() { cc.shutdownOnce(grace) })
}

func (cc *callControl) shutdownOnce(grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), max(grace, 2*time.Second))
	defer cancel()
	if err := cc.sw.Shutdown(ctx); err != nil {
		cc.log.Warn("calls still up at shutdown", "err", err)
	}
	if cc.stop != nil {
		cc.stop()
	}
	cc.wg.Wait()
	if err := cc.cdrs.Close(); err != nil {
		cc.log.Warn("closing the CDR writer", "err", err)
	}
	if err := cc.pool.Close(); err != nil {
		cc.log.Warn("closing the RTP relay", "err", err)
	}
	if err := cc.rtc.Close(); err != nil {
		cc.log.Warn("closing the WebRTC media endpoint", "err", err)
	}
}

// adminOptions shows live calls on the dashboard and to `dialtone call list`.
func (cc *callControl) adminOptions() []admin.Option {
	return append([]admin.Option{
		admin.WithCalls(liveCalls{cc.sw}),
		admin.WithHandler(callsPath, loopbackOnly(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Cache-Control", "no-store")
			_ = json.NewEncoder(w).Encode(cc.sw.Calls())
		}))),
		admin.WithHandler(recordPath, loopbackOnly(http.HandlerFunc(cc.serveRecord))),
	}, phoneOptions()...)
}

// recordPath starts or stops a call's recording (`dialtone call record`):
// POST with id= and, to stop, stop=1.
const recordPath = callsPath + "/record"

func (cc *callControl) serveRecord(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	id, stop := r.FormValue("id"), r.FormValue("stop") == "1"
	path, err := cc.sw.Record(r.Context(), id, !stop)
	switch {
	case errors.Is(err, call.ErrNoCall):
		http.Error(w, fmt.Sprintf("no call %q in progress", id), http.StatusNotFound)
		return
	case errors.Is(err, call.ErrNotAnswered):
		http.Error(w, fmt.Sprintf("call %q is not answered", id), http.StatusConflict)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{"id": id, "recording": path})
}

// holdMusic opens the configured music on hold once, so a bad file fails
// the start: builtin is the shipped loop, off is none.
func holdMusic(v string) (func() (play.Source, error), error) {
	var f wav.Format
	var pcm []int16
	var err error
	switch v {
	case "off":
		return nil, nil
	case "builtin":
		f, pcm, err = prompts.Open("moh")
	default:
		f, pcm, err = play.LoadFile(v)
	}
	if err != nil {
		return nil, err
	}
	if _, err := play.Loop(f, pcm); err != nil {
		return nil, err
	}
	return func() (play.Source, error) { return play.Loop(f, pcm) }, nil
}

// loopbackOnly answers 403 to anyone but a client on this host: the list
// carries dialog identifiers and addresses.
func loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ap, err := netip.ParseAddrPort(r.RemoteAddr)
		if err != nil || !ap.Addr().Unmap().IsLoopback() {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// liveCalls adapts the switch for the dashboard.
type liveCalls struct{ sw *call.Switch }

func (l liveCalls) ActiveCalls() []admin.Call {
	calls := l.sw.Calls()
	out := make([]admin.Call, 0, len(calls))
	for _, c := range calls {
		out = append(out, admin.Call{
			ID: c.ID, From: c.Caller.Number, FromName: c.Caller.Name,
			To: c.Callee.Number, ToName: c.Callee.Name, State: callState(c),
			StartedAt: c.StartedAt, AnsweredAt: c.AnsweredAt,
		})
	}
	return out
}

// callState is ringing, answered or held.
func callState(c call.State) string {
	if c.Phase == call.PhaseAnswered {
		for _, d := range append([]call.Dialog{c.A}, c.B...) {
			if d.Media.Direction == "sendonly" || d.Media.Direction == "inactive" {
				return "held"
			}
		}
	}
	return string(c.Phase)
}

// cmdCall shows the calls in progress, asking the running server over its
// HTTP listener (live calls exist only in its memory).
func cmdCall(ctx context.Context, c *cli, args []string) error {
	const usage = "call list [--json] | call record ID [--stop]"
	if len(args) > 0 && args[0] == "record" {
		return cmdCallRecord(ctx, c, args[1:])
	}
	if len(args) == 0 || args[0] != "list" {
		return usagef("want %s", usage)
	}
	fs := c.newFlagSet("call list", usage)
	asJSON := fs.Bool("json", false, "print JSON")
	cfg, pos, err := c.parseWithConfig(fs, args[1:])
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 0, usage); err != nil {
		return err
	}
	var calls []call.State
	if err := getInternal(ctx, cfg, callsPath, &calls); err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(calls)
	}
	now := time.Now()
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFROM\tTO\tSTATE\tDURATION\tCODEC A/B\tMEDIA A\tMEDIA B")
	for _, s := range calls {
		var b call.Dialog
		if len(s.B) > 0 {
			b = s.B[0]
		}
		dur := now.Sub(s.StartedAt)
		if !s.AnsweredAt.IsZero() {
			dur = now.Sub(s.AnsweredAt)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s/%s\t%s\t%s\n", s.ID, s.Caller.Number, s.Callee.Number, callState(s),
			dur.Round(time.Second), orDash(s.A.Media.Codec), orDash(b.Media.Codec), media(s.A.Media), media(b.Media))
	}
	return tw.Flush()
}

// loopbackTarget turns the configured listener into an address to dial
// from this host: a wildcard becomes loopback.
func loopbackTarget(listen string) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return listen
	}
	switch a, err := netip.ParseAddr(host); {
	case host == "" || (err == nil && a.Is4() && a.IsUnspecified()):
		host = "127.0.0.1"
	case err == nil && a.IsUnspecified():
		host = "::1"
	}
	return net.JoinHostPort(host, port)
}

func media(m call.LegMedia) string {
	if m.Port == 0 {
		return "-"
	}
	peer := "-"
	if m.Latched.IsValid() {
		peer = m.Latched.String()
	} else if m.Remote.IsValid() {
		peer = m.Remote.String()
	}
	return fmt.Sprintf(":%d⇄%s", m.Port, peer)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// cmdCallRecord starts or stops recording a call in progress on the
// running server; it prints the recording's path.
func cmdCallRecord(ctx context.Context, c *cli, args []string) error {
	const usage = "call record ID [--stop]"
	fs := c.newFlagSet("call record", usage)
	stop := fs.Bool("stop", false, "stop recording")
	cfg, pos, err := c.parseWithConfig(fs, args)
	if err != nil {
		return err
	}
	if err := wantArgs(pos, 1, usage); err != nil {
		return err
	}
	form := url.Values{"id": {pos[0]}}
	if *stop {
		form.Set("stop", "1")
	}
	target := "http://" + loopbackTarget(cfg.HTTPListen) + recordPath
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("is dialtone serve running? %w", err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("call record %s: %s", pos[0], strings.TrimSpace(string(body)))
	}
	var out struct {
		Recording string `json:"recording"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	fmt.Fprintln(c.stdout, out.Recording)
	return nil
}

// getInternal reads JSON from one of the running server's loopback-only
// endpoints (/internal/...) into out.
func getInternal(ctx context.Context, cfg config.Config, path string, out any) error {
	url := "http://" + loopbackTarget(cfg.HTTPListen) + path
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("is dialtone serve running? %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 512))
		return fmt.Errorf("%s: %s %s", url, res.Status, b)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	return nil
}
