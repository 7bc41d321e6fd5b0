package admin

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// apiPrefix is where the REST API lives.
const apiPrefix = "/api/v1"

// apiRoute is one endpoint of the REST API. The same table registers the
// routes and writes the OpenAPI document, so the document cannot miss one.
type apiRoute struct {
	method  string
	path    string // echo syntax, under apiPrefix: /extensions/:number
	summary string
	tag     string
	write   bool    // changes something: admin role only, audited
	query   []param // query parameters
	body    string  // schema of the JSON request body, "" for none
	status  int     // success status
	resp    string  // schema of the success body; "" for none; "csv" for text/csv
	h       echo.HandlerFunc
}

type param struct {
	name, typ, desc string
}

var cdrQuery = []param{
	{"since", "string", "first day (2006-01-02, local time) or instant (RFC 3339) to include"},
	{"until", "string", "last day to include (2006-01-02), or instant (RFC 3339) to stop before"},
	{"number", "string", "caller or callee number, exact"},
	{"disposition", "string", "ANSWERED, NO ANSWER, BUSY, FAILED or CANCELED"},
}

func (s *Server) apiRoutes() []apiRoute {
	page := append(append([]param(nil), cdrQuery...),
		param{"limit", "integer", "rows per page, 1 to 1000 (default 50)"}, param{"offset", "integer", "rows to skip"})
	return []apiRoute{
		{method: http.MethodGet, path: "/me", summary: "The user and role of the calling token", tag: "account", status: 200, resp: "Me", h: s.apiMe},
		{method: http.MethodPost, path: "/me/password", summary: "Change the token owner's admin password (ends every session)", tag: "account",
			write: true, body: "PasswordChange", status: 204, h: s.apiChangePassword},
		{method: http.MethodGet, path: "/health", summary: "System health: checks, uptime, counters", tag: "system", status: 200, resp: "Health", h: s.apiHealth},
		{method: http.MethodGet, path: "/extensions", summary: "List extensions", tag: "extensions",
			query: []param{{"q", "string", "only extensions whose number, name or caller ID contains this"}}, status: 200, resp: "ExtensionList", h: s.apiListExtensions},
		{method: http.MethodPost, path: "/extensions", summary: "Create an extension (the SIP password is generated and returned once when not given)", tag: "extensions",
			write: true, body: "ExtensionCreate", status: 201, resp: "ExtensionCreated", h: s.apiCreateExtension},
		{method: http.MethodGet, path: "/extensions/:number", summary: "One extension", tag: "extensions", status: 200, resp: "Extension", h: s.apiGetExtension},
		{method: http.MethodPatch, path: "/extensions/:number", summary: "Change an extension's settings; absent fields stay as they are", tag: "extensions",
			write: true, body: "ExtensionUpdate", status: 200, resp: "Extension", h: s.apiUpdateExtension},
		{method: http.MethodDelete, path: "/extensions/:number", summary: "Delete an extension and its registrations", tag: "extensions",
			write: true, status: 204, h: s.apiDeleteExtension},
		{method: http.MethodPost, path: "/extensions/:number/password", summary: "Reset the SIP password (generated and returned once when not given)", tag: "extensions",
			write: true, body: "PasswordReset", status: 200, resp: "PasswordResetResult", h: s.apiResetPassword},
		{method: http.MethodGet, path: "/extensions/:number/softphone", summary: "What to enter in a softphone to register this extension", tag: "extensions",
			status: 200, resp: "Softphone", h: s.apiSoftphone},
		{method: http.MethodGet, path: "/registrations", summary: "Phones registered now", tag: "live", status: 200, resp: "RegistrationList", h: s.apiRegistrations},
		{method: http.MethodGet, path: "/calls", summary: "Calls in progress", tag: "live", status: 200, resp: "CallList", h: s.apiCalls},
		{method: http.MethodGet, path: "/cdrs", summary: "Call detail records, newest first", tag: "cdrs", query: page, status: 200, resp: "CDRPage", h: s.apiCDRs},
		{method: http.MethodGet, path: "/cdrs.csv", summary: "Every matching call detail record as CSV, streamed", tag: "cdrs", query: cdrQuery, status: 200, resp: "csv", h: s.apiCDRCSV},
		{method: http.MethodGet, path: "/stats/calls-per-hour", summary: "Calls started in each hour of a day", tag: "cdrs",
			query: []param{{"date", "string", "the day, 2006-01-02 (default today, local time)"}}, status: 200, resp: "CallsPerHour", h: s.apiCallsPerHour},
		{method: http.MethodGet, path: "/trunks", summary: "SIP trunks with their live state (OPTIONS health)", tag: "trunks", status: 200, resp: "TrunkList", h: s.apiTrunks},
		{method: http.MethodPost, path: "/trunks", summary: "Add a trunk (chime: Amazon Chime Voice Connector preset; generic: any SIP trunk)", tag: "trunks",
			write: true, body: "TrunkCreate", status: 201, resp: "Trunk", h: s.apiCreateTrunk},
		{method: http.MethodDelete, path: "/trunks/:name", summary: "Remove a trunk; 409 while a DID, a route or another trunk uses it", tag: "trunks",
			write: true, status: 204, h: s.apiDeleteTrunk},
		{method: http.MethodGet, path: "/dids", summary: "Inbound routes: DIDs and the extensions they ring", tag: "routes", status: 200, resp: "DIDList", h: s.apiDIDs},
		{method: http.MethodPost, path: "/dids", summary: "Add an inbound route", tag: "routes", write: true, body: "DIDCreate", status: 201, resp: "DID", h: s.apiCreateDID},
		{method: http.MethodDelete, path: "/dids/:number", summary: "Remove an inbound route (escape + and brackets in the path)", tag: "routes",
			write: true, status: 204, h: s.apiDeleteDID},
		{method: http.MethodGet, path: "/routes", summary: "Outbound routes, in the order they are tried", tag: "routes", status: 200, resp: "RouteList", h: s.apiListRoutes},
		{method: http.MethodPost, path: "/routes", summary: "Add an outbound route after the others", tag: "routes", write: true, body: "RouteCreate", status: 201, resp: "Route", h: s.apiCreateRoute},
		{method: http.MethodDelete, path: "/routes/:name", summary: "Remove an outbound route", tag: "routes", write: true, status: 204, h: s.apiDeleteRoute},
		{method: http.MethodGet, path: "/bans", summary: "Source addresses banned at the SIP edge", tag: "bans", status: 200, resp: "BanList", h: s.apiBans},
		{method: http.MethodDelete, path: "/bans", summary: "Lift every ban", tag: "bans", write: true, status: 200, resp: "BansCleared", h: s.apiClearBans},
		{method: http.MethodDelete, path: "/bans/:addr", summary: "Lift the ban of one address", tag: "bans", write: true, status: 204, h: s.apiLiftBan},
		{method: http.MethodGet, path: "/audit", summary: "The audit log, newest first", tag: "audit",
			query:  []param{{"before", "integer", "only entries older than this id (the next_before of the previous page)"}, {"limit", "integer", "entries per page, 1 to 500 (default 100)"}},
			status: 200, resp: "AuditPage", h: s.apiAudit},
		{method: http.MethodGet, path: "/settings", summary: "PBX settings", tag: "settings", status: 200, resp: "Settings", h: s.apiSettings},
		{method: http.MethodPatch, path: "/settings", summary: "Change PBX settings; absent fields stay as they are", tag: "settings",
			write: true, body: "SettingsUpdate", status: 200, resp: "Settings", h: s.apiSaveSettings},
		{method: http.MethodGet, path: "/tokens", summary: "API tokens (never their secrets)", tag: "tokens", status: 200, resp: "TokenList", h: s.apiTokens},
		{method: http.MethodPost, path: "/tokens", summary: "Create an API token; the secret is returned once", tag: "tokens",
			write: true, body: "TokenCreate", status: 201, resp: "TokenCreated", h: s.apiCreateToken},
		{method: http.MethodDelete, path: "/tokens/:id", summary: "Revoke an API token", tag: "tokens", write: true, status: 204, h: s.apiRevokeToken},
		{method: http.MethodGet, path: "/users", summary: "Admin users", tag: "users", status: 200, resp: "UserList", h: s.apiUsers},
		{method: http.MethodPost, path: "/users/:username/unlock", summary: "Unlock a user locked out by wrong passwords", tag: "users",
			write: true, status: 204, h: s.apiUnlock},
	}
}

