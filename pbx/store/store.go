// Package store defines what Dialtone keeps durably and the contract every
// store implementation meets: SQLite embedded (the default) and PostgreSQL
// (the cloud and the HA pair). The conformance suite in storetest runs the
// same cases against both.
package store

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// Store is the durable state of the PBX. Implementations are safe for
// concurrent use; every method honours ctx.
type Store interface {
	Ping(ctx context.Context) error
	Close() error

	// ConfigVersion grows whenever configuration (extensions, trunks,
	// routes, settings) changes, in any process sharing the database.
	ConfigVersion(ctx context.Context) (int64, error)

	CreateExtension(ctx context.Context, e Extension) error
	// CreateExtensions adds all or none of es, in one transaction.
	CreateExtensions(ctx context.Context, es []Extension) error
	UpdateExtension(ctx context.Context, e Extension) error
	GetExtension(ctx context.Context, number string) (Extension, error)
	ListExtensions(ctx context.Context) ([]Extension, error)
	DeleteExtension(ctx context.Context, number string) error

	SaveRegistration(ctx context.Context, r Registration) error
	// SaveRegistrations saves a batch in one transaction: all or none.
	SaveRegistrations(ctx context.Context, rs []Registration) error
	DeleteRegistration(ctx context.Context, extension, contact string) error
	ListRegistrations(ctx context.Context) ([]Registration, error)
	// DeleteExpiredRegistrations removes contacts that expired at or before
	// now and returns how many it removed.
	DeleteExpiredRegistrations(ctx context.Context, now time.Time) (int, error)

	SaveBan(ctx context.Context, b Ban) error
	DeleteBan(ctx context.Context, addr netip.Addr) error
	ListBans(ctx context.Context) ([]Ban, error)

	InsertCDR(ctx context.Context, c CDR) error
	ListCDRs(ctx context.Context, f CDRFilter) ([]CDR, error)
	// EachCDR calls fn for every CDR matching f, newest first, reading one
	// row at a time so an export of millions of rows holds one in memory.
	// f.Limit 0 means no limit. An error from fn stops the walk and is
	// returned as is.
	EachCDR(ctx context.Context, f CDRFilter, fn func(CDR) error) error
	// CountCDRsByHour counts the calls that started in each of the hours
	// hours from since: the result has hours entries.
	CountCDRsByHour(ctx context.Context, since time.Time, hours int) ([]int, error)

	CreateAdminUser(ctx context.Context, u AdminUser) error
	GetAdminUser(ctx context.Context, username string) (AdminUser, error)
	CountAdminUsers(ctx context.Context) (int, error)
	// ListAdminUsers returns every admin user by name.
	ListAdminUsers(ctx context.Context) ([]AdminUser, error)
	// SetAdminPassword replaces a user's password hash.
	SetAdminPassword(ctx context.Context, username, hash string) error
	// RecordLoginFailure counts a wrong password, atomically: the limit-th
	// failure locks the account until now+lockFor and starts the count again.
	RecordLoginFailure(ctx context.Context, username string, limit int, lockFor time.Duration, now time.Time) (AdminUser, error)
	// ResetLoginFailures clears the count and any lock (a good login, an unlock).
	ResetLoginFailures(ctx context.Context, username string) error

	// Admin UI sessions live in the store so both nodes of a pair know them.
	CreateSession(ctx context.Context, s Session) error
	GetSession(ctx context.Context, idHash string) (Session, error)
	// TouchSession records activity, which pushes back the idle expiry.
	TouchSession(ctx context.Context, idHash string, at time.Time) error
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteUserSessions logs a user out everywhere and returns how many
	// sessions ended.
	DeleteUserSessions(ctx context.Context, username string) (int, error)
	// DeleteExpiredSessions removes sessions past their absolute expiry or
	// idle for idle or longer at now.
	DeleteExpiredSessions(ctx context.Context, now time.Time, idle time.Duration) (int, error)

	// API tokens: only the SHA-256 of a token is kept.
	CreateAPIToken(ctx context.Context, t APIToken) error
	GetAPITokenByHash(ctx context.Context, hash string) (APIToken, error)
	ListAPITokens(ctx context.Context) ([]APIToken, error)
	// RevokeAPIToken marks a token revoked; ErrNotFound if there is no
	// such token or it was revoked already.
	RevokeAPIToken(ctx context.Context, id string, at time.Time) error
	TouchAPIToken(ctx context.Context, id string, at time.Time) error

	AppendAudit(ctx context.Context, a AuditEntry) error
	ListAudit(ctx context.Context, limit int) ([]AuditEntry, error)
	// QueryAudit pages through the audit log, newest first.
	QueryAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)

	// Trunks, inbound routes (DIDs) and outbound routes are configuration:
	// every change bumps ConfigVersion. Each write validates everything
	// first (ErrInvalid: bad field, unknown trunk or extension) and is one
	// transaction.
	CreateTrunk(ctx context.Context, t Trunk) error
	// UpdateTrunk replaces an existing trunk's settings (by name).
	UpdateTrunk(ctx context.Context, t Trunk) error
	GetTrunk(ctx context.Context, name string) (Trunk, error)
	ListTrunks(ctx context.Context) ([]Trunk, error)
	// DeleteTrunk removes a trunk; ErrInUse while a DID, a route or another
	// trunk's failover refers to it.
	DeleteTrunk(ctx context.Context, name string) error
	CreateDID(ctx context.Context, d DID) error
	ListDIDs(ctx context.Context) ([]DID, error)
	DeleteDID(ctx context.Context, number string) error
	// CreateRoute appends an outbound route after the existing ones.
	CreateRoute(ctx context.Context, r Route) error
	// ListRoutes returns the outbound routes in the order they are tried.
	ListRoutes(ctx context.Context) ([]Route, error)
	DeleteRoute(ctx context.Context, name string) error

	GetSetting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
	// SetSettings stores several settings in one transaction: all or none.
	SetSettings(ctx context.Context, kv map[string]string) error
}

