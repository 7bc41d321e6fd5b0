// Package storetest is the conformance suite every store implementation
// passes: the same cases, run against SQLite and a real PostgreSQL.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Open returns a fresh, migrated, empty store, closed by the test's cleanup.
type Open func(t *testing.T) store.Store

// Run runs every conformance case against stores made by open.
func Run(t *testing.T, open Open) {
	cases := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"Extensions", testExtensions},
		{"ExtensionValidation", testExtensionValidation},
		{"BulkCreateAllOrNothing", testBulkCreate},
		{"ConfigVersion", testConfigVersion},
		{"Registrations", testRegistrations},
		{"Bans", testBans},
		{"CDRs", testCDRs},
		{"AdminUsers", testAdminUsers},
		{"Audit", testAudit},
		{"Settings", testSettings},
		{"ConcurrentWriters", testConcurrentWriters},
		{"ContextCancelled", testContextCancelled},
		{"VoicemailPIN", testVoicemailPIN},
		{"CDRStreamAndFilters", testCDRStream},
		{"CDRsByHour", testCDRsByHour},
		{"AdminUserLogin", testAdminUserLogin},
		{"Sessions", testSessions},
		{"APITokens", testAPITokens},
		{"AuditPages", testAuditPages},
		{"Trunks", testTrunks},
		{"TrunkValidation", testTrunkValidation},
		{"DIDs", testDIDs},
		{"Routes", testRoutes},
		{"TrunkInUse", testTrunkInUse},
		{"ExtensionClass", testExtensionClass},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.fn(t, open(t)) })
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// Ext returns a valid extension with made-up hashes.
func Ext(number, name string) store.Extension {
	return store.Extension{
		Number: number, Name: name, Realm: "dialtone", Enabled: true,
		HA1MD5:    strings.Repeat("a", 32),
		HA1SHA256: strings.Repeat("b", 64),
	}
}

func mustErr(t *testing.T, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("err = %v, want %v", err, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testExtensions(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateExtension(c, Ext("102", "Bob")))
	must(t, s.CreateExtension(c, Ext("101", "Alice")))
	mustErr(t, s.CreateExtension(c, Ext("101", "Again")), store.ErrExists)

	e, err := s.GetExtension(c, "101")
	must(t, err)
	if e.Name != "Alice" || !e.Enabled || e.RingTimeout != store.DefaultRingTimeout || e.CreatedAt.IsZero() {
		t.Fatalf("got %+v", e)
	}
	_, err = s.GetExtension(c, "999")
	mustErr(t, err, store.ErrNotFound)

	e.Name, e.Enabled, e.CallerID, e.RingTimeout = "Alice A.", false, "+15551230101", 45*time.Second
	e.HA1MD5 = strings.Repeat("c", 32)
	must(t, s.UpdateExtension(c, e))
	got, err := s.GetExtension(c, "101")
	must(t, err)
	if got.Name != "Alice A." || got.Enabled || got.CallerID != "+15551230101" || got.RingTimeout != 45*time.Second || got.HA1MD5 != e.HA1MD5 {
		t.Fatalf("update not stored: %+v", got)
	}
	mustErr(t, s.UpdateExtension(c, Ext("555", "Nobody")), store.ErrNotFound)

	list, err := s.ListExtensions(c)
	must(t, err)
	if len(list) != 2 || list[0].Number != "101" || list[1].Number != "102" {
		t.Fatalf("list = %+v", list)
	}
	must(t, s.DeleteExtension(c, "102"))
	mustErr(t, s.DeleteExtension(c, "102"), store.ErrNotFound)
	list, err = s.ListExtensions(c)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("after delete: %+v", list)
	}
}

