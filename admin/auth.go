package admin

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// Cookies. Both are HttpOnly and SameSite=Strict, and Secure when the
// request came over TLS.
const (
	sessionCookie = "dialtone_session"
	loginCookie   = "dialtone_login" // login form's anti-forgery value
	csrfField     = "csrf"
	csrfHeader    = "X-CSRF-Token"
	ctxPrincipal  = "dialtone.principal"
	maxFormBody   = 1 << 20
)

// principal is who makes a request: a browser session or an API token.
type principal struct {
	User      string
	Role      string
	Source    string         // remote IP
	Session   *store.Session // nil for API tokens
	rawID     string         // the session cookie, for the CSRF token
	TokenID   string
	TokenName string
}

func (p *principal) canWrite() bool { return p.Role == store.RoleAdmin }

// CSRF is the form token of this session (synchronizer token pattern):
// derived from the secret session id, so it needs no storage of its own,
// is the same on both nodes of a pair and dies with the session.
func (p *principal) CSRF() string {
	if p.rawID == "" {
		return ""
	}
	return csrfToken(p.rawID)
}

func csrfToken(rawSession string) string {
	m := hmac.New(sha256.New, []byte(rawSession))
	m.Write([]byte("dialtone csrf v1"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func principalOf(c echo.Context) *principal {
	p, _ := c.Get(ctxPrincipal).(*principal)
	return p
}

// newSecret returns 256 random bits, URL-safe.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret is what the store keeps of a session id or an API token.
func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

func (s *Server) setCookie(c echo.Context, name, value, path string, maxAge time.Duration) {
	ck := &http.Cookie{
		Name: name, Value: value, Path: path,
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.Request().TLS != nil,
	}
	if maxAge < 0 {
		ck.MaxAge = -1
	} else {
		ck.MaxAge = int(maxAge / time.Second)
	}
	c.SetCookie(ck)
}

// sessionPrincipal returns the logged-in user of the request, or nil. An
// expired session is removed on sight.
func (s *Server) sessionPrincipal(c echo.Context) (*principal, error) {
	ck, err := c.Cookie(sessionCookie)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return nil, nil
	}
	ctx := c.Request().Context()
	h := hashSecret(ck.Value)
	se, err := s.st.GetSession(ctx, h)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	if !now.Before(se.ExpiresAt) || now.Sub(se.LastSeen) >= s.policy.SessionIdle {
		if err := s.st.DeleteSession(ctx, h); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return nil, nil
	}
	u, err := s.st.GetAdminUser(ctx, se.Username)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	// Activity is written at most twice a minute, not on every request.
	if now.Sub(se.LastSeen) > 30*time.Second {
		if err := s.st.TouchSession(ctx, h, now); err != nil && !errors.Is(err, store.ErrNotFound) {
			s.log.Warn("recording session activity failed", "err", err)
		}
		se.LastSeen = now
	}
	return &principal{User: u.Username, Role: u.Role, Source: c.RealIP(), Session: &se, rawID: ck.Value}, nil
}

// requireSession lets logged-in browsers through; others go to the login
// page (GET) or are refused (anything else).
func (s *Server) requireSession(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		p, err := s.sessionPrincipal(c)
		if err != nil {
			return err
		}
		if p == nil {
			r := c.Request()
			if r.Method == http.MethodGet && r.URL.Path != "/events" {
				return c.Redirect(http.StatusSeeOther, "/login?next="+url.QueryEscape(r.URL.RequestURI()))
			}
			return echo.NewHTTPError(http.StatusUnauthorized, "your session has ended: log in again")
		}
		c.Set(ctxPrincipal, p)
		return next(c)
	}
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// checkCSRF refuses a state-changing request without this session's token
// (form field or header), or sent from another origin.
func (s *Server) checkCSRF(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		if !unsafeMethod(r.Method) {
			return next(c)
		}
		if !sameOrigin(r) {
			return echo.NewHTTPError(http.StatusForbidden, "request from another site refused")
		}
		r.Body = http.MaxBytesReader(c.Response(), r.Body, maxFormBody)
		p := principalOf(c)
		got := r.Header.Get(csrfHeader)
		if got == "" {
			got = c.FormValue(csrfField)
		}
		if p == nil || got == "" || !hmac.Equal([]byte(got), []byte(p.CSRF())) {
			return echo.NewHTTPError(http.StatusForbidden, "missing or wrong CSRF token: reload the page and try again")
		}
		return next(c)
	}
}

// sameOrigin checks the Origin header when the browser sends one.
func sameOrigin(r *http.Request) bool {
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	return err == nil && u.Host == r.Host
}

// requireAdmin refuses viewers: they may look, not change.
func (s *Server) requireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if p := principalOf(c); p == nil || !p.canWrite() {
			return echo.NewHTTPError(http.StatusForbidden, "read-only: the viewer role cannot change anything")
		}
		return next(c)
	}
}

// dummyHash is compared against for unknown users, so that they take as
// long as a wrong password.
var dummyHash = sync.OnceValue(func() []byte {
	h, _ := bcrypt.GenerateFromPassword([]byte(newSecret()[:32]), bcrypt.DefaultCost)
	return h
})

// loginResult says why a login failed, in words safe to show.
type loginResult int

const (
	loginOK loginResult = iota
	loginWrong
	loginLocked
)

