package registrar

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"
)

// A keep-alive's Call-ID names the binding it probes, so a response finds
// its binding without a table: "ka-<binding id>-<token>-<extension>". The
// random token makes a forged answer that keeps a dead contact alive a
// 64-bit guess.
const probePrefix = "ka-"

// probe is one keep-alive OPTIONS to send, copied out of the lock.
type probe struct {
	ext, uri      string
	id, token     uint64
	cseq          uint32
	local, remote netip.AddrPort
}

// keepAliveLoop checks several times per interval for bindings whose probe
// is due; each binding's schedule starts when it registers, so probes spread
// over the interval instead of leaving in bursts.
func (r *Registrar) keepAliveLoop(ctx context.Context) {
	tick := min(time.Second, max(r.opts.KeepAlive/4, 10*time.Millisecond))
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			r.keepAlive(ctx, r.now())
		}
	}
}

// keepAlive sends the probes due at now and drops contacts that left
// keepAliveMisses probes in a row unanswered.
func (r *Registrar) keepAlive(ctx context.Context, now time.Time) {
	for _, p := range r.dueProbes(now) {
		if ctx.Err() != nil {
			return
		}
		r.sendProbe(ctx, &p)
	}
}

func (r *Registrar) dueProbes(now time.Time) []probe {
	ns := now.UnixNano()
	every := int64(r.opts.KeepAlive)
	var out []probe
	for i := range r.loc.shards {
		sh := &r.loc.shards[i]
		sh.mu.Lock()
		for ext, a := range sh.aors {
			for j := 0; j < len(a.bindings); {
				b := &a.bindings[j]
				if !b.natted || b.nextProbe > ns {
					j++
					continue
				}
				if b.misses >= keepAliveMisses {
					r.log.Info("contact dropped: no answer to keep-alives", "extension", ext, "contact", b.URI,
						"source", b.Source, "missed", b.misses)
					r.enqueueDelete(ext, b.URI)
					a.remove(j)
					r.stats.contacts.Add(-1)
					r.stats.kaDrops.Add(1)
					continue
				}
				b.misses++
				b.probe = rand.Uint64()
				b.probeCSeq++
				b.nextProbe = ns + every
				out = append(out, probe{ext: ext, uri: b.URI, id: b.id, token: b.probe, cseq: b.probeCSeq,
					local: b.Local, remote: b.Source})
				j++
			}
			if len(a.bindings) == 0 {
				delete(sh.aors, ext)
			}
		}
		sh.mu.Unlock()
	}
	return out
}

func (r *Registrar) sendProbe(ctx context.Context, p *probe) {
	req, err := r.probeRequest(p)
	if err == nil {
		sctx, cancel := context.WithTimeout(ctx, r.sendTimeout)
		err = r.send.SendRequest(sctx, "udp", p.local, p.remote, 0, req)
		cancel()
	}
	if err != nil {
		r.stats.kaFailed.Add(1)
		r.log.Debug("keep-alive not sent", "extension", p.ext, "contact", p.uri, "err", err)
		return
	}
	r.stats.kaSent.Add(1)
}

// probeRequest builds the OPTIONS (RFC 3261 §11) sent to the NAT mapping;
// the edge adds Via and sends it from Local to Source, the path the phone's
// REGISTER came in on.
func (r *Registrar) probeRequest(p *probe) (*sip.Request, error) {
	var to sip.Uri
	if err := sip.ParseUri(p.uri, &to); err != nil {
		return nil, fmt.Errorf("registrar: keep-alive to %q: %w", p.uri, err)
	}
	req := sip.NewRequest(sip.OPTIONS, to)
	from := &sip.FromHeader{
		Address: sip.Uri{Scheme: "sip", User: "dialtone", Host: r.kaHost},
		Params:  sip.NewParams(),
	}
	from.Params.Add("tag", strconv.FormatUint(p.token, 36))
	req.AppendHeader(from)
	req.AppendHeader(&sip.ToHeader{Address: to})
	callID := sip.CallIDHeader(probePrefix + strconv.FormatUint(p.id, 16) + "-" + strconv.FormatUint(p.token, 16) + "-" + p.ext)
	req.AppendHeader(&callID)
	req.AppendHeader(&sip.CSeqHeader{SeqNo: p.cseq, MethodName: sip.OPTIONS})
	maxFwd := sip.MaxForwardsHeader(70)
	req.AppendHeader(&maxFwd)
	clen := sip.ContentLengthHeader(0)
	req.AppendHeader(&clen)
	return req, nil
}

// HandleResponse takes responses to our keep-alive OPTIONS. Any response,
// even an error, proves the NAT mapping and the phone are alive.
func (r *Registrar) HandleResponse(res *sip.Response) {
	if res == nil {
		return
	}
	cid, cseq := res.CallID(), res.CSeq()
	if cid == nil || cseq == nil || cseq.MethodName != sip.OPTIONS {
		return
	}
	id, token, ext, ok := parseProbeCallID(string(*cid))
	if !ok {
		return
	}
	sh := r.loc.shard(ext)
	sh.mu.Lock()
	if a := sh.aors[ext]; a != nil {
		for i := range a.bindings {
			if b := &a.bindings[i]; b.id == id {
				if b.probe == token {
					b.misses = 0
				}
				break
			}
		}
	}
	sh.mu.Unlock()
}

func parseProbeCallID(s string) (id, token uint64, ext string, ok bool) {
	rest, ok := strings.CutPrefix(s, probePrefix)
	if !ok {
		return 0, 0, "", false
	}
	idStr, rest, ok1 := strings.Cut(rest, "-")
	tokStr, ext, ok2 := strings.Cut(rest, "-")
	if !ok1 || !ok2 {
		return 0, 0, "", false
	}
	id, err1 := strconv.ParseUint(idStr, 16, 64)
	token, err2 := strconv.ParseUint(tokStr, 16, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, "", false
	}
	return id, token, ext, true
}
