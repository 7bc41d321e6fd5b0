package admin

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc/trunk"
)

// InternalTrunksPath is where a running server lists its trunks with
// their live state, to loopback clients only (`dialtone trunk status`).
const InternalTrunksPath = "/internal/trunks"

// TrunkStatus gives the trunks' live health (the OPTIONS pinger, wired in
// cmd). Without it every trunk's state is "unknown".
type TrunkStatus interface {
	TrunkStatus() []trunk.Status
}

// WithTrunkStatus connects the trunks' live health.
func WithTrunkStatus(ts TrunkStatus) Option {
	return func(s *Server) { s.trunkStatus = ts }
}

// WithUnknownDID names, on the inbound routes page, the extension that
// takes calls to numbers with no DID (the unknown_did setting).
func WithUnknownDID(extension string) Option {
	return func(s *Server) { s.unknownDID = extension }
}

// TrunkState is one configured trunk with its live state, as
// /internal/trunks, the API and the trunks page give it.
type TrunkState struct {
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	Host      string    `json:"host"`
	Port      int       `json:"port" doc:"0: DNS SRV decides (RFC 3263)"`
	Transport string    `json:"transport"`
	Enabled   bool      `json:"enabled"`
	State     string    `json:"state" doc:"up, down or unknown (not pinged yet, or health not wired); disabled for a disabled trunk"`
	Since     time.Time `json:"since" doc:"when the state last changed"`
	LastPing  time.Time `json:"last_ping"`
	Target    string    `json:"target" doc:"the server that answered (or failed) the last OPTIONS ping"`
	LastCode  int       `json:"last_code" doc:"its final response code, 0 for none"`
	LastRTTMS float64   `json:"last_rtt_ms"`
	LastError string    `json:"last_error"`
	Pings     uint64    `json:"pings"`
	Failures  uint64    `json:"failures"`
	// Registration is set for a trunk that registers (--register).
	Registration *trunk.Registration `json:"registration,omitempty" doc:"registration trunks only: the REGISTER state"`
}

// trunkStates joins the configured trunks with their live status.
func (s *Server) trunkStates(ctx context.Context) ([]TrunkState, error) {
	list, err := s.st.ListTrunks(ctx)
	if err != nil {
		return nil, err
	}
	live := map[string]trunk.Status{}
	if s.trunkStatus != nil {
		for _, st := range s.trunkStatus.TrunkStatus() {
			live[st.Trunk] = st
		}
	}
	out := make([]TrunkState, 0, len(list))
	for _, t := range list {
		ts := TrunkState{Name: t.Name, Type: t.Type, Host: t.Host, Port: int(t.Port), Transport: t.Transport, Enabled: t.Enabled,
			State: string(trunk.StateUnknown)}
		if st, ok := live[t.Name]; ok {
			ts.State, ts.Since, ts.LastPing, ts.Target, ts.LastCode = string(st.State), st.Since, st.LastPing, st.Target, st.LastCode
			ts.LastRTTMS = float64(st.LastRTT.Microseconds()) / 1000
			ts.LastError, ts.Pings, ts.Failures = st.LastError, st.Pings, st.Failures
			ts.Registration = st.Registration
		}
		if !t.Enabled {
			ts.State = "disabled"
		}
		out = append(out, ts)
	}
	return out, nil
}

// internalTrunks answers `dialtone trunk status` on this host only.
func (s *Server) internalTrunks(c echo.Context) error {
	ap, err := netip.ParseAddrPort(c.Request().RemoteAddr)
	if err != nil || !ap.Addr().Unmap().IsLoopback() {
		return echo.NewHTTPError(http.StatusForbidden, "forbidden")
	}
	states, err := s.trunkStates(c.Request().Context())
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, states)
}

// TrunkInput is a new trunk as the operator describes it: the API's body,
// the form, the CLI's flags. Empty fields take the type's defaults
// (sbc/trunk.Spec).
type TrunkInput struct {
	Name      string   `json:"name" doc:"1 to 32 lower case letters, digits, - and _"`
	Type      string   `json:"type" doc:"chime or generic"`
	Host      string   `json:"host" doc:"HOST or HOST:PORT; for chime the connector's outbound host name <id>.voiceconnector.chime.aws"`
	Transport string   `json:"transport,omitempty" doc:"udp, tcp or tls (default: tls for chime, udp for generic)"`
	Username  string   `json:"username,omitempty"`
	Password  string   `json:"password,omitempty" doc:"digest password; never returned"`
	Register  bool     `json:"register,omitempty" doc:"generic only: REGISTER to the provider with the credentials"`
	Allow     []string `json:"allow,omitempty" doc:"networks inbound calls may come from (CIDR or address); default: the Chime ranges of the regions, or the addresses the generic host resolves to"`
	SRTP      string   `json:"srtp,omitempty" doc:"off, optional or required (default: required for chime, off for generic)"`
	CallerID  string   `json:"caller_id,omitempty" doc:"E.164 number shown on outside calls of extensions without their own"`
	Regions   []string `json:"regions,omitempty" doc:"chime only: the connector's AWS regions (default: all bundled)"`
	Failover  string   `json:"failover,omitempty" doc:"another trunk outbound calls try when this one fails"`
	Disabled  bool     `json:"disabled,omitempty"`
}

