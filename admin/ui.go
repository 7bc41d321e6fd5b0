package admin

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/web"
)

// routes registers the UI and the API.
func (s *Server) routes() {
	e := s.echo
	static := http.StripPrefix("/static/", http.FileServerFS(web.AdminStatic()))
	e.GET("/static/*", echo.WrapHandler(static), func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "public, max-age=3600")
			c.Response().Header().Set("X-Content-Type-Options", "nosniff")
			return next(c)
		}
	})
	e.GET(InternalTrunksPath, s.internalTrunks)
	e.GET("/login", s.loginForm, secure)
	e.POST("/login", s.login, secure)

	read := []echo.MiddlewareFunc{secure, s.requireSession}
	write := []echo.MiddlewareFunc{secure, s.requireSession, s.checkCSRF, s.requireAdmin}
	e.POST("/logout", s.logout, secure, s.requireSession, s.checkCSRF)
	e.GET("/", s.dashboard, read...)
	e.GET("/events", s.events, s.requireSession)
	e.GET("/registrations", s.registrationsPage, read...)
	e.GET("/extensions", s.extensionsPage, read...)
	e.GET("/extensions/new", s.newExtensionPage, append(read, s.requireAdmin)...)
	e.POST("/extensions", s.createExtensionForm, write...)
	e.GET("/extensions/:number", s.extensionPage, read...)
	e.GET("/extensions/:number/qr.svg", s.extensionQR, read...)
	e.POST("/extensions/:number", s.updateExtensionForm, write...)
	e.POST("/extensions/:number/enable", s.enableExtensionForm(true), write...)
	e.POST("/extensions/:number/disable", s.enableExtensionForm(false), write...)
	e.POST("/extensions/:number/password", s.resetPasswordForm, write...)
	e.POST("/extensions/:number/delete", s.deleteExtensionForm, write...)
	e.GET("/cdrs", s.cdrsPage, read...)
	e.GET("/cdrs.csv", s.exportCDRs, read...)
	e.GET("/bans", s.bansPage, read...)
	e.POST("/bans/clear", s.clearBansForm, write...)
	e.POST("/bans/:addr/lift", s.liftBanForm, write...)
	e.GET("/audit", s.auditPage, read...)
	e.GET("/settings", s.settingsPage, read...)
	e.POST("/settings", s.saveSettingsForm, write...)
	e.POST("/settings/password", s.changePasswordForm, secure, s.requireSession, s.checkCSRF)
	e.POST("/users/:username/unlock", s.unlockForm, write...)
	e.GET("/trunks", s.trunksPage, read...)
	e.POST("/trunks", s.createTrunkForm, write...)
	e.POST("/trunks/:name/delete", s.deleteTrunkForm, write...)
	e.GET("/routes/inbound", s.inboundPage, read...)
	e.POST("/routes/inbound", s.createDIDForm, write...)
	e.POST("/routes/inbound/delete", s.deleteDIDForm, write...)
	e.GET("/routes/outbound", s.outboundPage, read...)
	e.POST("/routes/outbound", s.createRouteForm, write...)
	e.POST("/routes/outbound/:name/delete", s.deleteRouteForm, write...)
	e.GET("/tokens", s.tokensPage, read...)
	e.POST("/tokens", s.createTokenForm, write...)
	e.POST("/tokens/:id/revoke", s.revokeTokenForm, write...)
	s.apiRouteSetup()
}

// field is one input of a form, with its error next to it.
type field struct {
	Name, Label, Type, Value, Hint, Err string
	Required                            bool
	Pattern, InputMode, Autocomplete    string
	MinLen, MaxLen                      int
	Min, Max                            string
	Checked                             bool
	Placeholder                         string
}

type dashboardData struct {
	Phones       []phoneItem
	Calls        []callItem
	Health       healthJSON
	Chart        any
	ChartDate    string
	CallsToday   int
	Extensions   int
	Trunks       []TrunkState
	NowUnixMilli int64
}