// apiSecure sets the headers every API answer carries.
func apiSecure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		return next(c)
	}
}

func (s *Server) apiRouteSetup() {
	e := s.echo
	e.GET(apiPrefix+"/openapi.json", s.apiOpenAPI, apiSecure)
	for _, r := range s.apiRoutes() {
		mw := []echo.MiddlewareFunc{apiSecure, s.requireToken}
		if r.write {
			mw = append(mw, s.requireAdmin)
		}
		e.Add(r.method, apiPrefix+r.path, r.h, mw...)
	}
	// Anything else under the API answers JSON 404 (or 405), never a page.
	e.Any(apiPrefix+"/*", func(c echo.Context) error { return echo.ErrNotFound }, apiSecure)
}

// decodeJSON reads a JSON object into v. Wrong types and unknown fields are
// validation errors naming the field; malformed JSON is a 400.
func decodeJSON(c echo.Context, v any) error {
	r := c.Request()
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return echo.NewHTTPError(http.StatusUnsupportedMediaType, "send JSON with Content-Type: application/json")
	}
	dec := json.NewDecoder(http.MaxBytesReader(c.Response(), r.Body, 64<<10))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
		if dec.More() {
			return echo.NewHTTPError(http.StatusBadRequest, "send one JSON object")
		}
		return nil
	case errors.Is(err, io.EOF):
		return nil // an empty body is an empty object
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			return echo.NewHTTPError(http.StatusBadRequest, "send a JSON object")
		}
		return invalid(field, "must be "+jsonKind(te.Type))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid(field, "is not a field of this request")
	case errors.As(err, &mbe):
		return err
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: "+err.Error())
	}
	return echo.NewHTTPError(http.StatusBadRequest, "malformed JSON: "+err.Error())
}

