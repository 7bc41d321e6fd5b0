package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// Trunks, inbound routes (DIDs) and outbound routes: the operations the
// UI and the API share, their JSON, and both sets of handlers.

// WithResolver sets the DNS resolver that finds a generic trunk's
// addresses when none are given (default: trunk.NewResolver, from
// /etc/resolv.conf).
func WithResolver(r trunk.TargetResolver) Option {
	return func(s *Server) { s.resolver = r }
}

// lazyResolver builds the system resolver on first use, so a server that
// never adds a generic trunk never reads resolv.conf.
type lazyResolver struct {
	once sync.Once
	r    *trunk.Resolver
	err  error
}

func (l *lazyResolver) Resolve(ctx context.Context, host string, t trunk.Transport) ([]trunk.Target, error) {
	l.once.Do(func() { l.r, l.err = trunk.NewResolver() })
	if l.err != nil {
		return nil, l.err
	}
	return l.r.Resolve(ctx, host, t)
}

type trunkJSON struct {
	TrunkState
	Username    string    `json:"username"`
	PasswordSet bool      `json:"password_set" doc:"the password itself is never returned"`
	Register    bool      `json:"register"`
	Allow       []string  `json:"allow"`
	SRTP        string    `json:"srtp"`
	CallerID    string    `json:"caller_id"`
	Regions     []string  `json:"regions"`
	Failover    string    `json:"failover"`
	CreatedAt   time.Time `json:"created_at"`
}

type trunkList struct {
	Trunks []trunkJSON `json:"trunks"`
}

func trunkView(t store.Trunk, st TrunkState) trunkJSON {
	j := trunkJSON{TrunkState: st, Username: t.Username, PasswordSet: t.Password != "", Register: t.Register, Allow: []string{},
		SRTP: t.SRTP, CallerID: t.CallerID, Regions: append([]string{}, t.Regions...), Failover: t.Failover, CreatedAt: t.CreatedAt}
	for _, p := range t.Allow {
		j.Allow = append(j.Allow, p.String())
	}
	return j
}

// listTrunks is every trunk with its live state.
func (s *Server) listTrunks(ctx context.Context) ([]trunkJSON, error) {
	list, err := s.st.ListTrunks(ctx)
	if err != nil {
		return nil, err
	}
	states, err := s.trunkStates(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]TrunkState{}
	for _, st := range states {
		byName[st.Name] = st
	}
	out := make([]trunkJSON, 0, len(list))
	for _, t := range list {
		out = append(out, trunkView(t, byName[t.Name]))
	}
	return out, nil
}

func (s *Server) createTrunk(ctx context.Context, p *principal, in TrunkInput) (store.Trunk, error) {
	t, fe := in.Trunk(ctx, s.resolver)
	if fe != nil {
		return t, fieldErrors(fe).err()
	}
	if err := s.st.CreateTrunk(ctx, t); err != nil {
		switch {
		case errors.Is(err, store.ErrExists):
			return t, invalid("name", "trunk "+t.Name+" already exists")
		case errors.Is(err, store.ErrInvalid) && strings.Contains(err.Error(), "failover"):
			return t, invalid("failover", "no trunk "+t.Failover)
		case errors.Is(err, store.ErrInvalid):
			return t, invalid("name", storeMessage(err))
		}
		return t, err
	}
	detail := fmt.Sprintf("type=%s host=%s transport=%s srtp=%s allow=%d", t.Type, t.Host, t.Transport, t.SRTP, len(t.Allow))
	s.audit(ctx, p, "trunk.add", t.Name, detail)
	if got, err := s.st.GetTrunk(ctx, t.Name); err == nil {
		t = got
	}
	return t, nil
}

func (s *Server) deleteTrunk(ctx context.Context, p *principal, name string) error {
	if err := s.st.DeleteTrunk(ctx, name); err != nil {
		return err
	}
	s.audit(ctx, p, "trunk.rm", name, "")
	return nil
}

