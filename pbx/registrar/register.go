package registrar

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/emiago/sipgo/sip"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// regHeaders are the headers of a REGISTER the registrar reads, found in one
// pass over the message (sipgo leaves these as generic headers).
type regHeaders struct {
	auth       [2]string // Authorization, one per realm at most (RFC 3261 §22.4); two are plenty
	nauth      int
	expires    string
	hasExpires bool
	userAgent  string
	require    string
	contacts   []*sip.ContactHeader
}

func scanHeaders(m *sip.Request, h *regHeaders) {
	for _, hdr := range m.Headers() {
		if c, ok := hdr.(*sip.ContactHeader); ok {
			h.contacts = append(h.contacts, c)
			continue
		}
		name := hdr.Name()
		switch {
		case strings.EqualFold(name, "Authorization"):
			if h.nauth < len(h.auth) {
				h.auth[h.nauth] = hdr.Value()
				h.nauth++
			}
		case strings.EqualFold(name, "Expires"):
			if !h.hasExpires {
				h.expires, h.hasExpires = hdr.Value(), true
			}
		case strings.EqualFold(name, "User-Agent"):
			h.userAgent = hdr.Value()
		case strings.EqualFold(name, "Require"):
			if h.require == "" {
				h.require = hdr.Value()
			} else {
				h.require += ", " + hdr.Value()
			}
		}
	}
}

// ServeREGISTER processes one REGISTER (RFC 3261 §10.3) and answers it. It
// runs on the edge's reader goroutine: it touches only memory, never the
// database, and holds one shard lock for a few microseconds.
func (r *Registrar) ServeREGISTER(req Request) {
	m := req.SIP()
	if m == nil {
		return
	}
	if m.Method != sip.REGISTER {
		r.reply(req, 405, "Method Not Allowed", sip.NewHeader("Allow", "REGISTER"))
		return
	}
	to, from, cseq, callID := m.To(), m.From(), m.CSeq(), m.CallID()
	if to == nil || from == nil || cseq == nil || callID == nil || cseq.MethodName != sip.REGISTER || *callID == "" {
		r.stats.badReqs.Add(1)
		r.reply(req, 400, "Missing To, From, Call-ID or CSeq")
		return
	}
	var cbuf [4]*sip.ContactHeader
	h := regHeaders{contacts: cbuf[:0]}
	scanHeaders(m, &h)
	// Step 2: we implement no extension a REGISTER may require (RFC 3261 §8.2.2.3).
	if h.require != "" {
		r.stats.badReqs.Add(1)
		r.reply(req, 420, "Bad Extension", sip.NewHeader("Unsupported", h.require))
		return
	}
	ext, ok := r.authenticate(req, &h, to.Address.User, from.Address.User)
	if !ok {
		return
	}
	r.bind(req, m, ext, &h)
}

// authenticate runs steps 3 and 4 of RFC 3261 §10.3. Unknown, disabled and
// mis-configured extensions go through the same Verify with a dummy HA1, so
// they answer exactly like a wrong password: no extension enumeration.
func (r *Registrar) authenticate(req Request, h *regHeaders, toUser, fromUser string) (store.Extension, bool) {
	if h.nauth == 0 {
		r.challenge(req, false)
		return store.Extension{}, false
	}
	var creds digest.Credentials
	var err error
	for i := range h.nauth {
		creds, err = digest.ParseCredentials(h.auth[i])
		if err == nil && creds.Realm == r.opts.Realm {
			break
		}
	}
	switch {
	case errors.Is(err, digest.ErrAlgorithm):
		// Offer what we support again (RFC 8760 §2.4); not a password failure.
		r.challenge(req, false)
		return store.Extension{}, false
	case err != nil:
		r.stats.badReqs.Add(1)
		r.reply(req, 400, "Malformed Authorization")
		return store.Extension{}, false
	}
	// Step 4: only the owner may register its address-of-record; no
	// third-party registration. Decided before looking anyone up.
	if creds.Username != toUser || fromUser != toUser {
		r.stats.forbidden.Add(1)
		r.reply(req, 403, "Forbidden")
		return store.Extension{}, false
	}
	ext, found := r.dir.Extension(toUser)
	usable := found && ext.Enabled && ext.Realm == r.opts.Realm
	var ha1 string
	switch creds.Algorithm {
	case digest.SHA256:
		ha1 = r.dummyHA1[1]
		if usable {
			ha1 = ext.HA1SHA256
		}
	default:
		ha1 = r.dummyHA1[0]
		if usable {
			ha1 = ext.HA1MD5
		}
	}
	err = r.auth.Verify(creds, string(sip.REGISTER), ha1)
	switch {
	case err == nil && usable:
		return ext, true
	case errors.Is(err, digest.ErrStale):
		// Right password, old nonce: retry silently (RFC 2617 §3.2.1).
		r.challenge(req, true)
	case errors.Is(err, digest.ErrMalformed):
		r.stats.badReqs.Add(1)
		r.reply(req, 400, "Malformed Authorization")
	default:
		// RFC 3261 §22.2: re-challenge; the edge counts the failure toward a ban.
		r.stats.authFailures.Add(1)
		req.AuthFailed()
		if r.log.Enabled(context.Background(), slog.LevelDebug) {
			r.log.Debug("REGISTER authentication failed", "user", creds.Username, "source", req.Source(), "err", err)
		}
		r.challenge(req, false)
	}
	return store.Extension{}, false
}