func (s *Server) dashboard(c echo.Context) error {
	ctx := c.Request().Context()
	now := s.now()
	start, hours := dayStart(now.In(time.Local))
	counts, err := s.st.CountCDRsByHour(ctx, start, hours)
	if err != nil {
		return err
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	exts, err := s.st.ListExtensions(ctx)
	if err != nil {
		return err
	}
	trunks, err := s.trunkStates(ctx)
	if err != nil {
		return err
	}
	d := dashboardData{Trunks: trunks,
		Phones: values(s.hub.pollPhones()), Calls: values(s.hub.pollCalls()), Health: s.health(ctx),
		Chart:      barChart(counts, func(i int) string { return start.Add(time.Duration(i) * time.Hour).Format("15:04") }),
		ChartDate:  start.Format("Monday 2 January 2006"),
		CallsToday: total, Extensions: len(exts), NowUnixMilli: now.UnixMilli(),
	}
	return s.render(c, http.StatusOK, "dashboard", "Dashboard", d)
}

func (s *Server) registrationsPage(c echo.Context) error {
	return s.render(c, http.StatusOK, "registrations", "Registrations", map[string]any{"Phones": s.phones(), "Now": s.now()})
}

func (s *Server) extensionsPage(c echo.Context) error {
	q := c.QueryParam("q")
	list, err := s.searchExtensions(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "extensions", "Extensions", map[string]any{"Q": q, "Extensions": list})
}

// extensionForm is the create and edit form.
type extensionForm struct {
	New      bool
	Number   string
	Fields   []field
	Error    string
	Ext      *extensionJSON
	Phone    *softphoneJSON
	QR       any
	Contacts []Phone
	ResetErr string
}

func extensionFields(in map[string]string, fe fieldErrors, isNew, pinSet bool) []field {
	pinHint := "4 to 10 digits, for listening to voicemail from a phone. Leave empty for none."
	if !isNew {
		pinHint = "Leave empty to keep the current PIN"
		if !pinSet {
			pinHint = "No PIN is set. 4 to 10 digits; leave empty for none."
		}
	}
	fs := []field{}
	if isNew {
		fs = append(fs, field{Name: "number", Label: "Extension number", Type: "text", Value: in["number"], Err: fe["number"],
			Required: true, Pattern: "[0-9]{2,8}", InputMode: "numeric", MinLen: 2, MaxLen: 8, Hint: "2 to 8 digits, e.g. 101",
			Autocomplete: "off"})
	}
	fs = append(fs,
		field{Name: "name", Label: "Name", Type: "text", Value: in["name"], Err: fe["name"], MaxLen: 100,
			Hint: "Who uses it, shown to people called", Autocomplete: "off"},
	)
	if isNew {
		fs = append(fs, field{Name: "password", Label: "SIP password", Type: "password", Value: "", Err: fe["password"],
			MinLen: 8, MaxLen: 128, Hint: "Leave empty to generate a strong one (shown once)", Autocomplete: "new-password"})
	}
	fs = append(fs,
		field{Name: "caller_id", Label: "Outside caller ID", Type: "tel", Value: in["caller_id"], Err: fe["caller_id"],
			Pattern: `\+[1-9][0-9]{1,14}`, MaxLen: 16, Hint: "E.164 number shown on outside calls, e.g. +15551234567; empty for the company number",
			Placeholder: "+15551234567", Autocomplete: "off"},
		field{Name: "ring_timeout_s", Label: "Ring time (seconds)", Type: "number", Value: in["ring_timeout_s"], Err: fe["ring_timeout_s"],
			Required: true, Min: strconv.Itoa(minRing), Max: strconv.Itoa(maxRing), InputMode: "numeric"},
		field{Name: "voicemail_pin", Label: "Voicemail PIN", Type: "password", Value: "", Err: fe["voicemail_pin"],
			Pattern: "[0-9]{4,10}", MinLen: 4, MaxLen: 10, InputMode: "numeric", Hint: pinHint, Autocomplete: "new-password"},
		field{Name: "enabled", Label: "Enabled (may register and call)", Type: "checkbox", Checked: in["enabled"] == "on", Err: fe["enabled"]},
	)
	return fs
}

func (s *Server) newExtensionPage(c echo.Context) error {
	in := map[string]string{"ring_timeout_s": strconv.Itoa(int(store.DefaultRingTimeout / time.Second)), "enabled": "on"}
	return s.render(c, http.StatusOK, "extension", "New extension",
		extensionForm{New: true, Fields: extensionFields(in, nil, true, false)})
}

// formInput reads the extension form into the operation's input. A ring
// time that is not a number is reported like any other invalid field.
func formInput(c echo.Context, isNew bool) (extensionInput, map[string]string, fieldErrors) {
	raw := map[string]string{}
	for _, k := range []string{"number", "name", "password", "caller_id", "ring_timeout_s", "voicemail_pin", "enabled"} {
		raw[k] = c.FormValue(k)
	}
	fe := fieldErrors{}
	in := extensionInput{}
	name, cid := raw["name"], raw["caller_id"]
	in.Name, in.CallerID = &name, &cid
	enabled := raw["enabled"] == "on"
	in.Enabled = &enabled
	if n, err := strconv.Atoi(strings.TrimSpace(raw["ring_timeout_s"])); err == nil {
		in.RingTimeout = &n
	} else {
		fe["ring_timeout_s"] = "must be a whole number of seconds"
	}
	if isNew {
		num, pw := strings.TrimSpace(raw["number"]), raw["password"]
		in.Number, in.Password = &num, &pw
	}
	if pin := raw["voicemail_pin"]; pin != "" || isNew {
		in.VoicemailPIN = &pin
	}
	if c.FormValue("clear_pin") == "on" {
		empty := ""
		in.VoicemailPIN = &empty
	}
	return in, raw, fe
}

func mergeErrors(a, b fieldErrors) fieldErrors {
	out := fieldErrors{}
	for k, v := range b {
		out[k] = v
	}
	for k, v := range a {
		out[k] = v
	}
	return out
}

func (s *Server) createExtensionForm(c echo.Context) error {
	in, raw, fe := formInput(c, true)
	var e store.Extension
	var pw string
	err := mergeErrors(fe, validateExtension(in, true)).err()
	if err == nil {
		e, pw, err = s.createExtension(c.Request().Context(), principalOf(c), in)
	}
	var ve *validationError
	if errors.As(err, &ve) {
		return s.render(c, http.StatusUnprocessableEntity, "extension", "New extension",
			extensionForm{New: true, Fields: extensionFields(raw, ve.fields, true, false), Error: "Nothing was saved. Please correct the fields marked below."})
	}
	if err != nil {
		return err
	}
	if pw != "" {
		return s.showSecret(c, e.Number, pw, "created")
	}
	return c.Redirect(http.StatusSeeOther, "/extensions/"+e.Number+"?done=created&n="+e.Number)
}

// showSecret shows a SIP password once, right in the answer to the POST,
// never in a URL or a later page.
func (s *Server) showSecret(c echo.Context, number, password, what string) error {
	sp, err := s.softphone(c.Request().Context(), number, reqInfo(c))
	if err != nil {
		return err
	}
	qr, err := qrSVG(sp.URI, "QR code of the softphone account "+sp.URI)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "secret", "Extension "+number,
		map[string]any{"Number": number, "Password": password, "What": what, "Phone": sp, "QR": qr})
}

