// Package sqlstore implements store.Store on database/sql with one set of
// parameterised queries ($1, $2, ...) that both SQLite and PostgreSQL accept.
// Times are stored as Unix milliseconds so no dialect's time handling leaks in.
// The sqlite and postgres packages open a *sql.DB and hand it to New.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"slices"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Dialect is what differs between the two databases.
type Dialect struct {
	Name       string           // sqlite or postgres
	Goose      goose.Dialect    // for migrations
	Migrations fs.FS            // the embedded schema for this dialect
	IsUnique   func(error) bool // unique or primary key violation
	IsForeign  func(error) bool // foreign key violation
}

// Store is a store.Store over database/sql.
type Store struct {
	db      *sql.DB
	dialect Dialect
	close   func() error
}

var _ store.Store = (*Store)(nil)

// New wraps an open database. closeFn, when not nil, runs after db.Close.
func New(db *sql.DB, d Dialect, closeFn func() error) *Store {
	return &Store{db: db, dialect: d, close: closeFn}
}

// DB exposes the handle for tests and tools (doctor, migrations).
func (s *Store) DB() *sql.DB { return s.db }

// Dialect names the database behind the store.
func (s *Store) Dialect() string { return s.dialect.Name }

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.close != nil {
		err = errors.Join(err, s.close())
	}
	return err
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

func (s *Store) provider() (*goose.Provider, error) {
	p, err := goose.NewProvider(s.dialect.Goose, s.db, s.dialect.Migrations)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// MigrateUp applies every pending migration.
func (s *Store) MigrateUp(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate up: %w", err)
	}
	return nil
}

// MigrateDown rolls back the most recent migration.
func (s *Store) MigrateDown(ctx context.Context) error {
	p, err := s.provider()
	if err != nil {
		return err
	}
	if _, err := p.Down(ctx); err != nil {
		return fmt.Errorf("store: migrate down: %w", err)
	}
	return nil
}

// MigrationStatus is one migration and whether it is applied.
type MigrationStatus struct {
	Version   int64
	Source    string
	Applied   bool
	AppliedAt time.Time
}

// MigrateStatus lists every known migration.
func (s *Store) MigrateStatus(ctx context.Context) ([]MigrationStatus, error) {
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, m := range st {
		out = append(out, MigrationStatus{
			Version:   m.Source.Version,
			Source:    m.Source.Path,
			Applied:   m.State == goose.StateApplied,
			AppliedAt: m.AppliedAt,
		})
	}
	return out, nil
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

// mapErr turns driver errors into the store's sentinel errors.
func (s *Store) mapErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("store: %s: %w", op, store.ErrNotFound)
	case s.dialect.IsUnique != nil && s.dialect.IsUnique(err):
		return fmt.Errorf("store: %s: %w", op, store.ErrExists)
	case s.dialect.IsForeign != nil && s.dialect.IsForeign(err):
		return fmt.Errorf("store: %s: %w (referenced row missing)", op, store.ErrNotFound)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// configTx runs fn in a transaction that also bumps the configuration
// version, so every process watching the version sees the change.
func (s *Store) configTx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.mapErr(op, err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	if err := fn(tx); err != nil {
		return s.mapErr(op, err)
	}
	if _, err := tx.ExecContext(ctx, "UPDATE config_version SET version = version + 1 WHERE id = 1"); err != nil {
		return s.mapErr(op, err)
	}
	return s.mapErr(op, tx.Commit())
}

// ConfigVersion returns the configuration version.
func (s *Store) ConfigVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, "SELECT version FROM config_version WHERE id = 1").Scan(&v)
	return v, s.mapErr("config version", err)
}

const extCols = "number, name, realm, ha1_md5, ha1_sha256, enabled, caller_id, ring_timeout_s, voicemail_pin, created_at, updated_at, class"

const insertExtSQL = "INSERT INTO extensions (" + extCols + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"

