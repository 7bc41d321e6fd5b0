package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// The admin UI's own state: users' login failures, sessions, API tokens
// and paging through the audit log.

const adminCols = "username, password_hash, role, failed_logins, locked_until, created_at"

func scanAdmin(sc interface{ Scan(...any) error }) (store.AdminUser, error) {
	var u store.AdminUser
	var locked, created int64
	err := sc.Scan(&u.Username, &u.PasswordHash, &u.Role, &u.FailedLogins, &locked, &created)
	u.LockedUntil, u.CreatedAt = fromMS(locked), fromMS(created)
	return u, err
}

// ListAdminUsers returns every admin user ordered by name.
func (s *Store) ListAdminUsers(ctx context.Context) ([]store.AdminUser, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+adminCols+" FROM admin_users ORDER BY username")
	if err != nil {
		return nil, s.mapErr("list admin users", err)
	}
	defer rows.Close()
	var out []store.AdminUser
	for rows.Next() {
		u, err := scanAdmin(rows)
		if err != nil {
			return nil, s.mapErr("list admin users", err)
		}
		out = append(out, u)
	}
	return out, s.mapErr("list admin users", rows.Err())
}

// SetAdminPassword replaces a user's password hash; ErrNotFound if there
// is no such user.
func (s *Store) SetAdminPassword(ctx context.Context, username, hash string) error {
	if hash == "" {
		return fmt.Errorf("%w: empty password hash", store.ErrInvalid)
	}
	return s.mapErr("set admin password "+username, mustAffect(s.db.ExecContext(ctx,
		"UPDATE admin_users SET password_hash = $2 WHERE username = $1", username, hash)))
}

// RecordLoginFailure adds one failure in a single statement, so two nodes
// (or two browsers) failing at once cannot lose a count. Every expression
// of the SET list reads the row as it was before the update.
func (s *Store) RecordLoginFailure(ctx context.Context, username string, limit int, lockFor time.Duration, now time.Time) (store.AdminUser, error) {
	if limit < 1 {
		return store.AdminUser{}, fmt.Errorf("%w: login failure limit %d must be at least 1", store.ErrInvalid, limit)
	}
	u, err := scanAdmin(s.db.QueryRowContext(ctx, `UPDATE admin_users SET
		failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
		locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
		WHERE username = $1 RETURNING `+adminCols, username, limit, ms(now.Add(lockFor))))
	return u, s.mapErr("record login failure "+username, err)
}

// ResetLoginFailures clears the failure count and any lock.
func (s *Store) ResetLoginFailures(ctx context.Context, username string) error {
	return s.mapErr("reset login failures "+username, mustAffect(s.db.ExecContext(ctx,
		"UPDATE admin_users SET failed_logins = 0, locked_until = 0 WHERE username = $1", username)))
}

const sessionCols = "id_hash, username, created_at, last_seen, expires_at, source, user_agent"

// CreateSession records a new login; ErrNotFound if the user does not exist.
func (s *Store) CreateSession(ctx context.Context, se store.Session) error {
	if se.IDHash == "" || se.Username == "" || se.ExpiresAt.IsZero() {
		return fmt.Errorf("%w: session needs an id hash, a user and an expiry", store.ErrInvalid)
	}
	if se.CreatedAt.IsZero() {
		se.CreatedAt = time.Now()
	}
	if se.LastSeen.IsZero() {
		se.LastSeen = se.CreatedAt
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO admin_sessions ("+sessionCols+") VALUES ($1, $2, $3, $4, $5, $6, $7)",
		se.IDHash, se.Username, ms(se.CreatedAt), ms(se.LastSeen), ms(se.ExpiresAt), se.Source, se.UserAgent)
	return s.mapErr("create session", err)
}

// GetSession returns a session by the hash of its id, or ErrNotFound.
func (s *Store) GetSession(ctx context.Context, idHash string) (store.Session, error) {
	var se store.Session
	var c, l, e int64
	err := s.db.QueryRowContext(ctx, "SELECT "+sessionCols+" FROM admin_sessions WHERE id_hash = $1", idHash).
		Scan(&se.IDHash, &se.Username, &c, &l, &e, &se.Source, &se.UserAgent)
	se.CreatedAt, se.LastSeen, se.ExpiresAt = fromMS(c), fromMS(l), fromMS(e)
	return se, s.mapErr("get session", err)
}

// TouchSession moves a session's last activity forward (never back).
func (s *Store) TouchSession(ctx context.Context, idHash string, at time.Time) error {
	return s.mapErr("touch session", mustAffect(s.db.ExecContext(ctx,
		"UPDATE admin_sessions SET last_seen = $2 WHERE id_hash = $1 AND last_seen <= $2", idHash, ms(at))))
}

