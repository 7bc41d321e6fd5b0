package admin

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// The operations behind both the UI and the API. Each validates all of
// its input before it writes, writes once (one statement or one
// transaction), and records what it did in the audit log.

// audit records a change by p. The change has happened; a failure to
// record it is logged, not undone.
func (s *Server) audit(ctx context.Context, p *principal, action, object, detail string) {
	if p.TokenID != "" {
		via := "via API token " + p.TokenID + " (" + p.TokenName + ")"
		if detail == "" {
			detail = via
		} else {
			detail += "; " + via
		}
	}
	s.auditAs(ctx, p.User, p.Source, action, object, detail)
}

func (s *Server) auditAs(ctx context.Context, actor, source, action, object, detail string) {
	// Record even when the client has gone: the change was made.
	ctx = context.WithoutCancel(ctx)
	if err := s.st.AppendAudit(ctx, store.AuditEntry{At: s.now(), Actor: actor, Action: action, Object: object, Detail: detail, Source: source}); err != nil {
		s.log.Error("audit log write failed", "action", action, "object", object, "err", err)
	}
}

// generatePassword makes a SIP password: 20 base32 characters, 100 bits,
// easy to type on a phone's keypad menu.
func generatePassword() string { return rand.Text()[:20] }

// extensionInput is a create or a change; nil fields are left as they are
// (on create: their defaults).
type extensionInput struct {
	Number       *string `json:"number"`
	Name         *string `json:"name"`
	Password     *string `json:"password"`
	CallerID     *string `json:"caller_id"`
	RingTimeout  *int    `json:"ring_timeout_s"`
	Enabled      *bool   `json:"enabled"`
	VoicemailPIN *string `json:"voicemail_pin"`
}

// validateExtension checks every field in carries. On create the number
// is required and the password, when given, checked; on update neither
// may be sent.
func validateExtension(in extensionInput, isNew bool) fieldErrors {
	fe := fieldErrors{}
	if isNew {
		if in.Number == nil || *in.Number == "" {
			fe["number"] = "is required"
		} else if m := checkNumber(*in.Number); m != "" {
			fe["number"] = m
		}
		if in.Password != nil && *in.Password != "" {
			if m := checkSIPPassword(*in.Password); m != "" {
				fe["password"] = m
			}
		}
	} else if in.Password != nil {
		fe["password"] = "is changed with the password reset, not here"
	}
	if in.Name != nil {
		if m := checkName(strings.TrimSpace(*in.Name)); m != "" {
			fe["name"] = m
		}
	}
	if in.CallerID != nil {
		if m := checkCallerID(strings.TrimSpace(*in.CallerID)); m != "" {
			fe["caller_id"] = m
		}
	}
	if in.RingTimeout != nil {
		if m := checkRing(*in.RingTimeout); m != "" {
			fe["ring_timeout_s"] = m
		}
	}
	if in.VoicemailPIN != nil {
		if m := checkPIN(*in.VoicemailPIN); m != "" {
			fe["voicemail_pin"] = m
		}
	}
	return fe
}

// apply copies the fields in carries onto e; in is valid.
func (in extensionInput) apply(e *store.Extension) error {
	if in.Name != nil {
		e.Name = strings.TrimSpace(*in.Name)
	}
	if in.CallerID != nil {
		e.CallerID = strings.TrimSpace(*in.CallerID)
	}
	if in.RingTimeout != nil {
		e.RingTimeout = time.Duration(*in.RingTimeout) * time.Second
	}
	if in.Enabled != nil {
		e.Enabled = *in.Enabled
	}
	if in.VoicemailPIN != nil {
		return e.SetVoicemailPIN(*in.VoicemailPIN)
	}
	return nil
}

func (s *Server) createExtension(ctx context.Context, p *principal, in extensionInput) (store.Extension, string, error) {
	if err := validateExtension(in, true).err(); err != nil {
		return store.Extension{}, "", err
	}
	e := store.Extension{Number: *in.Number, Enabled: true, RingTimeout: store.DefaultRingTimeout}
	if err := in.apply(&e); err != nil {
		return e, "", err
	}
	password, generated := "", false
	if in.Password == nil || *in.Password == "" {
		password, generated = generatePassword(), true
	} else {
		password = *in.Password
	}
	e.SetPassword(s.sip.Realm, password)
	if err := s.st.CreateExtension(ctx, e); err != nil {
		if errors.Is(err, store.ErrExists) {
			return e, "", invalid("number", "extension "+e.Number+" already exists")
		}
		return e, "", err
	}
	s.audit(ctx, p, "ext.add", e.Number, "name="+e.Name)
	if !generated {
		password = ""
	}
	if stored, err := s.st.GetExtension(ctx, e.Number); err == nil {
		e = stored
	}
	return e, password, nil
}