func (r *Registrar) challenge(req Request, stale bool) {
	r.stats.challenges.Add(1)
	var ch []string
	if len(r.opts.Algorithms) > 0 {
		ch = r.auth.ChallengeFor(r.opts.Algorithms, stale)
	} else {
		ch = r.auth.ChallengeAll(stale)
	}
	hdrs := make([]sip.Header, len(ch))
	for i, v := range ch {
		hdrs[i] = sip.NewHeader("WWW-Authenticate", v)
	}
	r.reply(req, 401, "Unauthorized", hdrs...)
}

func (r *Registrar) reply(req Request, code int, reason string, hdrs ...sip.Header) {
	if err := req.Respond(code, reason, hdrs...); err != nil && r.log.Enabled(context.Background(), slog.LevelDebug) {
		r.log.Debug("REGISTER response not sent", "code", code, "source", req.Source(), "err", err)
	}
}

// plan is what one Contact of the request asks for, checked before any
// binding changes so the request applies completely or not at all
// (RFC 3261 §10.3 step 7).
type plan struct {
	c          *sip.ContactHeader
	start, end int           // the Contact URI in the scratch buffer
	exp        time.Duration // 0 removes the binding
	instance   string
	regID      int
}

// uriBuf collects contact URIs without allocating a string per REGISTER:
// a refresh compares them with the stored URI and allocates nothing.
type uriBuf struct{ b []byte }

func (w *uriBuf) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

// bind runs steps 6 to 8 of RFC 3261 §10.3 for an authenticated request.
func (r *Registrar) bind(req Request, m *sip.Request, ext store.Extension, h *regHeaders) {
	now := r.now()
	callID := string(*m.CallID())
	cseq := m.CSeq().SeqNo
	hdrExp := r.opts.DefaultExpires
	if h.hasExpires {
		hdrExp = r.parseExpires(h.expires)
	}
	if len(h.contacts) == 0 {
		r.query(req, ext.Number, now) // step 8 with nothing to change: a query
		return
	}
	for _, c := range h.contacts {
		if c.Address.Wildcard {
			// Step 6: "*" only alone and only with Expires: 0.
			if len(h.contacts) != 1 || !h.hasExpires || !isZero(h.expires) {
				r.stats.badReqs.Add(1)
				r.reply(req, 400, "Invalid wildcard Contact")
				return
			}
			r.unbindAll(req, ext.Number, callID, cseq, now)
			return
		}
	}

	buf := r.bufs.Get().(*uriBuf)
	defer func() { buf.b = buf.b[:0]; r.bufs.Put(buf) }()
	var pbuf [4]plan
	plans := pbuf[:0]
	active, tooBrief := 0, false
	for _, c := range h.contacts {
		if (c.Address.Scheme != "sip" && c.Address.Scheme != "sips") || c.Address.Host == "" {
			r.stats.badReqs.Add(1)
			r.reply(req, 400, "Unsupported Contact URI")
			return
		}
		exp := hdrExp
		if v, ok := param(c.Params, "expires"); ok {
			exp = r.parseExpires(v)
		}
		switch {
		case exp == 0:
		case exp < r.opts.MinExpires:
			tooBrief = true
		default:
			exp = min(exp, r.opts.MaxExpires) // step 7: the registrar may shorten
			active++
		}
		start := len(buf.b)
		c.Address.StringWrite(buf)
		p := plan{c: c, start: start, end: len(buf.b), exp: exp}
		if v, ok := param(c.Params, "+sip.instance"); ok {
			p.instance = strings.Trim(v, `"`)
			if v, ok := param(c.Params, "reg-id"); ok {
				p.regID, _ = strconv.Atoi(v)
			}
		}
		plans = append(plans, p)
	}
	if tooBrief {
		r.stats.tooBrief.Add(1)
		r.reply(req, 423, "Interval Too Brief",
			sip.NewHeader("Min-Expires", strconv.FormatInt(int64(r.opts.MinExpires/time.Second), 10)))
		return
	}
	if active > r.opts.MaxContacts {
		r.stats.forbidden.Add(1)
		r.reply(req, 403, "Too many contacts")
		return
	}

	touch := r.ids.Add(1)
	sh := r.loc.shard(ext.Number)
	sh.mu.Lock()
	a := sh.aors[ext.Number]
	if a != nil {
		// Step 7: a binding from the same Call-ID must move forward in CSeq;
		// an older or repeated request changes nothing.
		for i := range plans {
			p := &plans[i]
			j := a.findInstance(p.instance, p.regID)
			if j < 0 {
				j = a.find(buf.b[p.start:p.end])
			}
			if j >= 0 && a.bindings[j].CallID == callID && cseq <= a.bindings[j].CSeq {
				sh.mu.Unlock()
				r.stats.outOfOrder.Add(1)
				r.reply(req, 500, "Out of order")
				return
			}
		}
	} else if active > 0 {
		a = &aor{bindings: make([]binding, 0, 1)}
		sh.aors[ext.Number] = a
	}
	if a != nil {
		for i := range plans {
			r.apply(a, &plans[i], buf.b[plans[i].start:plans[i].end], req, h, ext.Number, callID, cseq, touch, now)
		}
		r.evict(a, touch)
		if len(a.bindings) == 0 {
			delete(sh.aors, ext.Number)
		}
	}
	hdrs := r.bindingHeaders(a, now)
	sh.mu.Unlock()
	r.reply(req, 200, "OK", hdrs...)
}