func testExtensionValidation(t *testing.T, s store.Store) {
	c := ctx(t)
	bad := []struct {
		name string
		ext  store.Extension
		want string
	}{
		{"one digit", Ext("1", "x"), "2 to 8 digits"},
		{"nine digits", Ext("123456789", "x"), "2 to 8 digits"},
		{"letters", Ext("10a", "x"), "only digits"},
		{"empty", Ext("", "x"), "2 to 8 digits"},
		{"no hash", func() store.Extension { e := Ext("103", "x"); e.HA1MD5 = ""; return e }(), "no valid password hash"},
		{"bad hash", func() store.Extension { e := Ext("104", "x"); e.HA1SHA256 = strings.Repeat("Z", 64); return e }(), "no valid password hash"},
		{"long name", Ext("105", strings.Repeat("n", 101)), "longer than 100"},
	}
	v0, err := s.ConfigVersion(c)
	must(t, err)
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			err := s.CreateExtension(c, b.ext)
			mustErr(t, err, store.ErrInvalid)
			if !strings.Contains(err.Error(), b.want) {
				t.Fatalf("error %q does not say %q", err, b.want)
			}
		})
	}
	list, err := s.ListExtensions(c)
	must(t, err)
	v1, err := s.ConfigVersion(c)
	must(t, err)
	if len(list) != 0 || v1 != v0 {
		t.Fatalf("refused input changed the store: %d rows, version %d -> %d", len(list), v0, v1)
	}
}

func testConfigVersion(t *testing.T, s store.Store) {
	c := ctx(t)
	v := func() int64 {
		n, err := s.ConfigVersion(c)
		must(t, err)
		return n
	}
	v0 := v()
	must(t, s.CreateExtension(c, Ext("201", "x")))
	v1 := v()
	if v1 <= v0 {
		t.Fatalf("create did not bump version: %d -> %d", v0, v1)
	}
	must(t, s.SetSetting(c, "country", "1"))
	v2 := v()
	if v2 <= v1 {
		t.Fatalf("setting did not bump version")
	}
	must(t, s.SaveRegistration(c, reg("201", "sip:201@127.0.0.1:5062", time.Now().Add(time.Hour))))
	if v() != v2 {
		t.Fatalf("a registration is not configuration and must not bump the version")
	}
	mustErr(t, s.CreateExtension(c, Ext("201", "dup")), store.ErrExists)
	if v() != v2 {
		t.Fatalf("a failed write bumped the version")
	}
	must(t, s.DeleteExtension(c, "201"))
	if v() <= v2 {
		t.Fatalf("delete did not bump version")
	}
}

func reg(ext, contact string, exp time.Time) store.Registration {
	return store.Registration{
		Extension: ext, Contact: contact, Transport: "udp", Source: "127.0.0.1:5062",
		UserAgent: "test", CallID: "cid-" + contact, CSeq: 1, ExpiresAt: exp, Node: "n1",
	}
}

