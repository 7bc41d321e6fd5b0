package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

func testVoicemailPIN(t *testing.T, s store.Store) {
	c := ctx(t)
	e := Ext("601", "vm")
	must(t, e.SetVoicemailPIN("2468"))
	must(t, s.CreateExtension(c, e))
	got, err := s.GetExtension(c, "601")
	must(t, err)
	if !got.CheckVoicemailPIN("2468") || got.CheckVoicemailPIN("1357") {
		t.Fatalf("PIN not kept: %q", got.VoicemailPIN)
	}
	must(t, got.SetVoicemailPIN(""))
	must(t, s.UpdateExtension(c, got))
	got, err = s.GetExtension(c, "601")
	must(t, err)
	if got.VoicemailPIN != "" || got.CheckVoicemailPIN("2468") {
		t.Fatalf("PIN not cleared: %q", got.VoicemailPIN)
	}
	bad := Ext("602", "vm")
	bad.VoicemailPIN = "2468" // not a hash
	mustErr(t, s.CreateExtension(c, bad), store.ErrInvalid)
}

func testCDRStream(t *testing.T, s store.Store) {
	c := ctx(t)
	t0 := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	disp := []string{store.DispositionAnswered, store.DispositionNoAnswer, store.DispositionBusy}
	for i := range 30 {
		must(t, s.InsertCDR(c, cdr(fmt.Sprintf("s%02d", i), t0.Add(time.Duration(i)*time.Minute), "101", fmt.Sprintf("%d", 200+i%3), disp[i%3])))
	}
	var ids []string
	must(t, s.EachCDR(c, store.CDRFilter{}, func(x store.CDR) error { ids = append(ids, x.ID); return nil }))
	if len(ids) != 30 || ids[0] != "s29" || ids[29] != "s00" {
		t.Fatalf("each without limit: %v", ids)
	}
	ids = nil
	must(t, s.EachCDR(c, store.CDRFilter{Disposition: store.DispositionBusy, Number: "202", Since: t0.Add(10 * time.Minute)},
		func(x store.CDR) error { ids = append(ids, x.ID); return nil }))
	if fmt.Sprint(ids) != "[s29 s26 s23 s20 s17 s14 s11]" {
		t.Fatalf("filtered: %v", ids)
	}
	ids = nil
	must(t, s.EachCDR(c, store.CDRFilter{Offset: 28}, func(x store.CDR) error { ids = append(ids, x.ID); return nil }))
	if fmt.Sprint(ids) != "[s01 s00]" {
		t.Fatalf("offset without limit: %v", ids)
	}
	// An error from the callback stops the walk and comes back unchanged.
	stop := errors.New("stop")
	n := 0
	err := s.EachCDR(c, store.CDRFilter{}, func(store.CDR) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("stop: err %v after %d rows", err, n)
	}
	l, err := s.ListCDRs(c, store.CDRFilter{Disposition: store.DispositionAnswered, Limit: 2, Offset: 1})
	must(t, err)
	if len(l) != 2 || l[0].ID != "s24" || l[1].ID != "s21" {
		t.Fatalf("list by disposition: %+v", l)
	}
}

func testCDRsByHour(t *testing.T, s store.Store) {
	c := ctx(t)
	day := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	must(t, s.InsertCDR(c, cdr("h0", day, "1", "2", store.DispositionAnswered)))
	must(t, s.InsertCDR(c, cdr("h0b", day.Add(59*time.Minute), "1", "2", store.DispositionAnswered)))
	must(t, s.InsertCDR(c, cdr("h9", day.Add(9*time.Hour+30*time.Minute), "1", "2", store.DispositionBusy)))
	must(t, s.InsertCDR(c, cdr("h23", day.Add(23*time.Hour+59*time.Minute), "1", "2", store.DispositionAnswered)))
	must(t, s.InsertCDR(c, cdr("before", day.Add(-time.Millisecond), "1", "2", store.DispositionAnswered)))
	must(t, s.InsertCDR(c, cdr("after", day.Add(24*time.Hour), "1", "2", store.DispositionAnswered)))
	got, err := s.CountCDRsByHour(c, day, 24)
	must(t, err)
	want := make([]int, 24)
	want[0], want[9], want[23] = 2, 1, 1
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("by hour = %v, want %v", got, want)
	}
	_, err = s.CountCDRsByHour(c, day, 0)
	mustErr(t, err, store.ErrInvalid)
}