// DeleteSession ends one session; ErrNotFound if it did not exist.
func (s *Store) DeleteSession(ctx context.Context, idHash string) error {
	return s.mapErr("delete session", mustAffect(s.db.ExecContext(ctx, "DELETE FROM admin_sessions WHERE id_hash = $1", idHash)))
}

// DeleteUserSessions ends every session of a user.
func (s *Store) DeleteUserSessions(ctx context.Context, username string) (int, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM admin_sessions WHERE username = $1", username)
	if err != nil {
		return 0, s.mapErr("delete user sessions", err)
	}
	n, err := res.RowsAffected()
	return int(n), s.mapErr("delete user sessions", err)
}

// DeleteExpiredSessions removes sessions past their absolute expiry or
// idle for idle or longer.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, idle time.Duration) (int, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM admin_sessions WHERE expires_at <= $1 OR last_seen <= $2",
		ms(now), ms(now.Add(-idle)))
	if err != nil {
		return 0, s.mapErr("delete expired sessions", err)
	}
	n, err := res.RowsAffected()
	return int(n), s.mapErr("delete expired sessions", err)
}

const tokenCols = "id, name, token_hash, username, created_at, revoked_at, last_used"

func scanToken(sc interface{ Scan(...any) error }) (store.APIToken, error) {
	var t store.APIToken
	var c, r, l int64
	err := sc.Scan(&t.ID, &t.Name, &t.Hash, &t.Username, &c, &r, &l)
	t.CreatedAt, t.RevokedAt, t.LastUsed = fromMS(c), fromMS(r), fromMS(l)
	return t, err
}

// CreateAPIToken stores a token's hash; ErrExists if the id or hash is
// taken, ErrNotFound if the user does not exist.
func (s *Store) CreateAPIToken(ctx context.Context, t store.APIToken) error {
	if t.ID == "" || t.Username == "" || len(t.Hash) != 64 {
		return fmt.Errorf("%w: API token needs an id, a user and a SHA-256 hash", store.ErrInvalid)
	}
	if t.Name == "" || len(t.Name) > 100 {
		return fmt.Errorf("%w: API token name must be 1 to 100 characters", store.ErrInvalid)
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO api_tokens ("+tokenCols+") VALUES ($1, $2, $3, $4, $5, $6, $7)",
		t.ID, t.Name, t.Hash, t.Username, ms(t.CreatedAt), ms(t.RevokedAt), ms(t.LastUsed))
	return s.mapErr("create api token", err)
}

// GetAPITokenByHash finds a token, revoked or not, by its hash.
func (s *Store) GetAPITokenByHash(ctx context.Context, hash string) (store.APIToken, error) {
	t, err := scanToken(s.db.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM api_tokens WHERE token_hash = $1", hash))
	return t, s.mapErr("get api token", err)
}

// ListAPITokens returns every token, revoked ones too, oldest first.
func (s *Store) ListAPITokens(ctx context.Context) ([]store.APIToken, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+tokenCols+" FROM api_tokens ORDER BY created_at, id")
	if err != nil {
		return nil, s.mapErr("list api tokens", err)
	}
	defer rows.Close()
	var out []store.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, s.mapErr("list api tokens", err)
		}
		out = append(out, t)
	}
	return out, s.mapErr("list api tokens", rows.Err())
}

// RevokeAPIToken marks a valid token revoked; the row stays for the record.
func (s *Store) RevokeAPIToken(ctx context.Context, id string, at time.Time) error {
	return s.mapErr("revoke api token "+id, mustAffect(s.db.ExecContext(ctx,
		"UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at = 0", id, ms(at))))
}

// TouchAPIToken records when a token was last used.
func (s *Store) TouchAPIToken(ctx context.Context, id string, at time.Time) error {
	return s.mapErr("touch api token "+id, mustAffect(s.db.ExecContext(ctx,
		"UPDATE api_tokens SET last_used = $2 WHERE id = $1", id, ms(at))))
}

// QueryAudit returns a page of the audit log, newest first.
func (s *Store) QueryAudit(ctx context.Context, f store.AuditFilter) ([]store.AuditEntry, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	before := f.BeforeID
	if before <= 0 {
		before = int64(1) << 62
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, actor, action, object, detail, source FROM audit_log
		WHERE id < $1 ORDER BY id DESC LIMIT $2`, before, limit)
	if err != nil {
		return nil, s.mapErr("query audit", err)
	}
	defer rows.Close()
	var out []store.AuditEntry
	for rows.Next() {
		var a store.AuditEntry
		var at int64
		if err := rows.Scan(&a.ID, &at, &a.Actor, &a.Action, &a.Object, &a.Detail, &a.Source); err != nil {
			return nil, s.mapErr("query audit", err)
		}
		a.At = fromMS(at)
		out = append(out, a)
	}
	return out, s.mapErr("query audit", rows.Err())
}