// storeMessage is a store error without its "store: op:" prefix.
func storeMessage(err error) string {
	m := err.Error()
	if i := strings.LastIndex(m, "invalid: "); i >= 0 {
		return m[i+len("invalid: "):]
	}
	if i := strings.LastIndex(m, "in use: "); i >= 0 {
		return m[i+len("in use: "):]
	}
	return m
}

// didInput is a new inbound route.
type didInput struct {
	Number    string `json:"number" doc:"E.164 number (+15551230100) or pattern (+1555123XXXX, +1555.)"`
	Trunk     string `json:"trunk" doc:"the trunk the number's calls arrive on"`
	Extension string `json:"extension" doc:"the extension that takes the calls"`
}

type didJSON struct {
	Number    string    `json:"number"`
	Trunk     string    `json:"trunk"`
	Extension string    `json:"extension"`
	CreatedAt time.Time `json:"created_at"`
}

type didList struct {
	DIDs []didJSON `json:"dids"`
}

func didView(d store.DID) didJSON {
	return didJSON{Number: d.Number, Trunk: d.Trunk, Extension: d.Destination, CreatedAt: d.CreatedAt}
}

func (s *Server) createDID(ctx context.Context, p *principal, in didInput) (store.DID, error) {
	d := store.DID{Number: strings.TrimSpace(in.Number), Trunk: strings.TrimSpace(in.Trunk), Destination: strings.TrimSpace(in.Extension)}
	fe := fieldErrors{}
	if d.Number == "" {
		fe["number"] = "is required"
	}
	if d.Trunk == "" {
		fe["trunk"] = "is required"
	}
	if m := checkNumber(d.Destination); m != "" {
		fe["extension"] = m
	}
	if err := fe.err(); err != nil {
		return d, err
	}
	err := s.st.CreateDID(ctx, d)
	switch {
	case err == nil:
	case errors.Is(err, store.ErrExists):
		return d, invalid("number", d.Number+" already has an inbound route")
	case errors.Is(err, store.ErrInvalid):
		m := storeMessage(err)
		switch {
		case strings.Contains(m, "no trunk"), strings.Contains(m, "trunk name"):
			return d, invalid("trunk", m)
		case strings.Contains(m, "no extension"), strings.Contains(m, "destination"):
			return d, invalid("extension", m)
		}
		return d, invalid("number", m)
	default:
		return d, err
	}
	s.audit(ctx, p, "did.add", d.Number, "trunk="+d.Trunk+" to="+d.Destination)
	return d, nil
}

func (s *Server) deleteDID(ctx context.Context, p *principal, number string) error {
	if err := s.st.DeleteDID(ctx, number); err != nil {
		return err
	}
	s.audit(ctx, p, "did.rm", number, "")
	return nil
}

// routeInput is a new outbound route.
type routeInput struct {
	Name    string   `json:"name"`
	Pattern string   `json:"pattern" doc:"numbers as dialled: NXXNXXXXXX, 1NXXNXXXXXX, 011., +., 911 (X 0-9, Z 1-9, N 2-9, [1-5], a final . for the rest)"`
	Trunks  []string `json:"trunks" doc:"trunks to try, in order"`
	Strip   int      `json:"strip" doc:"leading characters removed"`
	Prepend string   `json:"prepend" doc:"digits put in front after stripping (a leading + allowed)"`
}

type routeJSON struct {
	Name      string    `json:"name"`
	Order     int       `json:"order" doc:"1 is tried first"`
	Pattern   string    `json:"pattern"`
	Trunks    []string  `json:"trunks"`
	Strip     int       `json:"strip"`
	Prepend   string    `json:"prepend"`
	CreatedAt time.Time `json:"created_at"`
}

type routeList struct {
	Routes []routeJSON `json:"routes"`
}

func (s *Server) listRoutes(ctx context.Context) ([]routeJSON, error) {
	list, err := s.st.ListRoutes(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]routeJSON, 0, len(list))
	for i, r := range list {
		out = append(out, routeJSON{Name: r.Name, Order: i + 1, Pattern: r.Pattern, Trunks: r.Trunks, Strip: r.Strip, Prepend: r.Prepend, CreatedAt: r.CreatedAt})
	}
	return out, nil
}