func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	}
	return "a " + t.Kind().String()
}

func (s *Server) apiMe(c echo.Context) error {
	p := principalOf(c)
	return c.JSON(http.StatusOK, meJSON{User: p.User, Role: p.Role, TokenID: p.TokenID, TokenName: p.TokenName})
}

type passwordChange struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
}

func (s *Server) apiChangePassword(c echo.Context) error {
	var in passwordChange
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.changePassword(c.Request().Context(), principalOf(c), in.Current, in.New); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiHealth(c echo.Context) error {
	return c.JSON(http.StatusOK, s.health(c.Request().Context()))
}

func (s *Server) apiListExtensions(c echo.Context) error {
	list, err := s.searchExtensions(c.Request().Context(), c.QueryParam("q"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, extensionList{Extensions: list})
}

func (s *Server) apiCreateExtension(c echo.Context) error {
	var in extensionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	e, pw, err := s.createExtension(c.Request().Context(), principalOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, extensionCreated{Extension: extensionView(e, 0), Password: pw})
}

// numberParam checks the :number of the path.
func numberParam(c echo.Context) (string, error) {
	n := c.Param("number")
	if checkNumber(n) != "" {
		return "", echo.NewHTTPError(http.StatusNotFound, "no extension "+strconv.Quote(n))
	}
	return n, nil
}

func (s *Server) apiGetExtension(c echo.Context) error {
	n, err := numberParam(c)
	if err != nil {
		return err
	}
	e, err := s.st.GetExtension(c.Request().Context(), n)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, extensionView(e, s.contactCounts()[n]))
}

func (s *Server) apiUpdateExtension(c echo.Context) error {
	n, err := numberParam(c)
	if err != nil {
		return err
	}
	var in extensionInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	e, err := s.updateExtension(c.Request().Context(), principalOf(c), n, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, extensionView(e, s.contactCounts()[n]))
}

func (s *Server) apiDeleteExtension(c echo.Context) error {
	n, err := numberParam(c)
	if err != nil {
		return err
	}
	if err := s.deleteExtension(c.Request().Context(), principalOf(c), n); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiResetPassword(c echo.Context) error {
	n, err := numberParam(c)
	if err != nil {
		return err
	}
	var in passwordReset
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	pw, err := s.resetPassword(c.Request().Context(), principalOf(c), n, in.Password)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, passwordResetResult{Number: n, Password: pw})
}

func reqInfo(c echo.Context) requestInfo {
	r := c.Request()
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return requestInfo{host: host, httpHost: r.Host, tls: r.TLS != nil}
}

func (s *Server) apiSoftphone(c echo.Context) error {
	n, err := numberParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	if _, err := s.st.GetExtension(ctx, n); err != nil {
		return err
	}
	sp, err := s.softphone(ctx, n, reqInfo(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, sp)
}

func (s *Server) apiRegistrations(c echo.Context) error {
	phones := s.phones()
	if phones == nil {
		phones = []Phone{}
	}
	return c.JSON(http.StatusOK, registrationList{Registrations: phones})
}

func (s *Server) apiCalls(c echo.Context) error {
	calls := s.calls.ActiveCalls()
	if calls == nil {
		calls = []Call{}
	}
	return c.JSON(http.StatusOK, callList{Calls: calls})
}

func (s *Server) apiCDRs(c echo.Context) error {
	f, fe := parseCDRFilter(c.QueryParams(), time.Local)
	if err := fe.err(); err != nil {
		return err
	}
	want := f.Limit
	f.Limit++ // one more tells whether there is a next page
	list, err := s.st.ListCDRs(c.Request().Context(), f)
	if err != nil {
		return err
	}
	var next *int
	if len(list) > want {
		list = list[:want]
		n := f.Offset + want
		next = &n
	}
	out := make([]cdrJSON, 0, len(list))
	for _, x := range list {
		out = append(out, cdrView(x))
	}
	return c.JSON(http.StatusOK, cdrPage{CDRs: out, NextOffset: next})
}

func (s *Server) apiCDRCSV(c echo.Context) error {
	return s.exportCDRs(c)
}

func (s *Server) apiCallsPerHour(c echo.Context) error {
	day := s.now().In(time.Local)
	if v := c.QueryParam("date"); v != "" {
		d, err := time.ParseInLocation("2006-01-02", v, time.Local)
		if err != nil {
			return invalid("date", "must be a date like 2006-01-02")
		}
		day = d
	}
	start, hours := dayStart(day)
	counts, err := s.st.CountCDRsByHour(c.Request().Context(), start, hours)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, callsPerHour{Date: start.Format("2006-01-02"), Start: start, Hours: counts})
}

func (s *Server) apiBans(c echo.Context) error {
	bans, err := s.listBans(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, banList{Bans: bans})
}

func (s *Server) apiClearBans(c echo.Context) error {
	n, err := s.clearBans(c.Request().Context(), principalOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, bansCleared{Lifted: n})
}

func (s *Server) apiLiftBan(c echo.Context) error {
	addr, err := netip.ParseAddr(c.Param("addr"))
	if err != nil {
		return invalid("addr", "must be an IP address")
	}
	if err := s.liftBan(c.Request().Context(), principalOf(c), addr); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiAudit(c echo.Context) error {
	f := store.AuditFilter{Limit: 100}
	fe := fieldErrors{}
	if v := c.QueryParam("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			fe["before"] = "must be an entry id (a whole number above 0)"
		}
		f.BeforeID = n
	}
	if v := c.QueryParam("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			fe["limit"] = "must be a whole number from 1 to 500"
		}
		f.Limit = n
	}
	if err := fe.err(); err != nil {
		return err
	}
	list, err := s.st.QueryAudit(c.Request().Context(), f)
	if err != nil {
		return err
	}
	out := make([]auditJSON, 0, len(list))
	for _, a := range list {
		out = append(out, auditView(a))
	}
	var next *int64
	if len(list) == f.Limit {
		id := list[len(list)-1].ID
		next = &id
	}
	return c.JSON(http.StatusOK, auditPage{Entries: out, NextBefore: next})
}

