package outbound

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dialtone-pbx/dialtone/pbx/dialplan"
)

// E.164 bounds on the digits after '+': at most 15 (ITU-T E.164 §6.1); we
// refuse fewer than 7, shorter than any country code plus subscriber
// number in use, so a half-dialled number is not sent to a trunk.
const (
	minE164Digits = 7
	maxE164Digits = 15
)

// NumberingPlan says how people in one country dial: which prefixes mean
// "another country" and "another area", and how long numbers are. NANP and
// DefaultPlan give starting points; every field can be changed.
type NumberingPlan struct {
	// CountryCode is the E.164 country code, digits only ("1", "44").
	CountryCode string
	// InternationalPrefix precedes a country code when dialling abroad
	// ("011" in the NANP, "00" in most other countries).
	InternationalPrefix string
	// NationalPrefix (trunk prefix) precedes a national number ("1" in
	// the NANP, "0" in the UK); "" when the country has none.
	NationalPrefix string
	// NationalLength is the length of a national significant number; a
	// number of exactly this length dialled without prefix is national
	// (NANP ten-digit dialling). 0: lengths vary, a prefix is needed.
	NationalLength int
	// NationalPattern, when set, is what a national significant number
	// must match ("NXXNXXXXXX" in the NANP: area and exchange codes start
	// with 2-9).
	NationalPattern string
	// AreaCode is the caller's own area code: national numbers in it are
	// local, and numbers of LocalLength digits are dialled within it.
	AreaCode string
	// LocalLength is the length of a number dialled without area code (7
	// in the NANP); 0 disables local dialling. Needs AreaCode.
	LocalLength int
	// InternalMaxLen: numbers of at most this many digits (and any number
	// with '*' or '#') are extensions and feature codes, never the PSTN.
	InternalMaxLen int
	// Emergency numbers are always allowed, routed as dialled, and flagged.
	Emergency []string
}

// NANP is the North American Numbering Plan (country code 1): ten-digit
// numbers NXX-NXX-XXXX, dialled as 10 digits, as 1 + 10 digits, or after
// 011 for other countries; 911 and 112 are emergency numbers.
func NANP() NumberingPlan {
	return NumberingPlan{
		CountryCode:         "1",
		InternationalPrefix: "011",
		NationalPrefix:      "1",
		NationalLength:      10,
		NationalPattern:     "NXXNXXXXXX",
		LocalLength:         7,
		InternalMaxLen:      5,
		Emergency:           []string{"911", "112"},
	}
}

// DefaultPlan is NANP for country code 1 and otherwise the common scheme:
// international prefix 00, national prefix 0, variable national lengths,
// emergency number 112. Countries with other emergency numbers add them
// (the UK: 999).
func DefaultPlan(countryCode string) NumberingPlan {
	if countryCode == "1" {
		return NANP()
	}
	return NumberingPlan{
		CountryCode:         countryCode,
		InternationalPrefix: "00",
		NationalPrefix:      "0",
		InternalMaxLen:      5,
		Emergency:           []string{"112"},
	}
}

// Validate reports the first field that cannot work.
func (p NumberingPlan) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrPlan, fmt.Sprintf(format, a...))
	}
	if !isDigits(p.CountryCode) || len(p.CountryCode) > 3 || p.CountryCode[0] == '0' {
		return bad("country code %q is not 1-3 digits", p.CountryCode) // ITU-T E.164 §6.2.1
	}
	if !isDigits(p.InternationalPrefix) {
		return bad("international prefix %q is not digits", p.InternationalPrefix)
	}
	if p.NationalPrefix != "" && !isDigits(p.NationalPrefix) {
		return bad("national prefix %q is not digits", p.NationalPrefix)
	}
	if p.NationalPrefix != "" && strings.HasPrefix(p.NationalPrefix, p.InternationalPrefix) {
		return bad("national prefix %q starts with the international prefix %q", p.NationalPrefix, p.InternationalPrefix)
	}
	if p.NationalLength < 0 || len(p.CountryCode)+p.NationalLength > maxE164Digits {
		return bad("national length %d", p.NationalLength)
	}
	if p.NationalPattern != "" {
		if _, err := CompilePattern(p.NationalPattern); err != nil {
			return bad("national pattern: %v", err)
		}
	}
	if p.AreaCode != "" && !isDigits(p.AreaCode) {
		return bad("area code %q is not digits", p.AreaCode)
	}
	if p.LocalLength < 0 || p.LocalLength > maxE164Digits {
		return bad("local length %d", p.LocalLength)
	}
	if p.InternalMaxLen < 0 || p.InternalMaxLen >= minE164Digits {
		return bad("internal numbers of up to %d digits would hide PSTN numbers", p.InternalMaxLen)
	}
	for _, e := range p.Emergency {
		if !isDigits(e) {
			return bad("emergency number %q is not digits", e)
		}
	}
	return nil
}

// Normalize turns what a caller dialled into the number to route and its
// class. dialled may be anything dialplan.Normalize accepts (bare digits
// with separators, a sip:, sips: or tel: URI).
//
//   - an emergency number of the plan: returned as dialled, ClassEmergency;
//   - '*' or '#', or at most InternalMaxLen digits: as dialled, ClassInternal;
//   - "+CC…", InternationalPrefix + "CC…": "+CC…"; the plan's own country
//     code is national (local in AreaCode), any other international;
//   - NationalPrefix + national number, or a national number of
//     NationalLength digits: "+" + CountryCode + number, national or local;
//   - LocalLength digits with an AreaCode: "+" + CountryCode + AreaCode +
//     number, local.
//
// The plan is not validated here; NewRoutes does that once.
func Normalize(dialled string, plan NumberingPlan) (e164 string, class Class, err error) {
	e164, class, _, err = normalize(dialled, plan)
	return e164, class, err
}