func (s *Server) createRoute(ctx context.Context, p *principal, in routeInput) (store.Route, error) {
	r := store.Route{Name: strings.TrimSpace(in.Name), Pattern: strings.TrimSpace(in.Pattern), Strip: in.Strip, Prepend: strings.TrimSpace(in.Prepend)}
	for _, t := range in.Trunks {
		for _, f := range strings.Split(t, ",") {
			if f = strings.TrimSpace(f); f != "" {
				r.Trunks = append(r.Trunks, f)
			}
		}
	}
	fe := fieldErrors{}
	if store.ValidateName("route", r.Name) != nil {
		fe["name"] = "must have 1 to 32 lower case letters, digits, - and _, starting with a letter or digit"
	}
	if r.Pattern == "" {
		fe["pattern"] = "is required"
	}
	if len(r.Trunks) == 0 {
		fe["trunks"] = "name at least one trunk"
	}
	if r.Strip < 0 || r.Strip > 32 {
		fe["strip"] = "must be between 0 and 32"
	}
	if err := fe.err(); err != nil {
		return r, err
	}
	err := s.st.CreateRoute(ctx, r)
	switch {
	case err == nil:
	case errors.Is(err, store.ErrExists):
		return r, invalid("name", "route "+r.Name+" already exists")
	case errors.Is(err, store.ErrInvalid):
		m := storeMessage(err)
		switch {
		case strings.Contains(m, "trunk"):
			return r, invalid("trunks", m)
		case strings.Contains(m, "strip"):
			return r, invalid("strip", m)
		case strings.Contains(m, "prepend"):
			return r, invalid("prepend", m)
		}
		return r, invalid("pattern", m)
	default:
		return r, err
	}
	s.audit(ctx, p, "route.add", r.Name, fmt.Sprintf("pattern=%s strip=%d prepend=%s trunks=%s", r.Pattern, r.Strip, r.Prepend, strings.Join(r.Trunks, ",")))
	return r, nil
}

func (s *Server) deleteRoute(ctx context.Context, p *principal, name string) error {
	if err := s.st.DeleteRoute(ctx, name); err != nil {
		return err
	}
	s.audit(ctx, p, "route.rm", name, "")
	return nil
}