func testAdminUserLogin(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateAdminUser(c, store.AdminUser{Username: "zed", PasswordHash: "$2a$z", Role: store.RoleViewer}))
	must(t, s.CreateAdminUser(c, store.AdminUser{Username: "amy", PasswordHash: "$2a$a", Role: store.RoleAdmin}))
	l, err := s.ListAdminUsers(c)
	must(t, err)
	if len(l) != 2 || l[0].Username != "amy" || l[1].Role != store.RoleViewer {
		t.Fatalf("list = %+v", l)
	}
	must(t, s.SetAdminPassword(c, "amy", "$2a$new"))
	mustErr(t, s.SetAdminPassword(c, "nobody", "$2a$x"), store.ErrNotFound)
	mustErr(t, s.SetAdminPassword(c, "amy", ""), store.ErrInvalid)
	u, err := s.GetAdminUser(c, "amy")
	must(t, err)
	if u.PasswordHash != "$2a$new" {
		t.Fatalf("password not set: %+v", u)
	}

	now := time.Now().Truncate(time.Millisecond)
	for i := 1; i <= 2; i++ {
		u, err := s.RecordLoginFailure(c, "amy", 3, 15*time.Minute, now)
		must(t, err)
		if u.FailedLogins != i || !u.LockedUntil.IsZero() {
			t.Fatalf("failure %d: %+v", i, u)
		}
	}
	u, err = s.RecordLoginFailure(c, "amy", 3, 15*time.Minute, now)
	must(t, err)
	if u.FailedLogins != 0 || !u.LockedUntil.Equal(now.Add(15*time.Minute)) {
		t.Fatalf("third failure must lock: %+v", u)
	}
	got, err := s.GetAdminUser(c, "amy")
	must(t, err)
	if !got.LockedUntil.Equal(u.LockedUntil) {
		t.Fatalf("lock not stored: %+v", got)
	}
	_, err = s.RecordLoginFailure(c, "nobody", 3, time.Minute, now)
	mustErr(t, err, store.ErrNotFound)
	must(t, s.ResetLoginFailures(c, "amy"))
	got, err = s.GetAdminUser(c, "amy")
	must(t, err)
	if got.FailedLogins != 0 || !got.LockedUntil.IsZero() {
		t.Fatalf("reset: %+v", got)
	}
	mustErr(t, s.ResetLoginFailures(c, "nobody"), store.ErrNotFound)
}

func testSessions(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateAdminUser(c, store.AdminUser{Username: "amy", PasswordHash: "$2a$a", Role: store.RoleAdmin}))
	now := time.Now().Truncate(time.Millisecond)
	a := store.Session{IDHash: strings.Repeat("1", 64), Username: "amy", CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour),
		Source: "192.0.2.1", UserAgent: "test"}
	must(t, s.CreateSession(c, a))
	mustErr(t, s.CreateSession(c, a), store.ErrExists)
	mustErr(t, s.CreateSession(c, store.Session{IDHash: "x", Username: "nobody", ExpiresAt: now.Add(time.Hour)}), store.ErrNotFound)
	mustErr(t, s.CreateSession(c, store.Session{Username: "amy"}), store.ErrInvalid)
	got, err := s.GetSession(c, a.IDHash)
	must(t, err)
	if got.Username != "amy" || !got.LastSeen.Equal(now) || !got.ExpiresAt.Equal(a.ExpiresAt) || got.Source != "192.0.2.1" || got.UserAgent != "test" {
		t.Fatalf("got %+v", got)
	}
	must(t, s.TouchSession(c, a.IDHash, now.Add(time.Hour)))
	// A late, older touch does not move activity back.
	_ = s.TouchSession(c, a.IDHash, now.Add(time.Minute))
	got, err = s.GetSession(c, a.IDHash)
	must(t, err)
	if !got.LastSeen.Equal(now.Add(time.Hour)) {
		t.Fatalf("touch: %+v", got)
	}
	_, err = s.GetSession(c, "nope")
	mustErr(t, err, store.ErrNotFound)

	// Expiry: idle and absolute.
	idle := store.Session{IDHash: strings.Repeat("2", 64), Username: "amy", CreatedAt: now.Add(-9 * time.Hour), ExpiresAt: now.Add(time.Hour)}
	old := store.Session{IDHash: strings.Repeat("3", 64), Username: "amy", CreatedAt: now, LastSeen: now, ExpiresAt: now.Add(-time.Second)}
	must(t, s.CreateSession(c, idle))
	must(t, s.CreateSession(c, old))
	n, err := s.DeleteExpiredSessions(c, now, 8*time.Hour)
	must(t, err)
	if n != 2 {
		t.Fatalf("expired removed = %d, want 2", n)
	}
	if _, err := s.GetSession(c, a.IDHash); err != nil {
		t.Fatalf("live session removed: %v", err)
	}
	must(t, s.DeleteSession(c, a.IDHash))
	mustErr(t, s.DeleteSession(c, a.IDHash), store.ErrNotFound)

	for i := range 3 {
		must(t, s.CreateSession(c, store.Session{IDHash: fmt.Sprintf("%064d", i+10), Username: "amy", ExpiresAt: now.Add(time.Hour)}))
	}
	n, err = s.DeleteUserSessions(c, "amy")
	must(t, err)
	if n != 3 {
		t.Fatalf("user sessions removed = %d", n)
	}
}