func (s *Server) extensionPage(c echo.Context) error {
	n := c.Param("number")
	ctx := c.Request().Context()
	e, err := s.st.GetExtension(ctx, n)
	if err != nil {
		return err
	}
	in := map[string]string{"name": e.Name, "caller_id": e.CallerID, "ring_timeout_s": strconv.Itoa(int(e.RingTimeout / time.Second))}
	if e.Enabled {
		in["enabled"] = "on"
	}
	return s.renderExtension(c, http.StatusOK, e, in, nil, "")
}

func (s *Server) renderExtension(c echo.Context, code int, e store.Extension, in map[string]string, fe fieldErrors, msg string) error {
	ctx := c.Request().Context()
	sp, err := s.softphone(ctx, e.Number, reqInfo(c))
	if err != nil {
		return err
	}
	qr, err := qrSVG(sp.URI, "QR code of the softphone account "+sp.URI)
	if err != nil {
		return err
	}
	var contacts []Phone
	for _, p := range s.phones() {
		if p.Extension == e.Number {
			contacts = append(contacts, p)
		}
	}
	v := extensionView(e, len(contacts))
	return s.render(c, code, "extension", "Extension "+e.Number, extensionForm{
		Number: e.Number, Fields: extensionFields(in, fe, false, e.VoicemailPIN != ""), Error: msg,
		Ext: &v, Phone: &sp, QR: qr, Contacts: contacts, ResetErr: fe["new_sip_password"],
	})
}