func testRegistrations(t *testing.T, s store.Store) {
	c := ctx(t)
	now := time.Now().Truncate(time.Millisecond)
	must(t, s.CreateExtension(c, Ext("301", "x")))
	must(t, s.CreateExtension(c, Ext("302", "y")))
	must(t, s.SaveRegistration(c, reg("301", "sip:301@10.0.0.1:5060", now.Add(time.Hour))))
	must(t, s.SaveRegistration(c, reg("301", "sip:301@10.0.0.2:5060", now.Add(-time.Second))))
	must(t, s.SaveRegistration(c, reg("302", "sip:302@10.0.0.3:5060;transport=tcp", now.Add(time.Hour))))

	// A refresh replaces the binding, it does not add one.
	r := reg("301", "sip:301@10.0.0.1:5060", now.Add(2*time.Hour))
	r.CSeq, r.Source, r.Transport, r.Instance, r.RegID = 7, "192.0.2.9:40000", "tcp", "<urn:uuid:1>", 1
	must(t, s.SaveRegistration(c, r))

	list, err := s.ListRegistrations(c)
	must(t, err)
	if len(list) != 3 {
		t.Fatalf("list = %+v", list)
	}
	got := list[0]
	if got.Contact != r.Contact || got.CSeq != 7 || got.Source != "192.0.2.9:40000" || got.Transport != "tcp" ||
		!got.ExpiresAt.Equal(now.Add(2*time.Hour)) || got.Instance != "<urn:uuid:1>" || got.RegID != 1 || got.Node != "n1" {
		t.Fatalf("refresh not stored: %+v", got)
	}

	n, err := s.DeleteExpiredRegistrations(c, now)
	must(t, err)
	if n != 1 {
		t.Fatalf("expired removed = %d, want 1", n)
	}
	must(t, s.DeleteRegistration(c, "302", "sip:302@10.0.0.3:5060;transport=tcp"))
	mustErr(t, s.DeleteRegistration(c, "302", "sip:302@10.0.0.3:5060;transport=tcp"), store.ErrNotFound)

	// A batch is all or nothing.
	batch := []store.Registration{reg("302", "sip:302@10.0.0.4", now.Add(time.Hour)), reg("302", "sip:302@10.0.0.5", now.Add(time.Hour))}
	mustErr(t, s.SaveRegistrations(c, append(batch, reg("999", "sip:999@10.0.0.9", now.Add(time.Hour)))), store.ErrNotFound)
	list, err = s.ListRegistrations(c)
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("a failed batch left rows: %+v", list)
	}
	must(t, s.SaveRegistrations(c, batch))
	list, err = s.ListRegistrations(c)
	must(t, err)
	if len(list) != 3 {
		t.Fatalf("batch not saved: %+v", list)
	}

	// A binding for an extension that does not exist is refused.
	mustErr(t, s.SaveRegistration(c, reg("999", "sip:999@10.0.0.9", now.Add(time.Hour))), store.ErrNotFound)

	// Deleting the extensions removes their bindings.
	must(t, s.DeleteExtension(c, "301"))
	must(t, s.DeleteExtension(c, "302"))
	list, err = s.ListRegistrations(c)
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("bindings survived their extension: %+v", list)
	}
}

func testBans(t *testing.T, s store.Store) {
	c := ctx(t)
	a := netip.MustParseAddr("192.0.2.7")
	b := netip.MustParseAddr("2001:db8::7")
	until := time.Now().Add(time.Hour).Truncate(time.Millisecond)
	must(t, s.SaveBan(c, store.Ban{Addr: a, Reason: "auth failures", ExpiresAt: until}))
	must(t, s.SaveBan(c, store.Ban{Addr: b, Reason: "scanner", ExpiresAt: until}))
	must(t, s.SaveBan(c, store.Ban{Addr: a, Reason: "again", ExpiresAt: until.Add(time.Hour)}))
	mustErr(t, s.SaveBan(c, store.Ban{Reason: "no addr"}), store.ErrInvalid)
	list, err := s.ListBans(c)
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("bans = %+v", list)
	}
	for _, x := range list {
		if x.Addr == a && (x.Reason != "again" || !x.ExpiresAt.Equal(until.Add(time.Hour))) {
			t.Fatalf("ban not extended: %+v", x)
		}
	}
	must(t, s.DeleteBan(c, a))
	mustErr(t, s.DeleteBan(c, a), store.ErrNotFound)
}

func cdr(id string, start time.Time, caller, callee, disp string) store.CDR {
	return store.CDR{
		ID: id, Node: "n1", CallID: "c-" + id, StartedAt: start, EndedAt: start.Add(10 * time.Second),
		Duration: 10 * time.Second, CallerNumber: caller, CalleeNumber: callee, Disposition: disp,
	}
}