func testAPITokens(t *testing.T, s store.Store) {
	c := ctx(t)
	must(t, s.CreateAdminUser(c, store.AdminUser{Username: "amy", PasswordHash: "$2a$a", Role: store.RoleAdmin}))
	now := time.Now().Truncate(time.Millisecond)
	tok := store.APIToken{ID: "t1", Name: "billing export", Hash: strings.Repeat("d", 64), Username: "amy", CreatedAt: now}
	must(t, s.CreateAPIToken(c, tok))
	mustErr(t, s.CreateAPIToken(c, tok), store.ErrExists)
	mustErr(t, s.CreateAPIToken(c, store.APIToken{ID: "t2", Name: "x", Hash: strings.Repeat("e", 64), Username: "nobody"}), store.ErrNotFound)
	mustErr(t, s.CreateAPIToken(c, store.APIToken{ID: "t3", Name: "x", Hash: "short", Username: "amy"}), store.ErrInvalid)
	mustErr(t, s.CreateAPIToken(c, store.APIToken{ID: "t4", Name: "", Hash: strings.Repeat("f", 64), Username: "amy"}), store.ErrInvalid)
	got, err := s.GetAPITokenByHash(c, tok.Hash)
	must(t, err)
	if got.ID != "t1" || got.Name != "billing export" || got.Username != "amy" || !got.CreatedAt.Equal(now) || !got.RevokedAt.IsZero() {
		t.Fatalf("got %+v", got)
	}
	must(t, s.TouchAPIToken(c, "t1", now.Add(time.Minute)))
	mustErr(t, s.TouchAPIToken(c, "none", now), store.ErrNotFound)
	must(t, s.RevokeAPIToken(c, "t1", now.Add(2*time.Minute)))
	mustErr(t, s.RevokeAPIToken(c, "t1", now.Add(3*time.Minute)), store.ErrNotFound)
	mustErr(t, s.RevokeAPIToken(c, "none", now), store.ErrNotFound)
	l, err := s.ListAPITokens(c)
	must(t, err)
	if len(l) != 1 || !l[0].RevokedAt.Equal(now.Add(2*time.Minute)) || !l[0].LastUsed.Equal(now.Add(time.Minute)) {
		t.Fatalf("list = %+v", l)
	}
	_, err = s.GetAPITokenByHash(c, strings.Repeat("0", 64))
	mustErr(t, err, store.ErrNotFound)
}

func testAuditPages(t *testing.T, s store.Store) {
	c := ctx(t)
	for i := range 25 {
		must(t, s.AppendAudit(c, store.AuditEntry{Actor: "amy", Action: "ext.add", Object: fmt.Sprint(100 + i)}))
	}
	p1, err := s.QueryAudit(c, store.AuditFilter{Limit: 10})
	must(t, err)
	if len(p1) != 10 || p1[0].Object != "124" || p1[9].Object != "115" {
		t.Fatalf("page 1: %+v", p1)
	}
	p2, err := s.QueryAudit(c, store.AuditFilter{Limit: 10, BeforeID: p1[9].ID})
	must(t, err)
	if len(p2) != 10 || p2[0].Object != "114" {
		t.Fatalf("page 2: %+v", p2)
	}
	p3, err := s.QueryAudit(c, store.AuditFilter{BeforeID: p2[9].ID})
	must(t, err)
	if len(p3) != 5 || p3[4].Object != "100" {
		t.Fatalf("page 3: %+v", p3)
	}
}
