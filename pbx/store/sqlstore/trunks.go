package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan/outbound"
	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Trunks, DIDs and outbound routes. Patterns are checked with the
// dialplan's own compiler (pbx/dialplan/outbound), so the store never
// accepts a route the dialplan would refuse.

const trunkCols = "name, kind, host, port, transport, username, password, register, allow, srtp, caller_id, regions, failover, enabled, created_at, updated_at"

func joinPrefixes(ps []netip.Prefix) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return strings.Join(out, ",")
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func scanTrunk(sc interface{ Scan(...any) error }) (store.Trunk, error) {
	var t store.Trunk
	var port int64
	var allow, regions string
	var failover sql.NullString
	var created, updated int64
	if err := sc.Scan(&t.Name, &t.Type, &t.Host, &port, &t.Transport, &t.Username, &t.Password, &t.Register, &allow,
		&t.SRTP, &t.CallerID, &regions, &failover, &t.Enabled, &created, &updated); err != nil {
		return t, err
	}
	t.Port = uint16(port)
	for _, a := range splitList(allow) {
		p, err := netip.ParsePrefix(a)
		if err != nil {
			return t, fmt.Errorf("trunk %s: bad allowed source %q: %w", t.Name, a, err)
		}
		t.Allow = append(t.Allow, p)
	}
	t.Regions = splitList(regions)
	t.Failover = failover.String
	t.CreatedAt, t.UpdatedAt = fromMS(created), fromMS(updated)
	return t, nil
}

// normTrunk copies the slices, so the caller's value is never aliased.
func normTrunk(t store.Trunk) store.Trunk {
	t.Allow = slices.Clone(t.Allow)
	t.Regions = slices.Clone(t.Regions)
	return t
}

// checkFailover refuses a failover trunk that does not exist.
func checkFailover(ctx context.Context, tx *sql.Tx, t store.Trunk) error {
	if t.Failover == "" {
		return nil
	}
	ok, err := exists(ctx, tx, "SELECT 1 FROM trunks WHERE name = $1", t.Failover)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: no trunk %s for failover", store.ErrInvalid, t.Failover)
	}
	return nil
}