// apply changes one binding; the caller holds the shard lock.
func (r *Registrar) apply(a *aor, p *plan, uri []byte, req Request, h *regHeaders, ext, callID string, cseq uint32, touch uint64, now time.Time) {
	j := a.findInstance(p.instance, p.regID)
	if j < 0 {
		j = a.find(uri)
	}
	if p.exp == 0 {
		if j >= 0 {
			r.enqueueDelete(ext, a.bindings[j].URI)
			a.remove(j)
			r.stats.unregisters.Add(1)
			r.stats.contacts.Add(-1)
		}
		return
	}
	if j < 0 {
		a.bindings = append(a.bindings, binding{id: r.ids.Add(1)})
		j = len(a.bindings) - 1
		a.bindings[j].Extension = ext
		a.bindings[j].URI = string(uri)
		r.stats.registrations.Add(1)
		r.stats.contacts.Add(1)
	} else {
		if a.bindings[j].URI != string(uri) {
			// Same instance and reg-id from a new URI (RFC 5626 §6): the
			// flow replaces the old binding, and its row goes too.
			r.enqueueDelete(ext, a.bindings[j].URI)
			a.bindings[j].URI = string(uri)
			if k := a.findOther(uri, j); k >= 0 {
				a.remove(k)
				r.stats.contacts.Add(-1)
				if k < j {
					j--
				}
			}
		}
		r.stats.refreshes.Add(1)
	}
	b := &a.bindings[j]
	tr := transportName(req.Transport())
	src := req.Source()
	moved := b.Transport != tr || b.Source != src
	b.Transport = tr
	b.Source = src
	b.Local = req.Local()
	b.FlowID = req.FlowID()
	b.CSeq = cseq
	b.Expires = now.Add(p.exp)
	b.RegID = p.regID
	b.Node = r.opts.Node
	b.touched = touch
	b.misses = 0 // a REGISTER proves the path works
	if b.CallID != callID {
		b.CallID = strings.Clone(callID)
	}
	if b.UserAgent != h.userAgent {
		b.UserAgent = strings.Clone(h.userAgent)
	}
	if b.Instance != p.instance {
		b.Instance = strings.Clone(p.instance)
	}
	if moved || b.nextProbe == 0 {
		b.natted = r.opts.KeepAlive > 0 && behindNAT(tr, src, &p.c.Address)
		b.nextProbe = now.Add(r.opts.KeepAlive).UnixNano()
	}
	r.enqueueSave(&b.Contact)
}

