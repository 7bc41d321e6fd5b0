package admin

import (
	"context"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// What the API returns and the pages show: store values without secrets.

type extensionJSON struct {
	Number          string    `json:"number"`
	Name            string    `json:"name"`
	Enabled         bool      `json:"enabled"`
	CallerID        string    `json:"caller_id"`
	RingTimeout     int       `json:"ring_timeout_s"`
	VoicemailPINSet bool      `json:"voicemail_pin_set"`
	Contacts        int       `json:"registered_contacts"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

func extensionView(e store.Extension, contacts int) extensionJSON {
	return extensionJSON{
		Number: e.Number, Name: e.Name, Enabled: e.Enabled, CallerID: e.CallerID,
		RingTimeout: int(e.RingTimeout / time.Second), VoicemailPINSet: e.VoicemailPIN != "",
		Contacts: contacts, CreatedAt: e.CreatedAt, UpdatedAt: e.UpdatedAt,
	}
}

// contactCounts counts live contacts per extension.
func (s *Server) contactCounts() map[string]int {
	n := map[string]int{}
	for _, p := range s.phones() {
		n[p.Extension]++
	}
	return n
}

// searchExtensions lists extensions whose number or name contains q.
func (s *Server) searchExtensions(ctx context.Context, q string) ([]extensionJSON, error) {
	list, err := s.st.ListExtensions(ctx)
	if err != nil {
		return nil, err
	}
	q = strings.ToLower(strings.TrimSpace(q))
	counts := s.contactCounts()
	out := make([]extensionJSON, 0, len(list))
	for _, e := range list {
		if q != "" && !strings.Contains(e.Number, q) && !strings.Contains(strings.ToLower(e.Name), q) &&
			!strings.Contains(e.CallerID, q) {
			continue
		}
		out = append(out, extensionView(e, counts[e.Number]))
	}
	return out, nil
}

type qualityJSON struct {
	PacketsA  int64   `json:"packets_a"`
	PacketsB  int64   `json:"packets_b"`
	LostA     int64   `json:"lost_a"`
	LostB     int64   `json:"lost_b"`
	LossAPct  float64 `json:"loss_a_pct"`
	LossBPct  float64 `json:"loss_b_pct"`
	JitterAMS float64 `json:"jitter_a_ms"`
	JitterBMS float64 `json:"jitter_b_ms"`
	MOSA      float64 `json:"mos_a"`
	MOSB      float64 `json:"mos_b"`
}

type cdrJSON struct {
	ID           string       `json:"id"`
	Node         string       `json:"node"`
	CallID       string       `json:"call_id"`
	StartedAt    time.Time    `json:"started_at"`
	AnsweredAt   *time.Time   `json:"answered_at"`
	EndedAt      time.Time    `json:"ended_at"`
	DurationS    float64      `json:"duration_s"`
	BillableS    float64      `json:"billable_s"`
	CallerNumber string       `json:"caller_number"`
	CallerName   string       `json:"caller_name"`
	CalleeNumber string       `json:"callee_number"`
	CalleeName   string       `json:"callee_name"`
	Disposition  string       `json:"disposition"`
	HangupReason string       `json:"hangup_reason"`
	HangupSide   string       `json:"hangup_side"`
	CodecA       string       `json:"codec_a"`
	CodecB       string       `json:"codec_b"`
	Quality      *qualityJSON `json:"quality"` // null when no media figures were recorded
}

func lossPct(lost, packets int64) float64 {
	if packets+lost <= 0 {
		return 0
	}
	return float64(lost) * 100 / float64(packets+lost)
}

func cdrView(c store.CDR) cdrJSON {
	v := cdrJSON{
		ID: c.ID, Node: c.Node, CallID: c.CallID, StartedAt: c.StartedAt, EndedAt: c.EndedAt,
		DurationS: c.Duration.Seconds(), BillableS: c.Billable.Seconds(),
		CallerNumber: c.CallerNumber, CallerName: c.CallerName, CalleeNumber: c.CalleeNumber, CalleeName: c.CalleeName,
		Disposition: c.Disposition, HangupReason: c.HangupReason, HangupSide: c.HangupSide, CodecA: c.CodecA, CodecB: c.CodecB,
	}
	if !c.AnsweredAt.IsZero() {
		a := c.AnsweredAt
		v.AnsweredAt = &a
	}
	if c.PacketsA+c.PacketsB+c.LostA+c.LostB > 0 || c.MOSA > 0 || c.MOSB > 0 {
		v.Quality = &qualityJSON{
			PacketsA: c.PacketsA, PacketsB: c.PacketsB, LostA: c.LostA, LostB: c.LostB,
			LossAPct: lossPct(c.LostA, c.PacketsA), LossBPct: lossPct(c.LostB, c.PacketsB),
			JitterAMS: float64(c.JitterA.Microseconds()) / 1000, JitterBMS: float64(c.JitterB.Microseconds()) / 1000,
			MOSA: c.MOSA, MOSB: c.MOSB,
		}
	}
	return v
}

// Paging bounds for the CDR list.
const (
	defaultCDRPage = 50
	maxCDRPage     = 1000
)

// parseCDRFilter reads since, until (dates or RFC 3339 times), number,
// disposition, limit and offset. A date in until includes that whole day.
func parseCDRFilter(q url.Values, loc *time.Location) (store.CDRFilter, fieldErrors) {
	fe := fieldErrors{}
	f := store.CDRFilter{Limit: defaultCDRPage}
	parse := func(name string, endOfDay bool) time.Time {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return time.Time{}
		}
		if d, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
			if endOfDay {
				return d.AddDate(0, 0, 1)
			}
			return d
		}
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			return t
		}
		fe[name] = "must be a date (2006-01-02) or a time (2006-01-02T15:04:05Z)"
		return time.Time{}
	}
	f.Since, f.Until = parse("since", false), parse("until", true)
	if !f.Since.IsZero() && !f.Until.IsZero() && !f.Until.After(f.Since) {
		fe["until"] = "must be after since"
	}
	f.Number = strings.TrimSpace(q.Get("number"))
	if len(f.Number) > 32 || hasControl(f.Number) {
		fe["number"] = "must be a number of at most 32 characters"
	}
	f.Disposition = strings.ToUpper(strings.TrimSpace(q.Get("disposition")))
	if f.Disposition != "" && !contains(store.Dispositions, f.Disposition) {
		fe["disposition"] = "must be one of " + strings.Join(store.Dispositions, ", ")
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxCDRPage {
			fe["limit"] = "must be a whole number from 1 to " + strconv.Itoa(maxCDRPage)
		}
		f.Limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 100_000_000 {
			fe["offset"] = "must be a whole number, 0 or more"
		}
		f.Offset = n
	}
	return f, fe
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

type tokenJSON struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	User      string     `json:"user"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used"`
	RevokedAt *time.Time `json:"revoked_at"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func tokenView(t store.APIToken) tokenJSON {
	return tokenJSON{ID: t.ID, Name: t.Name, User: t.Username, CreatedAt: t.CreatedAt, LastUsed: optTime(t.LastUsed), RevokedAt: optTime(t.RevokedAt)}
}

type userJSON struct {
	Username     string     `json:"username"`
	Role         string     `json:"role"`
	FailedLogins int        `json:"failed_logins"`
	LockedUntil  *time.Time `json:"locked_until"`
	CreatedAt    time.Time  `json:"created_at"`
}

func (s *Server) userView(u store.AdminUser) userJSON {
	v := userJSON{Username: u.Username, Role: u.Role, FailedLogins: u.FailedLogins, CreatedAt: u.CreatedAt}
	if s.now().Before(u.LockedUntil) {
		v.LockedUntil = &u.LockedUntil
	}
	return v
}

type auditJSON struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action string    `json:"action"`
	Object string    `json:"object"`
	Detail string    `json:"detail"`
	Source string    `json:"source"`
}

func auditView(a store.AuditEntry) auditJSON {
	return auditJSON{a.ID, a.At, a.Actor, a.Action, a.Object, a.Detail, a.Source}
}

type transportJSON struct {
	Transport string `json:"transport"`
	Port      int    `json:"port"`
}

// softphoneJSON is what to type into a softphone to register an extension.
type softphoneJSON struct {
	Username   string          `json:"username"`
	AuthUser   string          `json:"auth_user"`
	Domain     string          `json:"domain"`
	Realm      string          `json:"realm"`
	Transports []transportJSON `json:"transports"`
	URI        string          `json:"uri"` // the account's address, also in the QR code
	WebSocket  string          `json:"websocket,omitempty"`
}

func (s *Server) softphone(ctx context.Context, number string, r requestInfo) (softphoneJSON, error) {
	host, err := s.getSetting(ctx, settingPhoneHost)
	if err != nil {
		return softphoneJSON{}, err
	}
	if host == "" {
		host = s.sip.Host
	}
	if host == "" {
		host = r.host
	}
	sp := softphoneJSON{Username: number, AuthUser: number, Domain: host, Realm: s.sip.Realm}
	hostPort := host
	if strings.Contains(host, ":") { // IPv6 literal
		hostPort = "[" + host + "]"
	}
	uri := "sip:" + number + "@" + hostPort
	if s.sip.UDPPort > 0 {
		sp.Transports = append(sp.Transports, transportJSON{"udp", s.sip.UDPPort}, transportJSON{"tcp", s.sip.UDPPort})
		if s.sip.UDPPort != 5060 {
			uri += ":" + strconv.Itoa(s.sip.UDPPort)
		}
	}
	if s.sip.TLSPort > 0 {
		sp.Transports = append(sp.Transports, transportJSON{"tls", s.sip.TLSPort})
	}
	if s.sip.WSPath != "" {
		scheme := "ws"
		if r.tls {
			scheme = "wss"
		}
		sp.WebSocket = scheme + "://" + r.httpHost + s.sip.WSPath
	}
	sp.URI = uri
	return sp, nil
}

// requestInfo is what the softphone block needs to know of the request.
type requestInfo struct {
	host     string // host name the browser used, without port
	httpHost string // host:port the browser used
	tls      bool
}

type checkJSON struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

type healthJSON struct {
	Status     string         `json:"status"` // ok or degraded
	Version    string         `json:"version"`
	StartedAt  time.Time      `json:"started_at"`
	UptimeS    int64          `json:"uptime_s"`
	Checks     []checkJSON    `json:"checks"`
	Goroutines int            `json:"goroutines"`
	HeapBytes  uint64         `json:"heap_bytes"`
	Info       map[string]any `json:"info"`
	Counters   map[string]any `json:"counters"`
}

func (s *Server) health(ctx context.Context) healthJSON {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	h := healthJSON{Status: "ok", Version: s.version, StartedAt: s.started, UptimeS: int64(s.now().Sub(s.started) / time.Second),
		Goroutines: runtime.NumGoroutine(), Info: map[string]any{}, Counters: map[string]any{}}
	for _, ch := range s.checks {
		c := checkJSON{Name: ch.Name, OK: true}
		if err := ch.Fn(ctx); err != nil {
			c.OK, c.Error, h.Status = false, err.Error(), "degraded"
		}
		h.Checks = append(h.Checks, c)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	h.HeapBytes = ms.HeapAlloc
	if s.info != nil {
		for k, v := range s.info() {
			h.Info[k] = v
		}
	}
	if s.extraHealth != nil {
		for k, v := range s.extraHealth() {
			h.Counters[k] = v
		}
	}
	return h
}

// dayStart is local midnight of t's day, and the number of hours in that
// day (23 or 25 when daylight saving time changes).
func dayStart(t time.Time) (time.Time, int) {
	y, m, d := t.Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, t.Location())
	next := time.Date(y, m, d+1, 0, 0, 0, 0, t.Location())
	return start, int(next.Sub(start) / time.Hour)
}

type noCalls struct{}

func (noCalls) ActiveCalls() []Call { return nil }