// normalize also returns the cleaned digits the route patterns match.
func normalize(dialled string, plan NumberingPlan) (e164 string, class Class, digits string, err error) {
	d, err := dialplan.Normalize(dialled)
	if err != nil {
		return "", ClassNone, "", err
	}
	if slices.Contains(plan.Emergency, d) {
		return d, ClassEmergency, d, nil
	}
	if rest, ok := strings.CutPrefix(d, "+"); ok {
		e, c, err := plan.international(rest)
		return e, c, d, err
	}
	if strings.ContainsAny(d, "*#") || len(d) <= plan.InternalMaxLen {
		return d, ClassInternal, d, nil
	}
	if rest, ok := strings.CutPrefix(d, plan.InternationalPrefix); ok && plan.InternationalPrefix != "" {
		e, c, err := plan.international(rest)
		return e, c, d, err
	}
	if rest, ok := strings.CutPrefix(d, plan.NationalPrefix); ok && plan.NationalPrefix != "" {
		if plan.NationalLength == 0 || len(rest) == plan.NationalLength {
			e, c, err := plan.national(rest)
			return e, c, d, err
		}
		// NANP: a 10-digit number may itself start with the trunk prefix
		// digit only if NationalPattern allows it; fall through to it.
		if len(rest) < plan.NationalLength {
			return "", ClassNone, d, fmt.Errorf("%w: %s has %d digits after the national prefix %s, want %d", ErrIncomplete, d, len(rest), plan.NationalPrefix, plan.NationalLength)
		}
	}
	if plan.NationalLength > 0 && len(d) == plan.NationalLength {
		e, c, err := plan.national(d)
		return e, c, d, err
	}
	if plan.LocalLength > 0 && plan.AreaCode != "" && len(d) == plan.LocalLength {
		e, c, err := plan.national(plan.AreaCode + d)
		return e, c, d, err
	}
	// Shorter than the longest form dialled without prefix: the caller may
	// still be dialling (overlap dialling, RFC 3578), so 484.
	longest := plan.NationalLength
	if plan.AreaCode != "" {
		longest = max(longest, plan.LocalLength)
	}
	if len(d) < longest {
		return "", ClassNone, d, fmt.Errorf("%w: %s has %d digits", ErrIncomplete, d, len(d))
	}
	return "", ClassNone, d, fmt.Errorf("%w: %s (country code %s)", ErrNotInPlan, d, plan.CountryCode)
}

// international classifies "CC…" (the digits after '+' or the
// international prefix).
func (p NumberingPlan) international(digits string) (string, Class, error) {
	if !isDigits(digits) {
		return "", ClassNone, fmt.Errorf("%w: +%s is not all digits", ErrNotInPlan, digits)
	}
	if len(digits) < minE164Digits {
		return "", ClassNone, fmt.Errorf("%w: +%s has %d digits, want at least %d", ErrIncomplete, digits, len(digits), minE164Digits)
	}
	if len(digits) > maxE164Digits {
		return "", ClassNone, fmt.Errorf("%w: +%s has more than %d digits", ErrNotInPlan, digits, maxE164Digits)
	}
	if nsn, ok := strings.CutPrefix(digits, p.CountryCode); ok && p.CountryCode != "" {
		return p.national(nsn)
	}
	return "+" + digits, ClassInternational, nil
}

// national classifies a national significant number of this country.
func (p NumberingPlan) national(nsn string) (string, Class, error) {
	if p.NationalLength > 0 && len(nsn) < p.NationalLength {
		return "", ClassNone, fmt.Errorf("%w: national number %s has %d digits, want %d", ErrIncomplete, nsn, len(nsn), p.NationalLength)
	}
	if p.NationalLength > 0 && len(nsn) > p.NationalLength {
		return "", ClassNone, fmt.Errorf("%w: national number %s has %d digits, want %d", ErrNotInPlan, nsn, len(nsn), p.NationalLength)
	}
	if p.NationalPattern != "" {
		pat, err := CompilePattern(p.NationalPattern)
		if err != nil {
			return "", ClassNone, fmt.Errorf("%w: %w", ErrPlan, err)
		}
		if !pat.Match(nsn) {
			return "", ClassNone, fmt.Errorf("%w: national number %s does not match %s", ErrNotInPlan, nsn, p.NationalPattern)
		}
	}
	e164 := "+" + p.CountryCode + nsn
	if len(e164)-1 > maxE164Digits {
		return "", ClassNone, fmt.Errorf("%w: %s has more than %d digits", ErrNotInPlan, e164, maxE164Digits)
	}
	if len(e164)-1 < minE164Digits {
		return "", ClassNone, fmt.Errorf("%w: %s has %d digits, want at least %d", ErrIncomplete, e164, len(e164)-1, minE164Digits)
	}
	if p.AreaCode != "" && strings.HasPrefix(nsn, p.AreaCode) {
		return e164, ClassLocal, nil
	}
	return e164, ClassNational, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