func testCDRs(t *testing.T, s store.Store) {
	c := ctx(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	full := cdr("a1", t0, "101", "102", "ANSWERED")
	full.AnsweredAt, full.Billable = t0.Add(2*time.Second), 8*time.Second
	full.CallerName, full.CalleeName, full.HangupReason, full.HangupSide = "Alice", "Bob", "normal", "caller"
	full.CodecA, full.CodecB, full.PacketsA, full.PacketsB, full.LostA, full.LostB = "PCMU", "PCMA", 400, 399, 1, 0
	full.JitterA, full.JitterB, full.MOSA, full.MOSB = 1500*time.Microsecond, 250*time.Microsecond, 4.3, 4.1
	must(t, s.InsertCDR(c, full))
	must(t, s.InsertCDR(c, cdr("a2", t0.Add(time.Minute), "103", "101", "NO ANSWER")))
	must(t, s.InsertCDR(c, cdr("a3", t0.Add(2*time.Minute), "104", "105", "BUSY")))
	mustErr(t, s.InsertCDR(c, full), store.ErrExists)
	mustErr(t, s.InsertCDR(c, store.CDR{ID: "x"}), store.ErrInvalid)

	all, err := s.ListCDRs(c, store.CDRFilter{})
	must(t, err)
	if len(all) != 3 || all[0].ID != "a3" || all[2].ID != "a1" {
		t.Fatalf("order: %+v", all)
	}
	got := all[2]
	if !got.StartedAt.Equal(full.StartedAt) || !got.AnsweredAt.Equal(full.AnsweredAt) || !got.EndedAt.Equal(full.EndedAt) ||
		got.Duration != full.Duration || got.Billable != full.Billable || got.CallerName != "Alice" || got.CalleeName != "Bob" ||
		got.HangupReason != "normal" || got.HangupSide != "caller" || got.CodecA != "PCMU" || got.CodecB != "PCMA" ||
		got.PacketsA != 400 || got.PacketsB != 399 || got.LostA != 1 || got.JitterA != 1500*time.Microsecond ||
		got.JitterB != 250*time.Microsecond || got.MOSA != 4.3 || got.MOSB != 4.1 || got.CallID != "c-a1" || got.Node != "n1" {
		t.Fatalf("round trip:\n got %+v\nwant %+v", got, full)
	}
	if !all[1].AnsweredAt.IsZero() {
		t.Fatalf("unanswered call has an answer time: %+v", all[1])
	}
	tests := []struct {
		name string
		f    store.CDRFilter
		want []string
	}{
		{"number either side", store.CDRFilter{Number: "101"}, []string{"a2", "a1"}},
		{"since", store.CDRFilter{Since: t0.Add(time.Minute)}, []string{"a3", "a2"}},
		{"until", store.CDRFilter{Until: t0.Add(time.Minute)}, []string{"a1"}},
		{"limit", store.CDRFilter{Limit: 1}, []string{"a3"}},
		{"offset", store.CDRFilter{Limit: 1, Offset: 1}, []string{"a2"}},
		{"none", store.CDRFilter{Number: "999"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := s.ListCDRs(c, tt.f)
			must(t, err)
			var ids []string
			for _, x := range l {
				ids = append(ids, x.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.want) {
				t.Fatalf("got %v want %v", ids, tt.want)
			}
		})
	}
}

func testAdminUsers(t *testing.T, s store.Store) {
	c := ctx(t)
	n, err := s.CountAdminUsers(c)
	must(t, err)
	if n != 0 {
		t.Fatalf("count = %d", n)
	}
	must(t, s.CreateAdminUser(c, store.AdminUser{Username: "boss", PasswordHash: "$2a$hash", Role: store.RoleAdmin}))
	mustErr(t, s.CreateAdminUser(c, store.AdminUser{Username: "boss", PasswordHash: "h", Role: store.RoleViewer}), store.ErrExists)
	mustErr(t, s.CreateAdminUser(c, store.AdminUser{Username: "x", PasswordHash: "h", Role: "root"}), store.ErrInvalid)
	u, err := s.GetAdminUser(c, "boss")
	must(t, err)
	if u.PasswordHash != "$2a$hash" || u.Role != store.RoleAdmin || u.CreatedAt.IsZero() {
		t.Fatalf("got %+v", u)
	}
	_, err = s.GetAdminUser(c, "nobody")
	mustErr(t, err, store.ErrNotFound)
	n, err = s.CountAdminUsers(c)
	must(t, err)
	if n != 1 {
		t.Fatalf("count = %d", n)
	}
}

func testAudit(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.AppendAudit(c, store.AuditEntry{Actor: "cli", Action: "ext.add", Object: "101", Source: "local"}))
	must(t, s.AppendAudit(c, store.AuditEntry{Actor: "boss", Action: "ext.rm", Object: "101", Source: "192.0.2.1"}))
	mustErr(t, s.AppendAudit(c, store.AuditEntry{}), store.ErrInvalid)
	l, err := s.ListAudit(c, 10)
	must(t, err)
	if len(l) != 2 || l[0].Action != "ext.rm" || l[1].Actor != "cli" || l[0].At.IsZero() || l[0].Source != "192.0.2.1" {
		t.Fatalf("audit = %+v", l)
	}
}

func testSettings(t *testing.T, s store.Store) {
	c := ctx(t)
	_, err := s.GetSetting(c, "country")
	mustErr(t, err, store.ErrNotFound)
	must(t, s.SetSetting(c, "country", "1"))
	must(t, s.SetSetting(c, "country", "44"))
	v, err := s.GetSetting(c, "country")
	must(t, err)
	if v != "44" {
		t.Fatalf("setting = %q", v)
	}
	mustErr(t, s.SetSetting(c, "", "x"), store.ErrInvalid)

	v0, err := s.ConfigVersion(c)
	must(t, err)
	must(t, s.SetSettings(c, map[string]string{"country": "33", "org_name": "Acme"}))
	for k, want := range map[string]string{"country": "33", "org_name": "Acme"} {
		if v, err := s.GetSetting(c, k); err != nil || v != want {
			t.Fatalf("%s = %q, %v", k, v, err)
		}
	}
	if v1, _ := s.ConfigVersion(c); v1 <= v0 {
		t.Fatalf("settings did not bump the version")
	}
	mustErr(t, s.SetSettings(c, map[string]string{"country": "1", "": "x"}), store.ErrInvalid)
	if v, _ := s.GetSetting(c, "country"); v != "33" {
		t.Fatalf("a refused batch changed a setting: %q", v)
	}
}

// Writers in parallel (the server, the CLI, the admin UI) must queue, not fail.
func testConcurrentWriters(t *testing.T, s store.Store) {
	c := ctx(t)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.CreateExtension(c, Ext(fmt.Sprintf("%d", 1000+i), "w")); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	l, err := s.ListExtensions(c)
	must(t, err)
	if len(l) != 40 {
		t.Fatalf("%d extensions, want 40", len(l))
	}
}

func testContextCancelled(t *testing.T, s store.Store) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.CreateExtension(c, Ext("401", "x")); err == nil {
		t.Fatal("write with a cancelled context succeeded")
	}
	if _, err := s.GetExtension(ctx(t), "401"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("cancelled write left a row: %v", err)
	}
}

func testBulkCreate(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateExtension(c, Ext("150", "existing")))
	var batch []store.Extension
	for i := range 500 {
		batch = append(batch, Ext(fmt.Sprintf("%d", 20000+i), "bulk"))
	}
	// A duplicate at the end refuses the whole batch.
	mustErr(t, s.CreateExtensions(c, append(batch, Ext("150", "dup"))), store.ErrExists)
	// An invalid entry is refused before anything is written.
	mustErr(t, s.CreateExtensions(c, append(batch, Ext("1x", "bad"))), store.ErrInvalid)
	l, err := s.ListExtensions(c)
	must(t, err)
	if len(l) != 1 {
		t.Fatalf("a refused batch left %d rows", len(l)-1)
	}
	must(t, s.CreateExtensions(c, batch))
	l, err = s.ListExtensions(c)
	must(t, err)
	if len(l) != 501 {
		t.Fatalf("%d extensions after bulk create, want 501", len(l))
	}
}