func (s *Server) updateExtensionForm(c echo.Context) error {
	n := c.Param("number")
	ctx := c.Request().Context()
	e, err := s.st.GetExtension(ctx, n)
	if err != nil {
		return err
	}
	in, raw, fe := formInput(c, false)
	err = mergeErrors(fe, validateExtension(in, false)).err()
	if err == nil {
		_, err = s.updateExtension(ctx, principalOf(c), n, in)
	}
	var ve *validationError
	if errors.As(err, &ve) {
		return s.renderExtension(c, http.StatusUnprocessableEntity, e, raw, ve.fields, "Nothing was saved. Please correct the fields marked below.")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/extensions/"+n+"?done=saved&n="+n)
}

func (s *Server) enableExtensionForm(on bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		n := c.Param("number")
		if _, err := s.updateExtension(c.Request().Context(), principalOf(c), n, extensionInput{Enabled: &on}); err != nil {
			return err
		}
		done := "disabled"
		if on {
			done = "enabled"
		}
		back := "/extensions?done=" + done + "&n=" + n
		if c.FormValue("back") == "edit" {
			back = "/extensions/" + n + "?done=" + done + "&n=" + n
		}
		return c.Redirect(http.StatusSeeOther, back)
	}
}

func (s *Server) resetPasswordForm(c echo.Context) error {
	n := c.Param("number")
	ctx := c.Request().Context()
	pw, err := s.resetPassword(ctx, principalOf(c), n, c.FormValue("password"))
	var ve *validationError
	if errors.As(err, &ve) {
		e, gerr := s.st.GetExtension(ctx, n)
		if gerr != nil {
			return gerr
		}
		in := map[string]string{"name": e.Name, "caller_id": e.CallerID, "ring_timeout_s": strconv.Itoa(int(e.RingTimeout / time.Second))}
		if e.Enabled {
			in["enabled"] = "on"
		}
		return s.renderExtension(c, http.StatusUnprocessableEntity, e, in, fieldErrors{"new_sip_password": ve.fields["password"]},
			"The password was not changed.")
	}
	if err != nil {
		return err
	}
	if pw == "" {
		return c.Redirect(http.StatusSeeOther, "/extensions/"+n+"?done=saved&n="+n)
	}
	return s.showSecret(c, n, pw, "reset")
}

func (s *Server) deleteExtensionForm(c echo.Context) error {
	n := c.Param("number")
	if err := s.deleteExtension(c.Request().Context(), principalOf(c), n); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/extensions?done=deleted&n="+n)
}

func (s *Server) extensionQR(c echo.Context) error {
	n := c.Param("number")
	ctx := c.Request().Context()
	if _, err := s.st.GetExtension(ctx, n); err != nil {
		return err
	}
	sp, err := s.softphone(ctx, n, reqInfo(c))
	if err != nil {
		return err
	}
	svg, err := qrSVG(sp.URI, "QR code of "+sp.URI)
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "image/svg+xml", []byte(svg))
}

type cdrPageData struct {
	First   int // 1-based numbers of the rows shown
	Last    int
	Filter  map[string]string
	Errors  fieldErrors
	Rows    []cdrJSON
	Offset  int
	Prev    string
	Next    string
	CSV     string
	Choices []string
	Limit   int
}