// withDefaults fills what an extension may leave unset.
func withDefaults(e store.Extension) store.Extension {
	if e.RingTimeout == 0 {
		e.RingTimeout = store.DefaultRingTimeout
	}
	if e.Class == "" {
		e.Class = store.DefaultClass
	}
	return e
}

func scanExt(sc interface{ Scan(...any) error }) (store.Extension, error) {
	var e store.Extension
	var ring int64
	var created, updated int64
	err := sc.Scan(&e.Number, &e.Name, &e.Realm, &e.HA1MD5, &e.HA1SHA256, &e.Enabled, &e.CallerID, &ring, &e.VoicemailPIN, &created, &updated, &e.Class)
	e.RingTimeout = time.Duration(ring) * time.Second
	e.CreatedAt, e.UpdatedAt = fromMS(created), fromMS(updated)
	return e, err
}

// CreateExtension adds an extension; ErrExists if the number is taken.
func (s *Store) CreateExtension(ctx context.Context, e store.Extension) error {
	e = withDefaults(e)
	if err := e.Validate(); err != nil {
		return err
	}
	now := time.Now()
	return s.configTx(ctx, "create extension "+e.Number, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, insertExtSQL,
			e.Number, e.Name, e.Realm, e.HA1MD5, e.HA1SHA256, e.Enabled, e.CallerID, int64(e.RingTimeout/time.Second), e.VoicemailPIN, ms(now), ms(now), e.Class)
		return err
	})
}

// CreateExtensions adds all or none of es in one transaction: an invalid or
// duplicate entry anywhere leaves the store as it was.
func (s *Store) CreateExtensions(ctx context.Context, es []store.Extension) error {
	es = slices.Clone(es)
	for i := range es {
		es[i] = withDefaults(es[i])
		if err := es[i].Validate(); err != nil {
			return fmt.Errorf("entry %d: %w", i+1, err)
		}
	}
	now := ms(time.Now())
	return s.configTx(ctx, fmt.Sprintf("create %d extensions", len(es)), func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, insertExtSQL)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, e := range es {
			if _, err := stmt.ExecContext(ctx, e.Number, e.Name, e.Realm, e.HA1MD5, e.HA1SHA256, e.Enabled, e.CallerID,
				int64(e.RingTimeout/time.Second), e.VoicemailPIN, now, now, e.Class); err != nil {
				return fmt.Errorf("extension %s: %w", e.Number, err)
			}
		}
		return nil
	})
}

