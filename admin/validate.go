package admin

import (
	"net"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/dialtone-pbx/dialtone/pbx/store"
)

// fieldErrors maps a field name (as the form and the JSON name it) to what
// is wrong with it, in words for the person who typed it.
type fieldErrors map[string]string

// validationError is bad input: the API answers 422 with the fields, the
// UI shows each message next to its field. Nothing was written.
type validationError struct{ fields fieldErrors }

func (v *validationError) Error() string {
	keys := make([]string, 0, len(v.fields))
	for k := range v.fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("invalid input: ")
	for i, k := range keys {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + v.fields[k])
	}
	return b.String()
}

func invalid(field, msg string) error { return &validationError{fieldErrors{field: msg}} }

// errOrNil returns the collected errors, if any.
func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	return &validationError{f}
}

func hasControl(s string) bool {
	return strings.IndexFunc(s, unicode.IsControl) >= 0
}

func checkNumber(n string) string {
	if err := store.ValidateNumber(n); err != nil {
		if strings.Contains(err.Error(), "only digits") {
			return "must contain only digits"
		}
		return "must have 2 to 8 digits"
	}
	return ""
}

func checkName(n string) string {
	switch {
	case len(n) > 100:
		return "must be at most 100 characters"
	case hasControl(n):
		return "must not contain control characters"
	}
	return ""
}

// checkSIPPassword is stricter than the CLI: at least 8 characters.
func checkSIPPassword(p string) string {
	switch {
	case len(p) < 8:
		return "must have at least 8 characters (leave it empty to generate one)"
	case len(p) > 128:
		return "must be at most 128 characters"
	case hasControl(p):
		return "must not contain control characters"
	}
	return ""
}

func checkCallerID(v string) string {
	if v == "" {
		return ""
	}
	if len(v) < 3 || len(v) > 16 || v[0] != '+' || v[1] == '0' {
		return "must be an E.164 number like +15551234567"
	}
	for _, r := range v[1:] {
		if r < '0' || r > '9' {
			return "must be an E.164 number like +15551234567"
		}
	}
	return ""
}

// Ring timeouts the UI offers; the store allows up to 10 minutes.
const (
	minRing = 5
	maxRing = 600
)

func checkRing(sec int) string {
	if sec < minRing || sec > maxRing {
		return "must be between " + strconv.Itoa(minRing) + " and " + strconv.Itoa(maxRing) + " seconds"
	}
	return ""
}

func checkPIN(pin string) string {
	if pin == "" {
		return ""
	}
	if err := store.ValidatePIN(pin); err != nil {
		if strings.Contains(err.Error(), "only digits") {
			return "must contain only digits"
		}
		return "must have 4 to 10 digits"
	}
	return ""
}

// checkPhoneHost accepts what phones are told to register to: a host name
// or an IP address, without a port (the ports come from the listeners).
func checkPhoneHost(h string) string {
	if h == "" {
		return ""
	}
	if len(h) > 253 {
		return "must be at most 253 characters"
	}
	if _, err := netip.ParseAddr(h); err == nil {
		return ""
	}
	if _, _, err := net.SplitHostPort(h); err == nil {
		return "give the host only, without a port"
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "must be a host name like pbx.example.com or an IP address"
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return "must be a host name like pbx.example.com or an IP address"
			}
		}
	}
	return ""
}

// checkAdminPassword matches `dialtone admin add`: 10 to 72 characters
// (bcrypt reads no further than 72 bytes).
func checkAdminPassword(p string) string {
	if len(p) < 10 || len(p) > 72 {
		return "must be 10 to 72 characters"
	}
	return ""
}