func (s *Server) cdrsPage(c echo.Context) error {
	q := c.QueryParams()
	f, fe := parseCDRFilter(q, time.Local)
	d := cdrPageData{Filter: map[string]string{}, Errors: fe, Choices: store.Dispositions, Limit: f.Limit}
	for _, k := range []string{"since", "until", "number", "disposition"} {
		d.Filter[k] = q.Get(k)
	}
	code := http.StatusOK
	if len(fe) == 0 {
		want := f.Limit
		f.Limit++
		list, err := s.st.ListCDRs(c.Request().Context(), f)
		if err != nil {
			return err
		}
		link := func(offset int) string {
			v := url.Values{}
			for k, x := range d.Filter {
				if x != "" {
					v.Set(k, x)
				}
			}
			if offset > 0 {
				v.Set("offset", strconv.Itoa(offset))
			}
			if want != defaultCDRPage {
				v.Set("limit", strconv.Itoa(want))
			}
			return "/cdrs?" + v.Encode()
		}
		if len(list) > want {
			list = list[:want]
			d.Next = link(f.Offset + want)
		}
		if f.Offset > 0 {
			d.Prev = link(max(f.Offset-want, 0))
		}
		for _, x := range list {
			d.Rows = append(d.Rows, cdrView(x))
		}
		d.Offset = f.Offset
		d.First, d.Last = f.Offset+1, f.Offset+len(d.Rows)
		v := url.Values{}
		for k, x := range d.Filter {
			if x != "" {
				v.Set(k, x)
			}
		}
		d.CSV = "/cdrs.csv?" + v.Encode()
	} else {
		code = http.StatusUnprocessableEntity
	}
	return s.render(c, code, "cdrs", "Call records", d)
}

func (s *Server) bansPage(c echo.Context) error {
	bans, err := s.listBans(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "bans", "Bans", map[string]any{"Bans": bans})
}

func (s *Server) liftBanForm(c echo.Context) error {
	addr, err := netip.ParseAddr(c.Param("addr"))
	if err != nil {
		return echo.NewHTTPError(http.StatusNotFound, "not an IP address")
	}
	if err := s.liftBan(c.Request().Context(), principalOf(c), addr); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/bans?done=ban-lifted")
}

func (s *Server) clearBansForm(c echo.Context) error {
	if _, err := s.clearBans(c.Request().Context(), principalOf(c)); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/bans?done=bans-cleared")
}

