package store

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"
)

// Trunk types, as the CLI spells them.
const (
	// TrunkChime is an Amazon Chime Voice Connector (sbc/trunk.ChimePreset).
	TrunkChime = "chime"
	// TrunkGeneric is any other SIP trunk, IP-based or registration-based.
	TrunkGeneric = "generic"
)

// SRTP modes of a trunk's media.
const (
	SRTPOff      = "off"
	SRTPOptional = "optional"
	SRTPRequired = "required"
)

// Permission classes of an extension: the widest kind of outside call it
// may make (pbx/dialplan/outbound.Class spells the same names).
const (
	ClassInternal      = "internal"
	ClassLocal         = "local"
	ClassNational      = "national"
	ClassInternational = "international"
)

// DefaultClass is an extension's permission when none is given.
const DefaultClass = ClassNational

// Trunk is a SIP trunk to the telephone network. It holds the effective
// settings (the preset's defaults already applied by whoever made it), so
// what is listed is what is used.
type Trunk struct {
	Name string
	Type string // TrunkChime or TrunkGeneric
	// Host is the provider's host name or address, without a port.
	Host string
	// Port is 0 to let DNS SRV decide (RFC 3263), else the port to use.
	Port      uint16
	Transport string // udp, tcp or tls
	// Username and Password are the digest credentials we answer the
	// provider's challenges with. The password is kept as given: unlike an
	// extension's (kept as HA1 for our realm), it must answer a realm and
	// an algorithm the provider picks when it challenges. It is never
	// listed, logged or audited.
	Username string
	Password string
	// Register makes Dialtone REGISTER to the provider (generic trunks).
	Register bool
	// Allow are the networks inbound requests may come from; empty allows
	// nothing.
	Allow []netip.Prefix
	SRTP  string // SRTPOff, SRTPOptional or SRTPRequired
	// CallerID is the E.164 number shown on outside calls when the
	// extension has none.
	CallerID string
	// Regions are the AWS regions of a Chime connector (informational
	// once Allow is filled).
	Regions []string
	// Failover names the trunk outbound calls try when this one fails,
	// "" for none.
	Failover  string
	Enabled   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// DID is an inbound route: calls for Number arriving on Trunk go to
// Destination. Number is an E.164 number ("+15551230100") or a pattern in
// the outbound route syntax ("+1555123XXXX", "+1555.").
type DID struct {
	Number      string
	Trunk       string
	Destination string // an extension number
	CreatedAt   time.Time
}

// Route is an outbound route: numbers matching Pattern go to Trunks in
// order, after Strip leading characters are removed and Prepend is put in
// front. Routes are tried in Position order (the order they were added).
type Route struct {
	Name      string
	Position  int
	Pattern   string
	Strip     int
	Prepend   string
	Trunks    []string
	CreatedAt time.Time
}

// ValidateName checks a trunk or route name: 1 to 32 characters, lower
// case letters, digits, '-' and '_', starting with a letter or digit. Names
// appear in lists separated by commas and in call sources ("trunk:NAME").
func ValidateName(what, n string) error {
	if n == "" || len(n) > 32 {
		return fmt.Errorf("%w: %s name %q must have 1 to 32 characters", ErrInvalid, what, n)
	}
	for i, c := range n {
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || (i > 0 && (c == '-' || c == '_'))
		if !ok {
			return fmt.Errorf("%w: %s name %q may have only lower case letters, digits, '-' and '_', starting with a letter or digit", ErrInvalid, what, n)
		}
	}
	return nil
}

// ValidateE164 checks a full E.164 number: '+', a country code not
// starting with 0, at most 15 digits in all (ITU-T E.164 §6.1).
func ValidateE164(v string) error {
	bad := fmt.Errorf("%w: %q is not an E.164 number like +15551234567", ErrInvalid, v)
	if len(v) < 3 || len(v) > 16 || v[0] != '+' || v[1] == '0' {
		return bad
	}
	for _, r := range v[1:] {
		if r < '0' || r > '9' {
			return bad
		}
	}
	return nil
}

// ValidateClass checks an extension's permission class.
func ValidateClass(c string) error {
	switch c {
	case ClassInternal, ClassLocal, ClassNational, ClassInternational:
		return nil
	}
	return fmt.Errorf("%w: class %q is not internal, local, national or international", ErrInvalid, c)
}

// validateHost checks a host name or IP address without a port.
func validateHost(h string) error {
	if h == "" {
		return fmt.Errorf("%w: trunk host is empty", ErrInvalid)
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return nil
	}
	if len(h) > 253 {
		return fmt.Errorf("%w: trunk host is longer than 253 characters", ErrInvalid)
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("%w: trunk host %q is not a host name or an IP address (give the port separately)", ErrInvalid, h)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return fmt.Errorf("%w: trunk host %q is not a host name or an IP address (give the port separately)", ErrInvalid, h)
			}
		}
	}
	return nil
}