// updateExtension changes an extension's settings (not its number and not
// its password, which have their own operations).
func (s *Server) updateExtension(ctx context.Context, p *principal, number string, in extensionInput) (store.Extension, error) {
	fe := validateExtension(in, false)
	if in.Number != nil && *in.Number != number {
		fe["number"] = "cannot be changed: create a new extension instead"
	}
	if err := fe.err(); err != nil {
		return store.Extension{}, err
	}
	e, err := s.st.GetExtension(ctx, number)
	if err != nil {
		return e, err
	}
	before := e
	if err := in.apply(&e); err != nil {
		return before, err
	}
	if err := s.st.UpdateExtension(ctx, e); err != nil {
		return before, err
	}
	action, detail := "ext.update", changes(before, e, in.VoicemailPIN != nil)
	if in.Enabled != nil && before.Enabled != e.Enabled && in.Name == nil && in.CallerID == nil && in.RingTimeout == nil && in.VoicemailPIN == nil {
		action, detail = "ext.disable", ""
		if e.Enabled {
			action = "ext.enable"
		}
	}
	s.audit(ctx, p, action, e.Number, detail)
	if got, err := s.st.GetExtension(ctx, number); err == nil {
		e = got
	}
	return e, nil
}

// changes describes an update for the audit log, never with secrets.
func changes(a, b store.Extension, pin bool) string {
	var out []string
	if a.Name != b.Name {
		out = append(out, fmt.Sprintf("name=%q", b.Name))
	}
	if a.CallerID != b.CallerID {
		out = append(out, "caller_id="+b.CallerID)
	}
	if a.RingTimeout != b.RingTimeout {
		out = append(out, fmt.Sprintf("ring_timeout=%ds", int(b.RingTimeout/time.Second)))
	}
	if a.Enabled != b.Enabled {
		out = append(out, fmt.Sprintf("enabled=%v", b.Enabled))
	}
	if pin {
		if b.VoicemailPIN == "" {
			out = append(out, "voicemail PIN removed")
		} else {
			out = append(out, "voicemail PIN set")
		}
	}
	if len(out) == 0 {
		return "no change"
	}
	return strings.Join(out, ", ")
}

func (s *Server) deleteExtension(ctx context.Context, p *principal, number string) error {
	if err := s.st.DeleteExtension(ctx, number); err != nil {
		return err
	}
	s.audit(ctx, p, "ext.rm", number, "")
	return nil
}

// resetPassword sets a new SIP password, generated when none is given, and
// returns the generated one (to show once).
func (s *Server) resetPassword(ctx context.Context, p *principal, number, password string) (string, error) {
	generated := false
	if password == "" {
		password, generated = generatePassword(), true
	} else if m := checkSIPPassword(password); m != "" {
		return "", invalid("password", m)
	}
	e, err := s.st.GetExtension(ctx, number)
	if err != nil {
		return "", err
	}
	e.SetPassword(s.sip.Realm, password)
	if err := s.st.UpdateExtension(ctx, e); err != nil {
		return "", err
	}
	s.audit(ctx, p, "ext.passwd", number, "")
	if !generated {
		return "", nil
	}
	return password, nil
}

// banView merges the edge's live list with the store's, which has the bans
// of the other node and those not yet loaded.
type banView struct {
	Ban
	Live   bool `json:"live"`   // in force at this node's edge
	Stored bool `json:"stored"` // recorded in the database
}