func exists(ctx context.Context, tx *sql.Tx, q string, args ...any) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, q, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// CreateTrunk adds a trunk; ErrExists if the name is taken.
func (s *Store) CreateTrunk(ctx context.Context, t store.Trunk) error {
	t = normTrunk(t)
	if err := t.Validate(); err != nil {
		return err
	}
	now := ms(time.Now())
	return s.configTx(ctx, "create trunk "+t.Name, func(tx *sql.Tx) error {
		if err := checkFailover(ctx, tx, t); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO trunks ("+trunkCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
			$11, $12, $13, $14, $15, $16)`,
			t.Name, t.Type, t.Host, int64(t.Port), t.Transport, t.Username, t.Password, t.Register, joinPrefixes(t.Allow),
			t.SRTP, t.CallerID, strings.Join(t.Regions, ","), nullString(t.Failover), t.Enabled, now, now)
		return err
	})
}

// UpdateTrunk replaces an existing trunk's settings.
func (s *Store) UpdateTrunk(ctx context.Context, t store.Trunk) error {
	t = normTrunk(t)
	if err := t.Validate(); err != nil {
		return err
	}
	return s.configTx(ctx, "update trunk "+t.Name, func(tx *sql.Tx) error {
		if err := checkFailover(ctx, tx, t); err != nil {
			return err
		}
		if t.Failover != "" {
			// A failover chain must not come back to this trunk.
			seen := map[string]bool{t.Name: true}
			for next := t.Failover; next != ""; {
				if seen[next] {
					return fmt.Errorf("%w: failover of %s to %s makes a loop", store.ErrInvalid, t.Name, t.Failover)
				}
				seen[next] = true
				var f sql.NullString
				if err := tx.QueryRowContext(ctx, "SELECT failover FROM trunks WHERE name = $1", next).Scan(&f); err != nil {
					return err
				}
				next = f.String
			}
		}
		return mustAffect(tx.ExecContext(ctx, `UPDATE trunks SET kind = $2, host = $3, port = $4, transport = $5, username = $6,
			password = $7, register = $8, allow = $9, srtp = $10, caller_id = $11, regions = $12, failover = $13, enabled = $14,
			updated_at = $15 WHERE name = $1`,
			t.Name, t.Type, t.Host, int64(t.Port), t.Transport, t.Username, t.Password, t.Register, joinPrefixes(t.Allow),
			t.SRTP, t.CallerID, strings.Join(t.Regions, ","), nullString(t.Failover), t.Enabled, ms(time.Now())))
	})
}

// GetTrunk returns one trunk or ErrNotFound.
func (s *Store) GetTrunk(ctx context.Context, name string) (store.Trunk, error) {
	t, err := scanTrunk(s.db.QueryRowContext(ctx, "SELECT "+trunkCols+" FROM trunks WHERE name = $1", name))
	return t, s.mapErr("get trunk "+name, err)
}

// ListTrunks returns every trunk by name.
func (s *Store) ListTrunks(ctx context.Context) ([]store.Trunk, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+trunkCols+" FROM trunks ORDER BY name")
	if err != nil {
		return nil, s.mapErr("list trunks", err)
	}
	defer rows.Close()
	var out []store.Trunk
	for rows.Next() {
		t, err := scanTrunk(rows)
		if err != nil {
			return nil, s.mapErr("list trunks", err)
		}
		out = append(out, t)
	}
	return out, s.mapErr("list trunks", rows.Err())
}

// usersOf names what refers to a trunk, for the "in use" message.
func usersOf(ctx context.Context, tx *sql.Tx, name string) ([]string, error) {
	var users []string
	collect := func(prefix, q string) error {
		rows, err := tx.QueryContext(ctx, q, name)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return err
			}
			users = append(users, prefix+" "+v)
		}
		return rows.Err()
	}
	if err := collect("DID", "SELECT did FROM inbound_routes WHERE trunk = $1 ORDER BY did"); err != nil {
		return nil, err
	}
	if err := collect("route", "SELECT DISTINCT route FROM outbound_route_trunks WHERE trunk = $1 ORDER BY route"); err != nil {
		return nil, err
	}
	if err := collect("trunk", "SELECT name FROM trunks WHERE failover = $1 ORDER BY name"); err != nil {
		return nil, err
	}
	return users, nil
}

// DeleteTrunk removes a trunk that nothing refers to.
func (s *Store) DeleteTrunk(ctx context.Context, name string) error {
	return s.configTx(ctx, "delete trunk "+name, func(tx *sql.Tx) error {
		users, err := usersOf(ctx, tx, name)
		if err != nil {
			return err
		}
		if len(users) > 0 {
			return fmt.Errorf("%w: trunk %s is used by %s; remove or change them first", store.ErrInUse, name, strings.Join(users, ", "))
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM trunks WHERE name = $1", name)
		if err != nil && s.dialect.IsForeign != nil && s.dialect.IsForeign(err) {
			// A DID or route added by another writer since the check.
			return fmt.Errorf("%w: trunk %s is used by another DID, route or trunk", store.ErrInUse, name)
		}
		return mustAffect(res, err)
	})
}

// CreateDID adds an inbound route; ErrExists if the number is routed already.
func (s *Store) CreateDID(ctx context.Context, d store.DID) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if _, err := outbound.CompilePattern(d.Number); err != nil {
		return fmt.Errorf("%w: DID %v", store.ErrInvalid, err)
	}
	return s.configTx(ctx, "create DID "+d.Number, func(tx *sql.Tx) error {
		if ok, err := exists(ctx, tx, "SELECT 1 FROM trunks WHERE name = $1", d.Trunk); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%w: no trunk %s", store.ErrInvalid, d.Trunk)
		}
		if ok, err := exists(ctx, tx, "SELECT 1 FROM extensions WHERE number = $1", d.Destination); err != nil {
			return err
		} else if !ok {
			return fmt.Errorf("%w: no extension %s", store.ErrInvalid, d.Destination)
		}
		_, err := tx.ExecContext(ctx, "INSERT INTO inbound_routes (did, trunk, destination, created_at) VALUES ($1, $2, $3, $4)",
			d.Number, d.Trunk, d.Destination, ms(time.Now()))
		return err
	})
}

// ListDIDs returns every inbound route by number.
func (s *Store) ListDIDs(ctx context.Context) ([]store.DID, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT did, trunk, destination, created_at FROM inbound_routes ORDER BY did")
	if err != nil {
		return nil, s.mapErr("list DIDs", err)
	}
	defer rows.Close()
	var out []store.DID
	for rows.Next() {
		var d store.DID
		var created int64
		if err := rows.Scan(&d.Number, &d.Trunk, &d.Destination, &created); err != nil {
			return nil, s.mapErr("list DIDs", err)
		}
		d.CreatedAt = fromMS(created)
		out = append(out, d)
	}
	return out, s.mapErr("list DIDs", rows.Err())
}

// DeleteDID removes an inbound route; ErrNotFound if there is none.
func (s *Store) DeleteDID(ctx context.Context, number string) error {
	return s.configTx(ctx, "delete DID "+number, func(tx *sql.Tx) error {
		return mustAffect(tx.ExecContext(ctx, "DELETE FROM inbound_routes WHERE did = $1", number))
	})
}

// CreateRoute appends an outbound route; ErrExists if the name is taken.
func (s *Store) CreateRoute(ctx context.Context, r store.Route) error {
	r.Trunks = slices.Clone(r.Trunks)
	if err := r.Validate(); err != nil {
		return err
	}
	// The same checks the snapshot's route table makes: the pattern, and
	// strip and prepend against it. The plan does not matter here.
	if _, err := outbound.NewRoutes(outbound.NANP(), outbound.Route{Name: r.Name, Pattern: r.Pattern, Strip: r.Strip, Prepend: r.Prepend, Trunks: r.Trunks}); err != nil {
		return fmt.Errorf("%w: %v", store.ErrInvalid, err)
	}
	now := ms(time.Now())
	return s.configTx(ctx, "create route "+r.Name, func(tx *sql.Tx) error {
		for _, t := range r.Trunks {
			if ok, err := exists(ctx, tx, "SELECT 1 FROM trunks WHERE name = $1", t); err != nil {
				return err
			} else if !ok {
				return fmt.Errorf("%w: no trunk %s", store.ErrInvalid, t)
			}
		}
		var pos int
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM outbound_routes").Scan(&pos); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO outbound_routes (name, position, pattern, strip, prepend, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
			r.Name, pos, r.Pattern, r.Strip, r.Prepend, now); err != nil {
			return err
		}
		for i, t := range r.Trunks {
			if _, err := tx.ExecContext(ctx, "INSERT INTO outbound_route_trunks (route, position, trunk) VALUES ($1, $2, $3)", r.Name, i, t); err != nil {
				return err
			}
		}
		return nil
	})
}

// ListRoutes returns the outbound routes in the order they are tried, each
// with its trunks in failover order.
func (s *Store) ListRoutes(ctx context.Context) ([]store.Route, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.name, r.position, r.pattern, r.strip, r.prepend, r.created_at, t.trunk
		FROM outbound_routes r JOIN outbound_route_trunks t ON t.route = r.name ORDER BY r.position, t.position`)
	if err != nil {
		return nil, s.mapErr("list routes", err)
	}
	defer rows.Close()
	var out []store.Route
	for rows.Next() {
		var r store.Route
		var created int64
		var trunk string
		if err := rows.Scan(&r.Name, &r.Position, &r.Pattern, &r.Strip, &r.Prepend, &created, &trunk); err != nil {
			return nil, s.mapErr("list routes", err)
		}
		if n := len(out); n > 0 && out[n-1].Name == r.Name {
			out[n-1].Trunks = append(out[n-1].Trunks, trunk)
			continue
		}
		r.CreatedAt = fromMS(created)
		r.Trunks = []string{trunk}
		out = append(out, r)
	}
	return out, s.mapErr("list routes", rows.Err())
}

// DeleteRoute removes an outbound route; the others keep their order.
func (s *Store) DeleteRoute(ctx context.Context, name string) error {
	return s.configTx(ctx, "delete route "+name, func(tx *sql.Tx) error {
		return mustAffect(tx.ExecContext(ctx, "DELETE FROM outbound_routes WHERE name = $1", name))
	})
}