// Validate reports the first problem that would make t unsafe to store.
// Whether the failover trunk exists is the store's to check.
func (t Trunk) Validate() error {
	if err := ValidateName("trunk", t.Name); err != nil {
		return err
	}
	if t.Type != TrunkChime && t.Type != TrunkGeneric {
		return fmt.Errorf("%w: trunk type %q is not chime or generic", ErrInvalid, t.Type)
	}
	if err := validateHost(t.Host); err != nil {
		return err
	}
	switch t.Transport {
	case "udp", "tcp", "tls":
	default:
		return fmt.Errorf("%w: transport %q is not udp, tcp or tls", ErrInvalid, t.Transport)
	}
	if len(t.Username) > 128 || strings.IndexFunc(t.Username, unicode.IsControl) >= 0 || strings.ContainsAny(t.Username, "\"\\") {
		return fmt.Errorf("%w: trunk username must be at most 128 characters without quotes, backslashes or control characters", ErrInvalid)
	}
	if t.Password != "" {
		if err := ValidateSIPPassword(t.Password); err != nil {
			return err
		}
	}
	if (t.Username == "") != (t.Password == "") {
		return fmt.Errorf("%w: trunk username and password go together", ErrInvalid)
	}
	if t.Register {
		if t.Type != TrunkGeneric {
			return fmt.Errorf("%w: only generic trunks register", ErrInvalid)
		}
		if t.Username == "" {
			return fmt.Errorf("%w: a registering trunk needs a username and a password", ErrInvalid)
		}
	}
	for _, p := range t.Allow {
		if !p.IsValid() || p != p.Masked() {
			return fmt.Errorf("%w: allowed source %s is not a network prefix (e.g. 3.80.16.0/23)", ErrInvalid, p)
		}
	}
	switch t.SRTP {
	case SRTPOff, SRTPOptional:
	case SRTPRequired:
		// SDES keys travel in the SDP: without TLS anyone on the path
		// reads them (RFC 4568 §8.3).
		if t.Transport != "tls" {
			return fmt.Errorf("%w: srtp required needs transport tls, have %s", ErrInvalid, t.Transport)
		}
	default:
		return fmt.Errorf("%w: srtp %q is not off, optional or required", ErrInvalid, t.SRTP)
	}
	if t.CallerID != "" {
		if err := ValidateE164(t.CallerID); err != nil {
			return fmt.Errorf("caller ID: %w", err)
		}
	}
	for _, r := range t.Regions {
		if r == "" || len(r) > 32 || strings.IndexFunc(r, func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') }) >= 0 {
			return fmt.Errorf("%w: region %q is not like us-east-1", ErrInvalid, r)
		}
	}
	if t.Failover != "" {
		if err := ValidateName("failover trunk", t.Failover); err != nil {
			return err
		}
		if t.Failover == t.Name {
			return fmt.Errorf("%w: trunk %s cannot be its own failover", ErrInvalid, t.Name)
		}
	}
	return nil
}

// patternChars are the characters of a DID or route pattern (the syntax of
// pbx/dialplan/outbound.CompilePattern, which the store also runs).
const patternChars = "0123456789+*#XZNxzn[]-._"

// Validate reports the first problem with d. Whether its pattern compiles,
// its trunk exists and its destination is an extension is the store's to
// check.
func (d DID) Validate() error {
	if d.Number == "" || len(d.Number) > 64 {
		return fmt.Errorf("%w: DID %q must have 1 to 64 characters", ErrInvalid, d.Number)
	}
	if strings.Trim(d.Number, patternChars) != "" {
		return fmt.Errorf("%w: DID %q is neither an E.164 number nor a pattern (digits, +, X, Z, N, [1-5], a final .)", ErrInvalid, d.Number)
	}
	if strings.HasPrefix(d.Number, "+") && strings.Trim(d.Number[1:], "0123456789") == "" {
		if err := ValidateE164(d.Number); err != nil {
			return fmt.Errorf("DID: %w", err)
		}
	}
	if err := ValidateName("trunk", d.Trunk); err != nil {
		return err
	}
	if err := ValidateNumber(d.Destination); err != nil {
		return fmt.Errorf("DID destination: %w", err)
	}
	return nil
}

// Validate reports the first problem with r's fields. Whether its pattern
// compiles with its strip and prepend, and its trunks exist, is the
// store's to check.
func (r Route) Validate() error {
	if err := ValidateName("route", r.Name); err != nil {
		return err
	}
	if r.Pattern == "" || len(r.Pattern) > 64 || strings.Trim(r.Pattern, patternChars) != "" {
		return fmt.Errorf("%w: route pattern %q is not a pattern (digits, +, *, #, X, Z, N, [1-5], a final .)", ErrInvalid, r.Pattern)
	}
	if r.Strip < 0 || r.Strip > 32 {
		return fmt.Errorf("%w: strip %d is outside 0-32", ErrInvalid, r.Strip)
	}
	if len(r.Prepend) > 16 || strings.Trim(r.Prepend, "0123456789*#+") != "" || strings.LastIndex(r.Prepend, "+") > 0 {
		return fmt.Errorf("%w: prepend %q: only digits, * and # (and a leading +), at most 16", ErrInvalid, r.Prepend)
	}
	if len(r.Trunks) == 0 {
		return fmt.Errorf("%w: route %s has no trunk", ErrInvalid, r.Name)
	}
	seen := map[string]bool{}
	for _, t := range r.Trunks {
		if err := ValidateName("trunk", t); err != nil {
			return err
		}
		if seen[t] {
			return fmt.Errorf("%w: trunk %s is listed twice in route %s", ErrInvalid, t, r.Name)
		}
		seen[t] = true
	}
	return nil
}
