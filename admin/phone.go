package admin

import (
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// SoftphoneLinkTTL is how long a one-click sign-in link to the browser
// softphone stays usable.
const SoftphoneLinkTTL = 5 * time.Minute

// Sign-in attempts with links one address may make at once, then one per
// softphoneLoginEvery: a link is 256 random bits, this only keeps a
// client from hammering the endpoint.
const (
	softphoneLoginBurst = 10
	softphoneLoginEvery = 6 * time.Second
	softphoneLoginBody  = 4 << 10
)

// softphone serves one-click sign-in to the browser softphone: an admin
// mints a single-use link on an extension's page; the page trades the
// link's token for the extension's digest credentials.
type softphone struct {
	s     *Server
	path  string // where the page is, with a trailing slash: /phone/
	links *phoneLinks
	limit *limiter
}

// WithSoftphone enables one-click sign-in to the browser softphone served
// at path ("/phone/"): the extension page gets an "Open softphone" button
// (POST /extensions/:number/phone-link, admins only, CSRF-checked) that
// opens path#token=..., and POST path+"token" {"token": "..."} trades the
// token, once and within SoftphoneLinkTTL, for
// {"extension", "name", "realm", "ha1"}.
//
// The store keeps only digest HA1 values of SIP passwords (never the
// password), so that is what the page gets: JsSIP computes its digest
// responses from the MD5 HA1 and realm (RFC 2617 §3.2.2.2) exactly as from
// a typed password, and the registrar and the switch need no change. The
// HA1 works only in this realm and only until the password is reset.
func WithSoftphone(path string) Option {
	if !strings.HasSuffix(path, "/") {
		path += "/"
	}
	return func(s *Server) {
		now := func() time.Time { return s.now() } // WithClock may come later
		sp := &softphone{s: s, path: path,
			links: newPhoneLinks(SoftphoneLinkTTL, now),
			limit: newLimiter(softphoneLoginBurst, softphoneLoginEvery, now)}
		// Routes are added here, not in routes(): the option owns its state.
		// Handlers read the store when called, whatever the order of options.
		s.echo.POST("/extensions/:number/phone-link", sp.mintForm, secure, sp.needStore, s.requireSession, s.checkCSRF, s.requireAdmin)
		s.echo.POST(path+"token", sp.exchange, sp.needStore)
	}
}

func (sp *softphone) needStore(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if sp.s.st == nil {
			return echo.ErrNotFound
		}
		return next(c)
	}
}

// phoneLinkPage is the page that shows a new sign-in link.
type phoneLinkPage struct {
	Number  string
	Name    string
	Link    string
	Expires time.Time
	Minutes int
}

// mintForm creates a sign-in link for the extension: with open=1 the
// browser goes straight to the softphone (303 to path#token=...; the token
// stays in the fragment, which is never sent to a server or in a Referer),
// else the link is shown to copy and send.
func (sp *softphone) mintForm(c echo.Context) error {
	n, err := numberParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	e, err := sp.s.st.GetExtension(ctx, n)
	if err != nil {
		return err
	}
	if !e.Enabled {
		return echo.NewHTTPError(http.StatusConflict, "extension "+n+" is disabled: enable it before opening its softphone")
	}
	tok, exp, err := sp.links.mint(n)
	if errors.Is(err, errLinksFull) {
		return echo.NewHTTPError(http.StatusTooManyRequests, err.Error())
	}
	if err != nil {
		return err
	}
	sp.s.audit(ctx, principalOf(c), "ext.phone_link", n, "one-click softphone sign-in link, valid until "+exp.UTC().Format(time.TimeOnly)+" UTC")
	target := sp.path + "#token=" + tok
	if c.FormValue("open") == "1" {
		return c.Redirect(http.StatusSeeOther, target)
	}
	scheme := "http"
	if c.Request().TLS != nil {
		scheme = "https"
	}
	return sp.s.render(c, http.StatusOK, "phone_link", "Softphone link for "+n, phoneLinkPage{
		Number: n, Name: e.Name, Link: scheme + "://" + c.Request().Host + target, Expires: exp,
		Minutes: int(SoftphoneLinkTTL / time.Minute),
	})
}

// phoneLogin is what the page signs in with: JsSIP's authorization_user,
// realm and ha1 settings.
type phoneLogin struct {
	Extension string `json:"extension"`
	Name      string `json:"name,omitempty"`
	Realm     string `json:"realm"`
	HA1       string `json:"ha1"`
}

// exchange trades a link's token for the extension's credentials, once.
// No admin session is needed (the link may be sent to the extension's
// user); the request must come from the page itself (same origin, JSON).
func (sp *softphone) exchange(c echo.Context) error {
	r := c.Request()
	h := c.Response().Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	fail := func(code int, msg string) error {
		return c.JSON(code, map[string]string{"error": sentence(msg)})
	}
	if ok, wait := sp.limit.allow(c.RealIP()); !ok {
		h.Set("Retry-After", retryAfter(wait))
		return fail(http.StatusTooManyRequests, "too many sign-in attempts from your address: wait a minute and try again")
	}
	if !sameOrigin(r) {
		return fail(http.StatusForbidden, "sign-in from another site refused")
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return fail(http.StatusUnsupportedMediaType, "send the token as JSON")
	}
	r.Body = http.MaxBytesReader(c.Response(), r.Body, softphoneLoginBody)
	var body struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.Token == "" {
		return fail(http.StatusBadRequest, "the sign-in link is incomplete: copy the whole link")
	}
	n, err := sp.links.redeem(body.Token)
	if err != nil {
		return fail(http.StatusUnauthorized, err.Error())
	}
	ctx := r.Context()
	e, err := sp.s.st.GetExtension(ctx, n)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fail(http.StatusUnauthorized, "extension "+n+" no longer exists")
	case err != nil:
		return err
	case !e.Enabled:
		return fail(http.StatusForbidden, "extension "+n+" is disabled")
	case e.Realm != sp.s.sip.Realm || len(e.HA1MD5) != 32:
		// Set under another realm (sip_realm changed since): the phone
		// could not register with it.
		return fail(http.StatusConflict, "the SIP password of extension "+n+" was set for another realm: reset it in the admin UI")
	}
	sp.s.auditAs(ctx, "softphone link", c.RealIP(), "ext.phone_login", n, "the browser softphone signed in with a one-click link")
	return c.JSON(http.StatusOK, phoneLogin{Extension: n, Name: e.Name, Realm: e.Realm, HA1: e.HA1MD5})
}

// sentence capitalises msg and ends it with a full stop, for the page.
func sentence(msg string) string {
	if msg == "" {
		return msg
	}
	return strings.ToUpper(msg[:1]) + msg[1:] + "."
}