// Extension is a user's phone number inside the PBX. Its SIP password is
// kept only as digest HA1 values (RFC 8760), for the realm they were made with.
type Extension struct {
	Number    string
	Name      string
	Realm     string
	HA1MD5    string
	HA1SHA256 string
	Enabled   bool
	CallerID  string // E.164 number shown to the PSTN, when set
	// Class is the widest kind of outside call the extension may make:
	// ClassInternal, ClassLocal, ClassNational or ClassInternational ("" is
	// stored as DefaultClass). Emergency numbers are always allowed.
	Class       string
	RingTimeout time.Duration
	// VoicemailPIN is the bcrypt hash of the voicemail PIN, "" for none
	// (see SetVoicemailPIN).
	VoicemailPIN string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// DefaultRingTimeout is how long a call rings an extension when not configured.
const DefaultRingTimeout = 30 * time.Second

// ValidateNumber checks an extension number: 2 to 8 digits.
func ValidateNumber(n string) error {
	if len(n) < 2 || len(n) > 8 {
		return fmt.Errorf("%w: extension number %q must have 2 to 8 digits", ErrInvalid, n)
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return fmt.Errorf("%w: extension number %q must contain only digits", ErrInvalid, n)
		}
	}
	return nil
}

// Validate reports the first problem that would make e unsafe to store.
func (e Extension) Validate() error {
	if err := ValidateNumber(e.Number); err != nil {
		return err
	}
	if len(e.Name) > 100 {
		return fmt.Errorf("%w: name is longer than 100 characters", ErrInvalid)
	}
	if e.Realm == "" || !isHex(e.HA1MD5, 32) || !isHex(e.HA1SHA256, 64) {
		return fmt.Errorf("%w: extension %s has no valid password hash", ErrInvalid, e.Number)
	}
	if e.RingTimeout < 0 || e.RingTimeout > 10*time.Minute {
		return fmt.Errorf("%w: ring timeout %s is outside 0..10m", ErrInvalid, e.RingTimeout)
	}
	if e.CallerID != "" {
		if err := ValidateE164(e.CallerID); err != nil {
			return fmt.Errorf("caller ID: %w", err)
		}
	}
	if e.Class != "" {
		if err := ValidateClass(e.Class); err != nil {
			return err
		}
	}
	if e.VoicemailPIN != "" && !strings.HasPrefix(e.VoicemailPIN, "$2") {
		return fmt.Errorf("%w: extension %s has a voicemail PIN that is not a hash", ErrInvalid, e.Number)
	}
	return nil
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// Registration is one contact bound to an extension (RFC 3261 §10), with the
// flow it arrived on so requests can go back the same way (RFC 5626).
type Registration struct {
	Extension string
	Contact   string // the Contact URI as registered
	Transport string // udp, tcp, tls, ws, wss
	Source    string // real source HOST:PORT (received/rport)
	LocalAddr string // our listener that received it
	UserAgent string
	CallID    string
	CSeq      uint32
	Instance  string // +sip.instance, when the phone sends one
	RegID     int
	ExpiresAt time.Time
	Node      string
	UpdatedAt time.Time
}

// Ban is a source address refused at the edge until a time.
type Ban struct {
	Addr      netip.Addr
	Reason    string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CDR is one call attempt's detail record.
type CDR struct {
	ID           string
	Node         string
	CallID       string
	StartedAt    time.Time
	AnsweredAt   time.Time // zero when never answered
	EndedAt      time.Time
	Duration     time.Duration
	Billable     time.Duration
	CallerNumber string
	CallerName   string
	CalleeNumber string
	CalleeName   string
	Disposition  string
	HangupReason string
	HangupSide   string
	CodecA       string
	CodecB       string
	PacketsA     int64
	PacketsB     int64
	LostA        int64
	LostB        int64
	JitterA      time.Duration
	JitterB      time.Duration
	MOSA         float64
	MOSB         float64
}

// CDRFilter selects CDRs, newest first.
type CDRFilter struct {
	Since  time.Time // inclusive; zero means no bound
	Until  time.Time // exclusive; zero means no bound
	Number string    // caller or callee number, exact
	// Disposition, when set, keeps only CDRs with this disposition.
	Disposition string
	Limit       int // 0 means 100 (ListCDRs) or no limit (EachCDR)
	Offset      int
}

// Dispositions of a call attempt, as CDRs record them.
const (
	DispositionAnswered = "ANSWERED"
	DispositionNoAnswer = "NO ANSWER"
	DispositionBusy     = "BUSY"
	DispositionFailed   = "FAILED"
	DispositionCanceled = "CANCELED"
)

// Dispositions lists the dispositions in the order the UI offers them.
var Dispositions = []string{DispositionAnswered, DispositionNoAnswer, DispositionBusy, DispositionFailed, DispositionCanceled}

// AdminUser may log in to the admin UI and API.
type AdminUser struct {
	Username     string
	PasswordHash string
	Role         string // admin or viewer
	FailedLogins int
	LockedUntil  time.Time
	CreatedAt    time.Time
}

// Roles of admin users.
const (
	RoleAdmin  = "admin"
	RoleViewer = "viewer"
)

// Session is a logged-in admin UI browser. Only the SHA-256 of its random
// id is stored, so a copy of the database does not hand out sessions.
type Session struct {
	IDHash    string
	Username  string
	CreatedAt time.Time
	LastSeen  time.Time
	ExpiresAt time.Time // absolute end, whatever the activity
	Source    string    // remote IP at login
	UserAgent string
}

// APIToken lets a program use the REST API as Username, with that user's
// role. Only the SHA-256 of the token is stored; the token itself is shown
// once, when it is made.
type APIToken struct {
	ID        string
	Name      string
	Hash      string
	Username  string
	CreatedAt time.Time
	RevokedAt time.Time // zero while the token is valid
	LastUsed  time.Time
}

// AuditFilter selects audit entries, newest first.
type AuditFilter struct {
	BeforeID int64 // only entries with a smaller id; 0 means from the newest
	Limit    int   // 0 means 100
}

// AuditEntry records who changed what, when and from where.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string
	Object string
	Detail string
	Source string
}