// ParseAllow reads allowed sources: CIDR prefixes or single addresses.
// A prefix with host bits set is refused with the network it meant.
func ParseAllow(vals []string) ([]netip.Prefix, string) {
	var out []netip.Prefix
	for _, v := range vals {
		for _, f := range strings.Split(v, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if a, err := netip.ParseAddr(f); err == nil && a.Zone() == "" {
				a = a.Unmap()
				out = append(out, netip.PrefixFrom(a, a.BitLen()))
				continue
			}
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Sprintf("%q is not a CIDR network like 3.80.16.0/23 or an IP address", f)
			}
			if p != p.Masked() {
				return nil, fmt.Sprintf("%s has host bits set; the network is %s", f, p.Masked())
			}
			out = append(out, p)
		}
	}
	return out, ""
}

// Trunk turns the input into what the store keeps: the type's defaults
// applied (sbc/trunk.Spec) and, for a generic trunk given no allowed
// sources, the addresses its host resolves to through r (RFC 3263).
// Problems are returned by field name ("name", "host", "allow", ...);
// nothing is written. The CLI and the admin UI and API share it.
func (in TrunkInput) Trunk(ctx context.Context, r trunk.TargetResolver) (store.Trunk, map[string]string) {
	name, typ, host, transport, username, password := in.Name, in.Type, strings.TrimSpace(in.Host), in.Transport, in.Username, in.Password
	register, allow, srtp, callerID, regions, failover, enabled := in.Register, in.Allow, in.SRTP, strings.TrimSpace(in.CallerID), in.Regions, in.Failover, !in.Disabled
	fe := map[string]string{}
	if err := store.ValidateName("trunk", name); err != nil {
		fe["name"] = "must have 1 to 32 lower case letters, digits, - and _, starting with a letter or digit"
	}
	if callerID != "" && store.ValidateE164(callerID) != nil {
		fe["caller_id"] = "must be an E.164 number like +15551234567"
	}
	if failover != "" {
		if store.ValidateName("trunk", failover) != nil || failover == name {
			fe["failover"] = "must name another trunk"
		}
	}
	if username != "" && password != "" {
		if err := store.ValidateSIPPassword(password); err != nil {
			fe["password"] = strings.TrimPrefix(err.Error(), "invalid: ")
		}
	}
	prefixes, msg := ParseAllow(allow)
	if msg != "" {
		fe["allow"] = msg
	}
	spec := trunk.Spec{Type: typ, Host: host, Transport: transport, Username: username, Password: password, Register: register,
		SRTP: srtp, Regions: regions}
	if len(allow) > 0 {
		spec.Allow = prefixes
	}
	p, err := spec.Profile()
	if err != nil && len(fe) == 0 {
		fe[specField(err)] = specMessage(err)
	}
	if len(fe) > 0 {
		return store.Trunk{}, fe
	}
	if len(p.AllowedSources) == 0 {
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		src, err := trunk.Sources(rctx, r, p)
		if err != nil {
			fe["allow"] = fmt.Sprintf("none given, and %s did not resolve (%v): give the provider's networks", p.Host, err)
			return store.Trunk{}, fe
		}
		p.AllowedSources = src
	}
	t := store.Trunk{
		Name: name, Type: typ, Host: p.Host, Port: p.Port, Transport: p.Transport.String(), Username: p.Username, Password: p.Password,
		Register: p.Kind == trunk.KindRegistration, Allow: p.AllowedSources, SRTP: string(p.SRTP), CallerID: callerID,
		Regions: slices.Clone(p.Regions), Failover: failover, Enabled: enabled,
	}
	if err := t.Validate(); err != nil {
		fe["name"] = strings.TrimPrefix(err.Error(), "invalid: ")
		return store.Trunk{}, fe
	}
	return t, nil
}

// specField guesses which input a profile error is about.
func specField(err error) string {
	m := err.Error()
	switch {
	case errors.Is(err, trunk.ErrChimeHost), errors.Is(err, trunk.ErrInvalidHost), strings.Contains(m, "host"):
		return "host"
	case errors.Is(err, trunk.ErrUnknownRegion), strings.Contains(m, "region"):
		return "regions"
	case strings.Contains(m, "type"):
		return "type"
	case strings.Contains(m, "SRTP") || strings.Contains(m, "srtp"):
		return "srtp"
	case strings.Contains(m, "transport"):
		return "transport"
	case strings.Contains(m, "registration"), strings.Contains(m, "username"):
		return "username"
	case strings.Contains(m, "allowed source"):
		return "allow"
	}
	return "type"
}

func specMessage(err error) string {
	m := err.Error()
	for _, p := range []string{"trunk: invalid profile: ", "trunk: "} {
		m = strings.Replace(m, p, "", 1)
	}
	return m
}

// TrunkProfile is the profile the SIP edge uses for a stored trunk: the
// stored settings through the same Spec the trunk was made with, so the
// type's fixed properties (Chime's CPS limit, E.164, codecs) come back.
func TrunkProfile(t store.Trunk) (trunk.Profile, error) {
	host := t.Host
	if t.Port != 0 {
		host = HostPort(t.Host, int(t.Port))
	}
	allow := t.Allow
	if allow == nil {
		allow = []netip.Prefix{}
	}
	return trunk.Spec{Type: t.Type, Host: host, Transport: t.Transport, Username: t.Username, Password: t.Password,
		Register: t.Register, Allow: allow, SRTP: t.SRTP, Regions: t.Regions}.Profile()
}

// HostPort writes host and port as in a SIP URI ("[2001:db8::1]:5061").
func HostPort(host string, port int) string {
	if a, err := netip.ParseAddr(host); err == nil && a.Is6() {
		return fmt.Sprintf("[%s]:%d", host, port)
	}
	return fmt.Sprintf("%s:%d", host, port)
}