func (s *Server) apiSettings(c echo.Context) error {
	st, err := s.settings(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) apiSaveSettings(c echo.Context) error {
	var in settingsInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	st, err := s.saveSettings(c.Request().Context(), principalOf(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, st)
}

func (s *Server) apiTokens(c echo.Context) error {
	list, err := s.st.ListAPITokens(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]tokenJSON, 0, len(list))
	for _, t := range list {
		out = append(out, tokenView(t))
	}
	return c.JSON(http.StatusOK, tokenList{Tokens: out})
}

func (s *Server) apiCreateToken(c echo.Context) error {
	var in tokenCreate
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	secret, t, err := s.createToken(c.Request().Context(), principalOf(c), in.Name, in.User)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, tokenCreated{Token: tokenView(t), Secret: secret})
}

func (s *Server) apiRevokeToken(c echo.Context) error {
	if err := s.revokeToken(c.Request().Context(), principalOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiUsers(c echo.Context) error {
	list, err := s.st.ListAdminUsers(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]userJSON, 0, len(list))
	for _, u := range list {
		out = append(out, s.userView(u))
	}
	return c.JSON(http.StatusOK, userList{Users: out})
}

func (s *Server) apiUnlock(c echo.Context) error {
	if err := s.unlockUser(c.Request().Context(), principalOf(c), c.Param("username")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