func (s *Server) listBans(ctx context.Context) ([]banView, error) {
	stored, err := s.st.ListBans(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	byAddr := map[netip.Addr]*banView{}
	var out []*banView
	if s.bans != nil {
		for _, b := range s.bans.Bans() {
			v := &banView{Ban: b, Live: true}
			byAddr[b.Addr] = v
			out = append(out, v)
		}
	}
	for _, b := range stored {
		if !b.ExpiresAt.IsZero() && !b.ExpiresAt.After(now) {
			continue
		}
		if v := byAddr[b.Addr]; v != nil {
			v.Stored = true
			continue
		}
		v := &banView{Ban: Ban{Addr: b.Addr, Reason: b.Reason, Since: b.CreatedAt, ExpiresAt: b.ExpiresAt}, Stored: true}
		byAddr[b.Addr] = v
		out = append(out, v)
	}
	res := make([]banView, 0, len(out))
	for _, v := range out {
		res = append(res, *v)
	}
	slices.SortFunc(res, func(a, b banView) int { return a.Addr.Compare(b.Addr) })
	return res, nil
}

// liftBan removes a ban from the edge and from the store.
func (s *Server) liftBan(ctx context.Context, p *principal, addr netip.Addr) error {
	addr = addr.Unmap()
	live := s.bans != nil && s.bans.Unban(addr)
	err := s.st.DeleteBan(ctx, addr)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if !live && err != nil {
		return fmt.Errorf("no ban of %s: %w", addr, store.ErrNotFound)
	}
	s.audit(ctx, p, "ban.rm", addr.String(), "")
	return nil
}

// clearBans lifts every ban and returns how many there were.
func (s *Server) clearBans(ctx context.Context, p *principal) (int, error) {
	bans, err := s.listBans(ctx)
	if err != nil {
		return 0, err
	}
	for _, b := range bans {
		if s.bans != nil {
			s.bans.Unban(b.Addr)
		}
		if err := s.st.DeleteBan(ctx, b.Addr); err != nil && !errors.Is(err, store.ErrNotFound) {
			return 0, err
		}
	}
	s.audit(ctx, p, "ban.clear", "", fmt.Sprintf("%d bans lifted", len(bans)))
	return len(bans), nil
}

// Settings kept in the store and edited on the settings page.
const (
	settingOrgName   = "org_name"
	settingPhoneHost = "phone_host"
)

type settingsJSON struct {
	OrgName   string `json:"org_name"`
	PhoneHost string `json:"phone_host"`
}

type settingsInput struct {
	OrgName   *string `json:"org_name"`
	PhoneHost *string `json:"phone_host"`
}

func (s *Server) getSetting(ctx context.Context, key string) (string, error) {
	v, err := s.st.GetSetting(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return "", nil
	}
	return v, err
}

func (s *Server) settings(ctx context.Context) (settingsJSON, error) {
	org, err := s.getSetting(ctx, settingOrgName)
	if err != nil {
		return settingsJSON{}, err
	}
	host, err := s.getSetting(ctx, settingPhoneHost)
	return settingsJSON{OrgName: org, PhoneHost: host}, err
}

func (s *Server) saveSettings(ctx context.Context, p *principal, in settingsInput) (settingsJSON, error) {
	fe := fieldErrors{}
	kv := map[string]string{}
	if in.OrgName != nil {
		v := strings.TrimSpace(*in.OrgName)
		if m := checkName(v); m != "" {
			fe["org_name"] = m
		}
		kv[settingOrgName] = v
	}
	if in.PhoneHost != nil {
		v := strings.TrimSpace(*in.PhoneHost)
		if m := checkPhoneHost(v); m != "" {
			fe["phone_host"] = m
		}
		kv[settingPhoneHost] = v
	}
	if err := fe.err(); err != nil {
		return settingsJSON{}, err
	}
	if err := s.st.SetSettings(ctx, kv); err != nil {
		return settingsJSON{}, err
	}
	var keys []string
	for k, v := range kv {
		keys = append(keys, fmt.Sprintf("%s=%q", k, v))
	}
	slices.Sort(keys)
	s.audit(ctx, p, "settings.set", "", strings.Join(keys, ", "))
	return s.settings(ctx)
}

// createToken makes an API token for user (p's own when empty).
func (s *Server) createToken(ctx context.Context, p *principal, name, user string) (string, store.APIToken, error) {
	name = strings.TrimSpace(name)
	fe := fieldErrors{}
	if m := ValidateTokenName(name); m != "" {
		fe["name"] = m
	}
	if user == "" {
		user = p.User
	}
	if _, err := s.st.GetAdminUser(ctx, user); errors.Is(err, store.ErrNotFound) {
		fe["user"] = "no admin user " + user
	} else if err != nil {
		return "", store.APIToken{}, err
	}
	if err := fe.err(); err != nil {
		return "", store.APIToken{}, err
	}
	secret, t := NewAPIToken(name, user, s.now())
	if err := s.st.CreateAPIToken(ctx, t); err != nil {
		return "", t, err
	}
	s.audit(ctx, p, "token.add", t.ID, fmt.Sprintf("name=%q user=%s", t.Name, t.Username))
	return secret, t, nil
}

func (s *Server) revokeToken(ctx context.Context, p *principal, id string) error {
	if err := s.st.RevokeAPIToken(ctx, id, s.now()); err != nil {
		return err
	}
	s.audit(ctx, p, "token.revoke", id, "")
	return nil
}

// changePassword changes p's own admin password and ends every session of
// the user: other browsers must log in again.
func (s *Server) changePassword(ctx context.Context, p *principal, current, next string) error {
	u, err := s.st.GetAdminUser(ctx, p.User)
	if err != nil {
		return err
	}
	fe := fieldErrors{}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(current)) != nil {
		fe["current_password"] = "is not your current password"
	}
	if m := checkAdminPassword(next); m != "" {
		fe["new_password"] = m
	}
	if err := fe.err(); err != nil {
		return err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(next), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	if err := s.st.SetAdminPassword(ctx, u.Username, string(h)); err != nil {
		return err
	}
	if _, err := s.st.DeleteUserSessions(ctx, u.Username); err != nil {
		return err
	}
	s.audit(ctx, p, "admin.passwd", u.Username, "every session ended")
	return nil
}

func (s *Server) unlockUser(ctx context.Context, p *principal, username string) error {
	if err := s.st.ResetLoginFailures(ctx, username); err != nil {
		return err
	}
	s.audit(ctx, p, "admin.unlock", username, "")
	return nil
}