// evict keeps at most MaxContacts bindings: the ones least recently
// registered go first, never one this request just touched. RFC 3261 leaves
// the policy to the registrar; keeping the newest lets a phone whose NAT
// mapping or IP changed register again without waiting for its old
// bindings to expire (the same reason RFC 5626 replaces flows).
func (r *Registrar) evict(a *aor, touch uint64) {
	for len(a.bindings) > r.opts.MaxContacts {
		old := -1
		for i := range a.bindings {
			if a.bindings[i].touched != touch && (old < 0 || a.bindings[i].touched < a.bindings[old].touched) {
				old = i
			}
		}
		if old < 0 {
			return
		}
		r.enqueueDelete(a.bindings[old].Extension, a.bindings[old].URI)
		a.remove(old)
		r.stats.contacts.Add(-1)
	}
}

// unbindAll handles "Contact: *" with Expires: 0 (RFC 3261 §10.3 step 6).
func (r *Registrar) unbindAll(req Request, ext, callID string, cseq uint32, now time.Time) {
	sh := r.loc.shard(ext)
	sh.mu.Lock()
	if a := sh.aors[ext]; a != nil {
		for i := range a.bindings {
			if a.bindings[i].CallID == callID && cseq <= a.bindings[i].CSeq {
				sh.mu.Unlock()
				r.stats.outOfOrder.Add(1)
				r.reply(req, 500, "Out of order")
				return
			}
		}
		for i := range a.bindings {
			r.enqueueDelete(ext, a.bindings[i].URI)
		}
		r.stats.unregisters.Add(uint64(len(a.bindings)))
		r.stats.contacts.Add(-int64(len(a.bindings)))
		delete(sh.aors, ext)
	}
	sh.mu.Unlock()
	r.reply(req, 200, "OK", r.dateHeader(now))
}

func (r *Registrar) query(req Request, ext string, now time.Time) {
	sh := r.loc.shard(ext)
	sh.mu.RLock()
	hdrs := r.bindingHeaders(sh.aors[ext], now)
	sh.mu.RUnlock()
	r.reply(req, 200, "OK", hdrs...)
}

// bindingHeaders lists every current binding with its remaining time and
// the Date (RFC 3261 §10.3 step 8).
func (r *Registrar) bindingHeaders(a *aor, now time.Time) []sip.Header {
	n := 1
	if a != nil {
		n += len(a.bindings)
	}
	hdrs := make([]sip.Header, 0, n)
	if a != nil {
		for i := range a.bindings {
			left := a.bindings[i].Expires.Sub(now)
			if left <= 0 {
				continue
			}
			secs := int64((left + time.Second - 1) / time.Second)
			var nb [20]byte
			hdrs = append(hdrs, sip.NewHeader("Contact",
				"<"+a.bindings[i].URI+">;expires="+string(strconv.AppendInt(nb[:0], secs, 10))))
		}
	}
	return append(hdrs, r.dateHeader(now))
}

// findOther is find skipping index skip.
func (a *aor) findOther(uri []byte, skip int) int {
	for i := range a.bindings {
		if i != skip && a.bindings[i].URI == string(uri) {
			return i
		}
	}
	return -1
}

// parseExpires reads delta-seconds. RFC 3261 §20.19 and §20.10: a malformed
// value counts as 3600 (our default), a huge one as 2³²-1 (then shortened).
func (r *Registrar) parseExpires(v string) time.Duration {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) {
			return r.opts.MaxExpires
		}
		return r.opts.DefaultExpires
	}
	if n > math.MaxUint32 {
		n = math.MaxUint32
	}
	return time.Duration(n) * time.Second
}

func isZero(v string) bool {
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	return err == nil && n == 0
}

// param finds a header parameter by case-insensitive name (RFC 3261 §7.3.1).
func param(ps sip.HeaderParams, name string) (string, bool) {
	for _, kv := range ps {
		if strings.EqualFold(kv.K, name) {
			return kv.V, true
		}
	}
	return "", false
}

// dateCache keeps the Date header of the current second: one string for
// every 200 in that second.
type dateCache struct {
	sec int64
	hdr sip.Header
}

// dateHeader returns "Date: <RFC 1123 GMT>" (RFC 3261 §20.17), which lets
// phones without a clock learn the time.
func (r *Registrar) dateHeader(now time.Time) sip.Header {
	sec := now.Unix()
	if d := r.date.Load(); d != nil && d.sec == sec {
		return d.hdr
	}
	d := &dateCache{sec: sec, hdr: sip.NewHeader("Date", now.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT"))}
	r.date.Store(d)
	return d.hdr
}