// pathParam reads a path parameter that may be %-escaped (DIDs hold '+'
// and pattern brackets).
func pathParamValue(c echo.Context, name string) string {
	v := c.Param(name)
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// API handlers.

func (s *Server) apiTrunks(c echo.Context) error {
	list, err := s.listTrunks(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, trunkList{Trunks: list})
}

func (s *Server) apiCreateTrunk(c echo.Context) error {
	var in TrunkInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	t, err := s.createTrunk(ctx, principalOf(c), in)
	if err != nil {
		return err
	}
	states, err := s.trunkStates(ctx)
	if err != nil {
		return err
	}
	var st TrunkState
	for _, x := range states {
		if x.Name == t.Name {
			st = x
		}
	}
	return c.JSON(http.StatusCreated, trunkView(t, st))
}

func (s *Server) apiDeleteTrunk(c echo.Context) error {
	if err := s.deleteTrunk(c.Request().Context(), principalOf(c), pathParamValue(c, "name")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiDIDs(c echo.Context) error {
	list, err := s.st.ListDIDs(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]didJSON, 0, len(list))
	for _, d := range list {
		out = append(out, didView(d))
	}
	return c.JSON(http.StatusOK, didList{DIDs: out})
}

func (s *Server) apiCreateDID(c echo.Context) error {
	var in didInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	d, err := s.createDID(c.Request().Context(), principalOf(c), in)
	if err != nil {
		return err
	}
	d.CreatedAt = s.now()
	return c.JSON(http.StatusCreated, didView(d))
}

func (s *Server) apiDeleteDID(c echo.Context) error {
	if err := s.deleteDID(c.Request().Context(), principalOf(c), pathParamValue(c, "number")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (s *Server) apiListRoutes(c echo.Context) error {
	list, err := s.listRoutes(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, routeList{Routes: list})
}

func (s *Server) apiCreateRoute(c echo.Context) error {
	var in routeInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	r, err := s.createRoute(ctx, principalOf(c), in)
	if err != nil {
		return err
	}
	list, err := s.listRoutes(ctx)
	if err != nil {
		return err
	}
	for _, x := range list {
		if x.Name == r.Name {
			return c.JSON(http.StatusCreated, x)
		}
	}
	return echo.NewHTTPError(http.StatusConflict, "route "+r.Name+" was removed meanwhile")
}

func (s *Server) apiDeleteRoute(c echo.Context) error {
	if err := s.deleteRoute(c.Request().Context(), principalOf(c), pathParamValue(c, "name")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// UI handlers.

// namePattern is the browser's check of trunk and route names
// (store.ValidateName). Browsers compile a pattern attribute with the
// RegExp v flag, where a bare '-' in a class is a syntax error that makes
// them drop the check: it is escaped.
const namePattern = `[a-z0-9][a-z0-9_\-]{0,31}`

type trunksData struct {
	Trunks   []trunkJSON
	Fields   []field
	Form     map[string]string
	Errors   fieldErrors
	Error    string
	Regions  []string
	HasLive  bool
	AllTypes []string
}

func trunkFields(in map[string]string, fe fieldErrors) []field {
	return []field{
		{Name: "name", Label: "Name", Type: "text", Value: in["name"], Err: fe["name"], Required: true, MaxLen: 32, Pattern: namePattern,
			Hint: "e.g. chime-east; lower case letters, digits, - and _", Autocomplete: "off"},
		{Name: "host", Label: "Host", Type: "text", Value: in["host"], Err: fe["host"], Required: true, MaxLen: 260,
			Hint: "Chime: the connector's outbound host name, <id>.voiceconnector.chime.aws. Generic: HOST or HOST:PORT", Autocomplete: "off"},
		{Name: "transport", Label: "Transport", Type: "text", Value: in["transport"], Err: fe["transport"], MaxLen: 3,
			Hint: "udp, tcp or tls; empty: tls for Chime, udp for generic", Autocomplete: "off"},
		{Name: "username", Label: "Username", Type: "text", Value: in["username"], Err: fe["username"], MaxLen: 128,
			Hint: "Digest credentials: Chime termination credentials, or the provider account", Autocomplete: "off"},
		{Name: "password", Label: "Password", Type: "password", Err: fe["password"], MaxLen: 128, Autocomplete: "new-password",
			Hint: "Never shown again"},
		{Name: "allow", Label: "Allowed networks", Type: "text", Value: in["allow"], Err: fe["allow"], MaxLen: 2000,
			Hint: "Comma-separated CIDRs inbound calls may come from; empty: the bundled Chime ranges, or the generic host's addresses", Autocomplete: "off"},
		{Name: "srtp", Label: "SRTP", Type: "text", Value: in["srtp"], Err: fe["srtp"], MaxLen: 8,
			Hint: "off, optional or required; empty: required for Chime, off for generic", Autocomplete: "off"},
		{Name: "caller_id", Label: "Caller ID", Type: "tel", Value: in["caller_id"], Err: fe["caller_id"], MaxLen: 16, Pattern: `\+[1-9][0-9]{1,14}`,
			Hint: "E.164 number shown on outside calls of extensions without their own", Placeholder: "+15551234567", Autocomplete: "off"},
		{Name: "regions", Label: "Chime regions", Type: "text", Value: in["regions"], Err: fe["regions"], MaxLen: 200,
			Hint: "Comma-separated, e.g. us-east-1; empty: every bundled region", Autocomplete: "off"},
		{Name: "failover", Label: "Failover trunk", Type: "text", Value: in["failover"], Err: fe["failover"], MaxLen: 32,
			Hint: "Another trunk outbound calls try when this one fails", Autocomplete: "off"},
		{Name: "register", Label: "Register to the provider (generic trunks)", Type: "checkbox", Checked: in["register"] == "on", Err: fe["register"]},
	}
}

func (s *Server) renderTrunks(c echo.Context, code int, in map[string]string, fe fieldErrors, msg string) error {
	list, err := s.listTrunks(c.Request().Context())
	if err != nil {
		return err
	}
	if in == nil {
		in = map[string]string{"type": trunk.TypeChime}
	}
	d := trunksData{Trunks: list, Fields: trunkFields(in, fe), Form: in, Errors: fe, Error: msg, HasLive: s.trunkStatus != nil,
		AllTypes: []string{trunk.TypeChime, trunk.TypeGeneric}}
	return s.render(c, code, "trunks", "Trunks", d)
}

func (s *Server) trunksPage(c echo.Context) error {
	return s.renderTrunks(c, http.StatusOK, nil, nil, "")
}

func splitComma(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (s *Server) createTrunkForm(c echo.Context) error {
	raw := map[string]string{}
	for _, k := range []string{"name", "type", "host", "transport", "username", "password", "allow", "srtp", "caller_id", "regions", "failover", "register"} {
		raw[k] = c.FormValue(k)
	}
	in := TrunkInput{Name: strings.TrimSpace(raw["name"]), Type: raw["type"], Host: raw["host"], Transport: strings.ToLower(strings.TrimSpace(raw["transport"])),
		Username: strings.TrimSpace(raw["username"]), Password: raw["password"], Register: raw["register"] == "on", Allow: splitComma(raw["allow"]),
		SRTP: strings.ToLower(strings.TrimSpace(raw["srtp"])), CallerID: raw["caller_id"], Regions: splitComma(raw["regions"]), Failover: strings.TrimSpace(raw["failover"])}
	_, err := s.createTrunk(c.Request().Context(), principalOf(c), in)
	var ve *validationError
	if errors.As(err, &ve) {
		return s.renderTrunks(c, http.StatusUnprocessableEntity, raw, ve.fields, "Nothing was saved. Please correct the fields marked below.")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/trunks?done=trunk-added")
}

func (s *Server) deleteTrunkForm(c echo.Context) error {
	err := s.deleteTrunk(c.Request().Context(), principalOf(c), c.Param("name"))
	if errors.Is(err, store.ErrInUse) {
		return s.renderTrunks(c, http.StatusConflict, nil, nil, "Not removed: "+storeMessage(err)+".")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/trunks?done=trunk-removed")
}

type inboundData struct {
	DIDs       []didJSON
	Fields     []field
	Error      string
	Trunks     []string
	Extensions []string
	Trunk      string
	TrunkErr   string
	UnknownDID string
}

func (s *Server) renderInbound(c echo.Context, code int, in map[string]string, fe fieldErrors, msg string) error {
	ctx := c.Request().Context()
	list, err := s.st.ListDIDs(ctx)
	if err != nil {
		return err
	}
	trunks, err := s.st.ListTrunks(ctx)
	if err != nil {
		return err
	}
	d := inboundData{Error: msg, Trunk: in["trunk"], TrunkErr: fe["trunk"], UnknownDID: s.unknownDID}
	for _, x := range list {
		d.DIDs = append(d.DIDs, didView(x))
	}
	for _, t := range trunks {
		d.Trunks = append(d.Trunks, t.Name)
	}
	d.Fields = []field{
		{Name: "number", Label: "Number", Type: "text", Value: in["number"], Err: fe["number"], Required: true, MaxLen: 64, Autocomplete: "off",
			Hint: "E.164 like +15551230100, or a pattern like +1555123XXXX (X any digit) or +1555. (the rest)", Placeholder: "+15551230100"},
		{Name: "extension", Label: "Extension", Type: "text", Value: in["extension"], Err: fe["extension"], Required: true, MaxLen: 8,
			Pattern: "[0-9]{2,8}", InputMode: "numeric", Hint: "The extension that takes the calls", Autocomplete: "off"},
	}
	return s.render(c, code, "inbound", "Inbound routes", d)
}

func (s *Server) inboundPage(c echo.Context) error {
	return s.renderInbound(c, http.StatusOK, map[string]string{}, fieldErrors{}, "")
}

func (s *Server) createDIDForm(c echo.Context) error {
	raw := map[string]string{"number": c.FormValue("number"), "trunk": c.FormValue("trunk"), "extension": c.FormValue("extension")}
	_, err := s.createDID(c.Request().Context(), principalOf(c), didInput{Number: raw["number"], Trunk: raw["trunk"], Extension: raw["extension"]})
	var ve *validationError
	if errors.As(err, &ve) {
		return s.renderInbound(c, http.StatusUnprocessableEntity, raw, ve.fields, "Nothing was saved. Please correct the fields marked below.")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/routes/inbound?done=did-added")
}

func (s *Server) deleteDIDForm(c echo.Context) error {
	if err := s.deleteDID(c.Request().Context(), principalOf(c), c.FormValue("number")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/routes/inbound?done=did-removed")
}

type outboundData struct {
	Routes []routeJSON
	Fields []field
	Error  string
	Trunks []string
}

func (s *Server) renderOutbound(c echo.Context, code int, in map[string]string, fe fieldErrors, msg string) error {
	ctx := c.Request().Context()
	list, err := s.listRoutes(ctx)
	if err != nil {
		return err
	}
	trunks, err := s.st.ListTrunks(ctx)
	if err != nil {
		return err
	}
	d := outboundData{Routes: list, Error: msg}
	for _, t := range trunks {
		d.Trunks = append(d.Trunks, t.Name)
	}
	if in["strip"] == "" {
		in["strip"] = "0"
	}
	d.Fields = []field{
		{Name: "name", Label: "Name", Type: "text", Value: in["name"], Err: fe["name"], Required: true, MaxLen: 32, Autocomplete: "off",
			Pattern: namePattern, Hint: "e.g. national; lower case letters, digits, - and _"},
		{Name: "pattern", Label: "Pattern", Type: "text", Value: in["pattern"], Err: fe["pattern"], Required: true, MaxLen: 64, Autocomplete: "off",
			Hint: "As dialled: NXXNXXXXXX, 1NXXNXXXXXX, 011., +., 911 — X 0-9, Z 1-9, N 2-9, [1-5] a set, a final . the rest"},
		{Name: "trunks", Label: "Trunks", Type: "text", Value: in["trunks"], Err: fe["trunks"], Required: true, MaxLen: 200, Autocomplete: "off",
			Hint: "Comma-separated, tried in order: " + strings.Join(d.Trunks, ", ")},
		{Name: "strip", Label: "Strip", Type: "number", Value: in["strip"], Err: fe["strip"], Min: "0", Max: "32", InputMode: "numeric",
			Hint: "Leading characters removed, e.g. 3 for 011"},
		{Name: "prepend", Label: "Prepend", Type: "text", Value: in["prepend"], Err: fe["prepend"], MaxLen: 16, Autocomplete: "off",
			Hint: "Digits put in front after stripping, e.g. +1"},
	}
	return s.render(c, code, "outbound", "Outbound routes", d)
}

func (s *Server) outboundPage(c echo.Context) error {
	return s.renderOutbound(c, http.StatusOK, map[string]string{}, fieldErrors{}, "")
}

func (s *Server) createRouteForm(c echo.Context) error {
	raw := map[string]string{}
	for _, k := range []string{"name", "pattern", "trunks", "strip", "prepend"} {
		raw[k] = c.FormValue(k)
	}
	in := routeInput{Name: raw["name"], Pattern: raw["pattern"], Trunks: splitComma(raw["trunks"]), Prepend: raw["prepend"]}
	var err error
	if n, perr := strconv.Atoi(strings.TrimSpace(raw["strip"])); perr == nil || strings.TrimSpace(raw["strip"]) == "" {
		in.Strip = n
		_, err = s.createRoute(c.Request().Context(), principalOf(c), in)
	} else {
		err = invalid("strip", "must be a whole number")
	}
	var ve *validationError
	if errors.As(err, &ve) {
		return s.renderOutbound(c, http.StatusUnprocessableEntity, raw, ve.fields, "Nothing was saved. Please correct the fields marked below.")
	}
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/routes/outbound?done=route-added")
}

func (s *Server) deleteRouteForm(c echo.Context) error {
	if err := s.deleteRoute(c.Request().Context(), principalOf(c), c.Param("name")); err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/routes/outbound?done=route-removed")
}
