package admin

import (
	"context"
	"net/http"
	"net/netip"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Option configures a Server.
type Option func(*Server)

// Check is one readiness condition: the database, a SIP listener, ...
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
}

// WithCheck adds a readiness check to /readyz and the dashboard's health.
func WithCheck(name string, fn func(ctx context.Context) error) Option {
	return func(s *Server) { s.checks = append(s.checks, Check{Name: name, Fn: fn}) }
}

// WithInfo adds fields (configuration version, counts) to /readyz's answer
// and to the dashboard's health.
func WithInfo(fn func() map[string]any) Option {
	return func(s *Server) { s.info = fn }
}

// WithHandler serves h for GET on path (SIP over WebSocket on /ws).
func WithHandler(path string, h http.Handler) Option {
	return func(s *Server) { s.mounts = append(s.mounts, mount{path, h}) }
}

// WithStore enables the admin UI and the REST API on st. Without a store
// the server answers health checks only.
func WithStore(st store.Store) Option {
	return func(s *Server) { s.st = st }
}

// Phone is one registered contact, as the dashboard and the registrations
// page show it.
type Phone struct {
	Extension string    `json:"extension"`
	URI       string    `json:"uri"`
	Transport string    `json:"transport"`
	Source    string    `json:"source"`
	UserAgent string    `json:"user_agent"`
	ExpiresAt time.Time `json:"expires_at"`
	Node      string    `json:"node"`
}

// WithPhones gives the live registrations (the registrar's location
// service, adapted in cmd).
func WithPhones(fn func() []Phone) Option {
	return func(s *Server) { s.phones = fn }
}

// Call is one call in progress, as the dashboard shows it.
type Call struct {
	ID         string    `json:"id"`
	From       string    `json:"from"`
	FromName   string    `json:"from_name"`
	To         string    `json:"to"`
	ToName     string    `json:"to_name"`
	State      string    `json:"state"` // ringing, answered, held, ...
	StartedAt  time.Time `json:"started_at"`
	AnsweredAt time.Time `json:"answered_at"` // zero while ringing
}

// CallSource lists the calls in progress. The call-control package
// implements it; until then the dashboard shows an empty list.
type CallSource interface {
	ActiveCalls() []Call
}

// WithCalls gives the live calls.
func WithCalls(src CallSource) Option {
	return func(s *Server) { s.calls = src }
}

// Ban is one source address refused at the SIP edge.
type Ban struct {
	Addr      netip.Addr `json:"addr"`
	Reason    string     `json:"reason"`
	Since     time.Time  `json:"since"`
	ExpiresAt time.Time  `json:"expires_at"` // zero: never
}

// BanList is the edge's in-memory ban list.
type BanList interface {
	Bans() []Ban
	Unban(addr netip.Addr) bool
}

// WithBans connects the edge's live ban list; lifted bans are removed from
// it and from the store.
func WithBans(b BanList) Option {
	return func(s *Server) { s.bans = b }
}

// Policy is how logins and sessions behave.
type Policy struct {
	SessionIdle   time.Duration // a session unused this long ends (default 8 h)
	SessionMax    time.Duration // a session ends this long after login, used or not (default 24 h)
	LockoutAfter  int           // wrong passwords in a row that lock an account (default 10)
	LockoutFor    time.Duration // how long the lock lasts (default 15 min)
	LoginBurst    int           // login attempts one address may make at once (default 15) ...
	LoginInterval time.Duration // ... then one per this interval (default 4 s)
}

func (p Policy) withDefaults() Policy {
	if p.SessionIdle <= 0 {
		p.SessionIdle = 8 * time.Hour
	}
	if p.SessionMax <= 0 {
		p.SessionMax = 24 * time.Hour
	}
	if p.LockoutAfter <= 0 {
		p.LockoutAfter = 10
	}
	if p.LockoutFor <= 0 {
		p.LockoutFor = 15 * time.Minute
	}
	if p.LoginBurst <= 0 {
		p.LoginBurst = 15
	}
	if p.LoginInterval <= 0 {
		p.LoginInterval = 4 * time.Second
	}
	return p
}

// WithPolicy sets session expiry, lockout and the login rate limit.
func WithPolicy(p Policy) Option {
	return func(s *Server) { s.policy = p }
}

// SIPInfo is what a phone needs to know to register, for the softphone
// settings block.
type SIPInfo struct {
	Realm   string // digest realm; SIP passwords are hashed with it
	Host    string // address phones reach (public IP, or a local one)
	UDPPort int    // also TCP; 0 when not listening
	TLSPort int    // 0 when not listening
	WSPath  string // SIP over WebSocket on the HTTP listener, "" when off
}

// WithSIP describes the SIP side for extension passwords and phone settings.
func WithSIP(info SIPInfo) Option {
	return func(s *Server) { s.sip = info }
}

// Setting is one line of the read-only configuration on the settings page.
type Setting struct {
	Key, Value, Help string
}

// WithConfig lists the running configuration for the settings page.
// Secrets must already be masked.
func WithConfig(fn func() []Setting) Option {
	return func(s *Server) { s.config = fn }
}

// WithHealth adds counters (SIP edge, registrar) to the dashboard's health.
func WithHealth(fn func() map[string]any) Option {
	return func(s *Server) { s.extraHealth = fn }
}

// WithVersion names the build on the dashboard.
func WithVersion(v string) Option {
	return func(s *Server) { s.version = v }
}

// WithClock replaces time.Now, for tests of expiry and lockout.
func WithClock(now func() time.Time) Option {
	return func(s *Server) { s.now = now }
}

// WithEventInterval sets how often the dashboard's live view polls the
// registrations and calls (default 1 s).
func WithEventInterval(d time.Duration) Option {
	return func(s *Server) { s.eventEvery = d }
}