// UpdateExtension replaces an existing extension's fields.
func (s *Store) UpdateExtension(ctx context.Context, e store.Extension) error {
	e = withDefaults(e)
	if err := e.Validate(); err != nil {
		return err
	}
	return s.configTx(ctx, "update extension "+e.Number, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE extensions SET name = $2, realm = $3, ha1_md5 = $4, ha1_sha256 = $5,
			enabled = $6, caller_id = $7, ring_timeout_s = $8, voicemail_pin = $9, updated_at = $10, class = $11 WHERE number = $1`,
			e.Number, e.Name, e.Realm, e.HA1MD5, e.HA1SHA256, e.Enabled, e.CallerID, int64(e.RingTimeout/time.Second), e.VoicemailPIN,
			ms(time.Now()), e.Class)
		return mustAffect(res, err)
	})
}

func mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return sql.ErrNoRows
	}
	return nil
}

// GetExtension returns one extension or ErrNotFound.
func (s *Store) GetExtension(ctx context.Context, number string) (store.Extension, error) {
	e, err := scanExt(s.db.QueryRowContext(ctx, "SELECT "+extCols+" FROM extensions WHERE number = $1", number))
	return e, s.mapErr("get extension "+number, err)
}

// ListExtensions returns every extension ordered by number.
func (s *Store) ListExtensions(ctx context.Context) ([]store.Extension, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+extCols+" FROM extensions ORDER BY number")
	if err != nil {
		return nil, s.mapErr("list extensions", err)
	}
	defer rows.Close()
	var out []store.Extension
	for rows.Next() {
		e, err := scanExt(rows)
		if err != nil {
			return nil, s.mapErr("list extensions", err)
		}
		out = append(out, e)
	}
	return out, s.mapErr("list extensions", rows.Err())
}

// DeleteExtension removes an extension and, by cascade, its registrations.
func (s *Store) DeleteExtension(ctx context.Context, number string) error {
	return s.configTx(ctx, "delete extension "+number, func(tx *sql.Tx) error {
		return mustAffect(tx.ExecContext(ctx, "DELETE FROM extensions WHERE number = $1", number))
	})
}

const regCols = "extension, contact, transport, source, local_addr, user_agent, call_id, cseq, instance, reg_id, expires_at, node, updated_at"

const saveRegSQL = "INSERT INTO registrations (" + regCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
	ON CONFLICT (extension, contact) DO UPDATE SET transport = excluded.transport, source = excluded.source,
	local_addr = excluded.local_addr, user_agent = excluded.user_agent, call_id = excluded.call_id, cseq = excluded.cseq,
	instance = excluded.instance, reg_id = excluded.reg_id, expires_at = excluded.expires_at, node = excluded.node,
	updated_at = excluded.updated_at`

func regArgs(r store.Registration) []any {
	if r.UpdatedAt.IsZero() {
		r.UpdatedAt = time.Now()
	}
	return []any{r.Extension, r.Contact, r.Transport, r.Source, r.LocalAddr, r.UserAgent, r.CallID, int64(r.CSeq), r.Instance, r.RegID,
		ms(r.ExpiresAt), r.Node, ms(r.UpdatedAt)}
}

// SaveRegistration inserts or refreshes a contact binding.
func (s *Store) SaveRegistration(ctx context.Context, r store.Registration) error {
	_, err := s.db.ExecContext(ctx, saveRegSQL, regArgs(r)...)
	return s.mapErr("save registration", err)
}

// SaveRegistrations writes a batch in one transaction, so the registrar's
// write-behind costs one commit per flush, not one per phone.
func (s *Store) SaveRegistrations(ctx context.Context, rs []store.Registration) error {
	if len(rs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.mapErr("save registrations", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	stmt, err := tx.PrepareContext(ctx, saveRegSQL)
	if err != nil {
		return s.mapErr("save registrations", err)
	}
	defer stmt.Close()
	for _, r := range rs {
		if _, err := stmt.ExecContext(ctx, regArgs(r)...); err != nil {
			return s.mapErr("save registration "+r.Extension, err)
		}
	}
	return s.mapErr("save registrations", tx.Commit())
}

// DeleteRegistration removes one binding; ErrNotFound if there was none.
func (s *Store) DeleteRegistration(ctx context.Context, extension, contact string) error {
	return s.mapErr("delete registration", mustAffect(s.db.ExecContext(ctx,
		"DELETE FROM registrations WHERE extension = $1 AND contact = $2", extension, contact)))
}

// ListRegistrations returns every binding, expired or not, by extension.
func (s *Store) ListRegistrations(ctx context.Context) ([]store.Registration, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+regCols+" FROM registrations ORDER BY extension, contact")
	if err != nil {
		return nil, s.mapErr("list registrations", err)
	}
	defer rows.Close()
	var out []store.Registration
	for rows.Next() {
		var r store.Registration
		var cseq, exp, upd int64
		if err := rows.Scan(&r.Extension, &r.Contact, &r.Transport, &r.Source, &r.LocalAddr, &r.UserAgent, &r.CallID,
			&cseq, &r.Instance, &r.RegID, &exp, &r.Node, &upd); err != nil {
			return nil, s.mapErr("list registrations", err)
		}
		r.CSeq = uint32(cseq)
		r.ExpiresAt, r.UpdatedAt = fromMS(exp), fromMS(upd)
		out = append(out, r)
	}
	return out, s.mapErr("list registrations", rows.Err())
}

// DeleteExpiredRegistrations removes bindings that expired at or before now.
func (s *Store) DeleteExpiredRegistrations(ctx context.Context, now time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM registrations WHERE expires_at <= $1", ms(now))
	if err != nil {
		return 0, s.mapErr("delete expired registrations", err)
	}
	n, err := res.RowsAffected()
	return int(n), s.mapErr("delete expired registrations", err)
}

// SaveBan records or extends a ban.
func (s *Store) SaveBan(ctx context.Context, b store.Ban) error {
	if !b.Addr.IsValid() {
		return fmt.Errorf("%w: ban without an address", store.ErrInvalid)
	}
	if b.CreatedAt.IsZero() {
		b.CreatedAt = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO bans (addr, reason, created_at, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (addr) DO UPDATE SET reason = excluded.reason, expires_at = excluded.expires_at`,
		b.Addr.String(), b.Reason, ms(b.CreatedAt), ms(b.ExpiresAt))
	return s.mapErr("save ban", err)
}

// DeleteBan lifts a ban; ErrNotFound if the address was not banned.
func (s *Store) DeleteBan(ctx context.Context, addr netip.Addr) error {
	return s.mapErr("delete ban", mustAffect(s.db.ExecContext(ctx, "DELETE FROM bans WHERE addr = $1", addr.String())))
}

// ListBans returns every recorded ban, expired or not.
func (s *Store) ListBans(ctx context.Context) ([]store.Ban, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT addr, reason, created_at, expires_at FROM bans ORDER BY addr")
	if err != nil {
		return nil, s.mapErr("list bans", err)
	}
	defer rows.Close()
	var out []store.Ban
	for rows.Next() {
		var b store.Ban
		var addr string
		var c, e int64
		if err := rows.Scan(&addr, &b.Reason, &c, &e); err != nil {
			return nil, s.mapErr("list bans", err)
		}
		if b.Addr, err = netip.ParseAddr(addr); err != nil {
			return nil, fmt.Errorf("store: list bans: bad address %q: %w", addr, err)
		}
		b.CreatedAt, b.ExpiresAt = fromMS(c), fromMS(e)
		out = append(out, b)
	}
	return out, s.mapErr("list bans", rows.Err())
}

const cdrCols = `id, node, call_id, started_at, answered_at, ended_at, duration_ms, billsec_ms, caller_number, caller_name,
	callee_number, callee_name, disposition, hangup_reason, hangup_side, codec_a, codec_b, packets_a, packets_b,
	lost_a, lost_b, jitter_a_us, jitter_b_us, mos_a, mos_b`

// InsertCDR writes one call record; ErrExists if its id was written before,
// which makes replaying a spool idempotent.
func (s *Store) InsertCDR(ctx context.Context, c store.CDR) error {
	if c.ID == "" || c.Disposition == "" || c.StartedAt.IsZero() || c.EndedAt.IsZero() {
		return fmt.Errorf("%w: CDR needs an id, a disposition, a start and an end", store.ErrInvalid)
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO cdrs ("+cdrCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
		$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`,
		c.ID, c.Node, c.CallID, ms(c.StartedAt), ms(c.AnsweredAt), ms(c.EndedAt), c.Duration.Milliseconds(), c.Billable.Milliseconds(),
		c.CallerNumber, c.CallerName, c.CalleeNumber, c.CalleeName, c.Disposition, c.HangupReason, c.HangupSide,
		c.CodecA, c.CodecB, c.PacketsA, c.PacketsB, c.LostA, c.LostB, c.JitterA.Microseconds(), c.JitterB.Microseconds(), c.MOSA, c.MOSB)
	return s.mapErr("insert cdr", err)
}

// cdrQuery builds the SELECT for f; limit 0 means no LIMIT clause.
func cdrQuery(f store.CDRFilter, limit int) (string, []any) {
	q := "SELECT " + cdrCols + " FROM cdrs WHERE 1 = 1"
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if !f.Since.IsZero() {
		q += " AND started_at >= " + arg(ms(f.Since))
	}
	if !f.Until.IsZero() {
		q += " AND started_at < " + arg(ms(f.Until))
	}
	if f.Number != "" {
		p := arg(f.Number)
		q += " AND (caller_number = " + p + " OR callee_number = " + p + ")"
	}
	if f.Disposition != "" {
		q += " AND disposition = " + arg(f.Disposition)
	}
	q += " ORDER BY started_at DESC, id DESC"
	if limit > 0 {
		q += " LIMIT " + arg(limit) + " OFFSET " + arg(max(f.Offset, 0))
	} else if f.Offset > 0 {
		// Both dialects accept LIMIT with a negative-free huge bound.
		q += " LIMIT " + arg(int64(1)<<62) + " OFFSET " + arg(f.Offset)
	}
	return q, args
}

func scanCDR(rows *sql.Rows) (store.CDR, error) {
	var c store.CDR
	var st, an, en, dur, bill, ja, jb int64
	if err := rows.Scan(&c.ID, &c.Node, &c.CallID, &st, &an, &en, &dur, &bill, &c.CallerNumber, &c.CallerName,
		&c.CalleeNumber, &c.CalleeName, &c.Disposition, &c.HangupReason, &c.HangupSide, &c.CodecA, &c.CodecB,
		&c.PacketsA, &c.PacketsB, &c.LostA, &c.LostB, &ja, &jb, &c.MOSA, &c.MOSB); err != nil {
		return c, err
	}
	c.StartedAt, c.AnsweredAt, c.EndedAt = fromMS(st), fromMS(an), fromMS(en)
	c.Duration, c.Billable = time.Duration(dur)*time.Millisecond, time.Duration(bill)*time.Millisecond
	c.JitterA, c.JitterB = time.Duration(ja)*time.Microsecond, time.Duration(jb)*time.Microsecond
	return c, nil
}

// ListCDRs returns CDRs matching f, newest first.
func (s *Store) ListCDRs(ctx context.Context, f store.CDRFilter) ([]store.CDR, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	var out []store.CDR
	err := s.eachCDR(ctx, "list cdrs", f, limit, func(c store.CDR) error {
		out = append(out, c)
		return nil
	})
	return out, err
}

// EachCDR streams the CDRs matching f to fn, one row at a time.
func (s *Store) EachCDR(ctx context.Context, f store.CDRFilter, fn func(store.CDR) error) error {
	return s.eachCDR(ctx, "each cdr", f, max(f.Limit, 0), fn)
}

func (s *Store) eachCDR(ctx context.Context, op string, f store.CDRFilter, limit int, fn func(store.CDR) error) error {
	q, args := cdrQuery(f, limit)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return s.mapErr(op, err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanCDR(rows)
		if err != nil {
			return s.mapErr(op, err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return s.mapErr(op, rows.Err())
}

// CountCDRsByHour counts calls started in each hour from since, in SQL, so
// a busy day costs one indexed range scan and no rows in memory.
func (s *Store) CountCDRsByHour(ctx context.Context, since time.Time, hours int) ([]int, error) {
	if hours <= 0 || hours > 24*366 {
		return nil, fmt.Errorf("%w: hours %d is outside 1..8784", store.ErrInvalid, hours)
	}
	from := ms(since)
	to := from + int64(hours)*3600_000
	rows, err := s.db.QueryContext(ctx, `SELECT (started_at - $1) / 3600000 AS h, COUNT(*) FROM cdrs
		WHERE started_at >= $1 AND started_at < $2 GROUP BY (started_at - $1) / 3600000`, from, to)
	if err != nil {
		return nil, s.mapErr("count cdrs by hour", err)
	}
	defer rows.Close()
	out := make([]int, hours)
	for rows.Next() {
		var h int64
		var n int
		if err := rows.Scan(&h, &n); err != nil {
			return nil, s.mapErr("count cdrs by hour", err)
		}
		if h >= 0 && h < int64(hours) {
			out[h] = n
		}
	}
	return out, s.mapErr("count cdrs by hour", rows.Err())
}

// CreateAdminUser adds an admin UI user; ErrExists if the name is taken.
func (s *Store) CreateAdminUser(ctx context.Context, u store.AdminUser) error {
	if u.Username == "" || u.PasswordHash == "" {
		return fmt.Errorf("%w: admin user needs a name and a password hash", store.ErrInvalid)
	}
	if u.Role != store.RoleAdmin && u.Role != store.RoleViewer {
		return fmt.Errorf("%w: role %q must be admin or viewer", store.ErrInvalid, u.Role)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO admin_users (username, password_hash, role, failed_logins, locked_until, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, u.Username, u.PasswordHash, u.Role, u.FailedLogins, ms(u.LockedUntil), ms(u.CreatedAt))
	return s.mapErr("create admin user "+u.Username, err)
}

// GetAdminUser returns one admin user or ErrNotFound.
func (s *Store) GetAdminUser(ctx context.Context, username string) (store.AdminUser, error) {
	var u store.AdminUser
	var locked, created int64
	err := s.db.QueryRowContext(ctx, `SELECT username, password_hash, role, failed_logins, locked_until, created_at
		FROM admin_users WHERE username = $1`, username).Scan(&u.Username, &u.PasswordHash, &u.Role, &u.FailedLogins, &locked, &created)
	u.LockedUntil, u.CreatedAt = fromMS(locked), fromMS(created)
	return u, s.mapErr("get admin user "+username, err)
}

// CountAdminUsers tells whether the first-start admin must be created.
func (s *Store) CountAdminUsers(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM admin_users").Scan(&n)
	return n, s.mapErr("count admin users", err)
}

// AppendAudit records a change.
func (s *Store) AppendAudit(ctx context.Context, a store.AuditEntry) error {
	if a.Actor == "" || a.Action == "" {
		return fmt.Errorf("%w: audit entry needs an actor and an action", store.ErrInvalid)
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO audit_log (at, actor, action, object, detail, source) VALUES ($1, $2, $3, $4, $5, $6)",
		ms(a.At), a.Actor, a.Action, a.Object, a.Detail, a.Source)
	return s.mapErr("append audit", err)
}

// ListAudit returns the newest entries first.
func (s *Store) ListAudit(ctx context.Context, limit int) ([]store.AuditEntry, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.db.QueryContext(ctx, "SELECT id, at, actor, action, object, detail, source FROM audit_log ORDER BY id DESC LIMIT $1", limit)
	if err != nil {
		return nil, s.mapErr("list audit", err)
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var a store.AuditEntry
		var at int64
		if err := rows.Scan(&a.ID, &at, &a.Actor, &a.Action, &a.Object, &a.Detail, &a.Source); err != nil {
			return nil, s.mapErr("list audit", err)
		}
		a.At = fromMS(at)
		out = append(out, a)
	}
	return out, s.mapErr("list audit", rows.Err())
}

// GetSetting returns a setting's value or ErrNotFound.
func (s *Store) GetSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", key).Scan(&v)
	return v, s.mapErr("get setting "+key, err)
}

// SetSetting stores a setting; it is configuration, so the version grows.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	if key == "" {
		return fmt.Errorf("%w: empty setting key", store.ErrInvalid)
	}
	return s.configTx(ctx, "set setting "+key, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
}

// SetSettings stores every pair of kv, or none of them, in key order.
func (s *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	keys := make([]string, 0, len(kv))
	for k := range kv {
		if k == "" {
			return fmt.Errorf("%w: empty setting key", store.ErrInvalid)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil
	}
	slices.Sort(keys)
	return s.configTx(ctx, "set settings", func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, kv[k]); err != nil {
				return err
			}
		}
		return nil
	})
}