func (s *Server) auditPage(c echo.Context) error {
	f := store.AuditFilter{Limit: 100}
	if v, err := strconv.ParseInt(c.QueryParam("before"), 10, 64); err == nil && v > 0 {
		f.BeforeID = v
	}
	list, err := s.st.QueryAudit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	older := ""
	if len(list) == f.Limit {
		older = "/audit?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	return s.render(c, http.StatusOK, "audit", "Audit log", map[string]any{"Entries": list, "Older": older, "Paged": f.BeforeID > 0})
}

type settingsData struct {
	Fields     []field
	Password   []field
	Error      string
	PassError  string
	Users      []userJSON
	Config     []Setting
	Policy     Policy
	SIP        SIPInfo
	PhoneHost  string
	CanUnlock  bool
	CurrentOrg string
}

func (s *Server) settingsData(ctx context.Context, p *principal, in map[string]string, fe, pe fieldErrors) (settingsData, error) {
	users, err := s.st.ListAdminUsers(ctx)
	if err != nil {
		return settingsData{}, err
	}
	d := settingsData{Policy: s.policy, SIP: s.sip, CanUnlock: p.canWrite()}
	for _, u := range users {
		d.Users = append(d.Users, s.userView(u))
	}
	if s.config != nil {
		d.Config = s.config()
	}
	d.Fields = []field{
		{Name: "org_name", Label: "Organisation name", Type: "text", Value: in["org_name"], Err: fe["org_name"], MaxLen: 100,
			Hint: "Shown in the page header"},
		{Name: "phone_host", Label: "Address phones register to", Type: "text", Value: in["phone_host"], Err: fe["phone_host"], MaxLen: 253,
			Hint: "Host name or IP address given to softphones; empty: " + s.sip.Host, Placeholder: s.sip.Host},
	}
	d.Password = []field{
		{Name: "current_password", Label: "Current password", Type: "password", Err: pe["current_password"], Required: true, Autocomplete: "current-password"},
		{Name: "new_password", Label: "New password", Type: "password", Err: pe["new_password"], Required: true, MinLen: 10, MaxLen: 72,
			Autocomplete: "new-password", Hint: "10 to 72 characters"},
		{Name: "confirm_password", Label: "New password again", Type: "password", Err: pe["confirm_password"], Required: true, MinLen: 10, MaxLen: 72,
			Autocomplete: "new-password"},
	}
	return d, nil
}

func (s *Server) settingsPage(c echo.Context) error {
	ctx := c.Request().Context()
	st, err := s.settings(ctx)
	if err != nil {
		return err
	}
	d, err := s.settingsData(ctx, principalOf(c), map[string]string{"org_name": st.OrgName, "phone_host": st.PhoneHost}, nil, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "settings", "Settings", d)
}

func (s *Server) saveSettingsForm(c echo.Context) error {
	ctx := c.Request().Context()
	org, host := c.FormValue("org_name"), c.FormValue("phone_host")
	_, err := s.saveSettings(ctx, principalOf(c), settingsInput{OrgName: &org, PhoneHost: &host})
	var ve *validationError
	if errors.As(err, &ve) {
		d, derr := s.settingsData(ctx, principalOf(c), map[string]string{"org_name": org, "phone_host": host}, ve.fields, nil)
		if derr != nil {
			return derr
		}
		d.Error = "Nothing was saved. Please correct the fields marked below."
		return s.render(c, http.StatusUnprocessableEntity, "settings", "Settings", d)
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=settings")
}

func (s *Server) changePasswordForm(c echo.Context) error {
	ctx := c.Request().Context()
	p := principalOf(c)
	next := c.FormValue("new_password")
	var err error
	if next != c.FormValue("confirm_password") {
		err = invalid("confirm_password", "does not match the new password")
	} else {
		err = s.changePassword(ctx, p, c.FormValue("current_password"), next)
	}
	var ve *validationError
	if errors.As(err, &ve) {
		st, serr := s.settings(ctx)
		if serr != nil {
			return serr
		}
		d, derr := s.settingsData(ctx, p, map[string]string{"org_name": st.OrgName, "phone_host": st.PhoneHost}, nil, ve.fields)
		if derr != nil {
			return derr
		}
		d.PassError = "Your password was not changed."
		return s.render(c, http.StatusUnprocessableEntity, "settings", "Settings", d)
	}
	if err != nil {
		return err
	}
	// Every session of the user ended; this browser gets a new one.
	u, err := s.st.GetAdminUser(ctx, p.User)
	if err != nil {
		return err
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=password")
}

func (s *Server) unlockForm(c echo.Context) error {
	if err := s.unlockUser(c.Request().Context(), principalOf(c), c.Param("username")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/settings?done=unlocked")
}

type tokensData struct {
	Tokens []tokenJSON
	Users  []userJSON
	Fields []field
	User   string
	Error  string
	UserEr string
}

func (s *Server) tokensData(ctx context.Context, name, user string, fe fieldErrors) (tokensData, error) {
	list, err := s.st.ListAPITokens(ctx)
	if err != nil {
		return tokensData{}, err
	}
	users, err := s.st.ListAdminUsers(ctx)
	if err != nil {
		return tokensData{}, err
	}
	d := tokensData{User: user, UserEr: fe["user"]}
	for i := len(list) - 1; i >= 0; i-- {
		d.Tokens = append(d.Tokens, tokenView(list[i]))
	}
	for _, u := range users {
		d.Users = append(d.Users, s.userView(u))
	}
	d.Fields = []field{{Name: "name", Label: "Name", Type: "text", Value: name, Err: fe["name"], Required: true, MaxLen: 100,
		Hint: "What uses the token, e.g. billing export", Autocomplete: "off"}}
	return d, nil
}

func (s *Server) tokensPage(c echo.Context) error {
	d, err := s.tokensData(c.Request().Context(), "", principalOf(c).User, nil)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "tokens", "API tokens", d)
}

func (s *Server) createTokenForm(c echo.Context) error {
	ctx := c.Request().Context()
	name, user := c.FormValue("name"), c.FormValue("user")
	secret, t, err := s.createToken(ctx, principalOf(c), name, user)
	var ve *validationError
	if errors.As(err, &ve) {
		d, derr := s.tokensData(ctx, name, user, ve.fields)
		if derr != nil {
			return derr
		}
		d.Error = "No token was made. Please correct the fields marked below."
		return s.render(c, http.StatusUnprocessableEntity, "tokens", "API tokens", d)
	}
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "token_secret", "New API token", map[string]any{"Token": tokenView(t), "Secret": secret})
}

func (s *Server) revokeTokenForm(c echo.Context) error {
	if err := s.revokeToken(c.Request().Context(), principalOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/tokens?done=revoked")
}