// authenticate checks a user name and password and applies the lockout:
// a locked account is refused without looking at the password, and the
// LockoutAfter-th wrong password in a row locks it for LockoutFor.
func (s *Server) authenticate(ctx context.Context, username, password, source string) (store.AdminUser, loginResult, error) {
	if username == "" || len(username) > 64 || password == "" || len(password) > 72 {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return store.AdminUser{}, loginWrong, nil
	}
	u, err := s.st.GetAdminUser(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		_ = bcrypt.CompareHashAndPassword(dummyHash(), []byte(password))
		return store.AdminUser{}, loginWrong, nil
	}
	if err != nil {
		return u, loginWrong, err
	}
	now := s.now()
	if now.Before(u.LockedUntil) {
		return u, loginLocked, nil
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(password)) != nil {
		u, err = s.st.RecordLoginFailure(ctx, username, s.policy.LockoutAfter, s.policy.LockoutFor, now)
		if err != nil {
			return u, loginWrong, err
		}
		if now.Before(u.LockedUntil) {
			s.auditAs(ctx, "system", source, "auth.lockout", username,
				"locked until "+u.LockedUntil.UTC().Format(time.RFC3339)+" after wrong passwords")
			return u, loginLocked, nil
		}
		return u, loginWrong, nil
	}
	if u.FailedLogins > 0 || !u.LockedUntil.IsZero() {
		if err := s.st.ResetLoginFailures(ctx, username); err != nil {
			return u, loginWrong, err
		}
	}
	return u, loginOK, nil
}

// startSession logs the browser in as u: a new random id (never one the
// browser brought, against session fixation), stored hashed.
func (s *Server) startSession(c echo.Context, u store.AdminUser) error {
	ctx := c.Request().Context()
	if old, err := c.Cookie(sessionCookie); err == nil && old.Value != "" {
		if err := s.st.DeleteSession(ctx, hashSecret(old.Value)); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	raw := newSecret()
	now := s.now()
	ua := c.Request().UserAgent()
	if len(ua) > 200 {
		ua = ua[:200]
	}
	se := store.Session{IDHash: hashSecret(raw), Username: u.Username, CreatedAt: now, LastSeen: now,
		ExpiresAt: now.Add(s.policy.SessionMax), Source: c.RealIP(), UserAgent: ua}
	if err := s.st.CreateSession(ctx, se); err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, raw, "/", s.policy.SessionMax)
	return nil
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.HasPrefix(next, "/login") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

type loginPage struct {
	Username  string
	Next      string
	LoginCSRF string
	Error     string
}

func (s *Server) loginForm(c echo.Context) error {
	if p, err := s.sessionPrincipal(c); err == nil && p != nil {
		return c.Redirect(http.StatusSeeOther, "/")
	}
	return s.renderLogin(c, http.StatusOK, loginPage{Next: c.QueryParam("next")})
}

func (s *Server) renderLogin(c echo.Context, code int, lp loginPage) error {
	tok := ""
	if ck, err := c.Cookie(loginCookie); err == nil && len(ck.Value) == 43 {
		tok = ck.Value
	} else {
		tok = newSecret()
		s.setCookie(c, loginCookie, tok, "/login", time.Hour)
	}
	lp.LoginCSRF = tok
	lp.Next = safeNext(lp.Next)
	return s.render(c, code, "login", "Log in", lp)
}

func (s *Server) login(c echo.Context) error {
	r := c.Request()
	r.Body = http.MaxBytesReader(c.Response(), r.Body, maxFormBody)
	lp := loginPage{Username: c.FormValue("username"), Next: c.FormValue("next")}
	if ok, wait := s.limiter.allow(c.RealIP()); !ok {
		c.Response().Header().Set("Retry-After", retryAfter(wait))
		lp.Error = "Too many login attempts from your address. Wait a minute and try again."
		return s.renderLogin(c, http.StatusTooManyRequests, lp)
	}
	// Login CSRF: the form must carry the value of the cookie set with it.
	ck, err := c.Cookie(loginCookie)
	if !sameOrigin(r) || err != nil || ck.Value == "" || !hmac.Equal([]byte(ck.Value), []byte(c.FormValue("login_csrf"))) {
		return echo.NewHTTPError(http.StatusForbidden, "the login form expired or came from another site: reload it and try again")
	}
	u, res, err := s.authenticate(r.Context(), lp.Username, c.FormValue("password"), c.RealIP())
	if err != nil {
		return err
	}
	switch res {
	case loginLocked:
		lp.Error = "This account is locked after too many wrong passwords. Try again after " +
			u.LockedUntil.Local().Format("15:04") + ", or ask another administrator to unlock it."
		return s.renderLogin(c, http.StatusLocked, lp)
	case loginWrong:
		lp.Error = "Wrong user name or password."
		return s.renderLogin(c, http.StatusUnauthorized, lp)
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.setCookie(c, loginCookie, "", "/login", -1)
	s.auditAs(r.Context(), u.Username, c.RealIP(), "auth.login", u.Username, "")
	return c.Redirect(http.StatusSeeOther, safeNext(lp.Next))
}

func (s *Server) logout(c echo.Context) error {
	p := principalOf(c)
	if err := s.st.DeleteSession(c.Request().Context(), p.Session.IDHash); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	s.setCookie(c, sessionCookie, "", "/", -1)
	s.audit(c.Request().Context(), p, "auth.logout", p.User, "")
	return c.Redirect(http.StatusSeeOther, "/login")
}

func retryAfter(d time.Duration) string {
	return strconv.Itoa(max(int((d+time.Second-1)/time.Second), 1))
}
