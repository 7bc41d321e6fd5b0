package store

import (
	"fmt"
	"unicode"

	"golang.org/x/crypto/bcrypt"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
)

// ValidateSIPPassword refuses SIP passwords that cannot be used safely:
// empty, longer than 128 characters, or with control characters.
func ValidateSIPPassword(p string) error {
	if p == "" {
		return fmt.Errorf("%w: password must not be empty", ErrInvalid)
	}
	if len(p) > 128 {
		return fmt.Errorf("%w: password is longer than 128 characters", ErrInvalid)
	}
	for _, r := range p {
		if unicode.IsControl(r) {
			return fmt.Errorf("%w: password must not contain control characters", ErrInvalid)
		}
	}
	return nil
}

// SetPassword keeps the SIP password only as its digest HA1 values for
// realm (RFC 8760: one per algorithm), never the password itself. The CLI
// and the admin UI both set passwords through here.
func (e *Extension) SetPassword(realm, password string) {
	e.Realm = realm
	e.HA1MD5 = digest.HA1(digest.MD5, e.Number, realm, password)
	e.HA1SHA256 = digest.HA1(digest.SHA256, e.Number, realm, password)
}

// ValidatePIN checks a voicemail PIN: 4 to 10 digits.
func ValidatePIN(pin string) error {
	if len(pin) < 4 || len(pin) > 10 {
		return fmt.Errorf("%w: voicemail PIN must have 4 to 10 digits", ErrInvalid)
	}
	for _, c := range pin {
		if c < '0' || c > '9' {
			return fmt.Errorf("%w: voicemail PIN must contain only digits", ErrInvalid)
		}
	}
	return nil
}

// SetVoicemailPIN keeps pin as a bcrypt hash; "" removes the PIN. A PIN
// has few digits, so the slow hash is what stands between a copy of the
// database and every mailbox.
func (e *Extension) SetVoicemailPIN(pin string) error {
	if pin == "" {
		e.VoicemailPIN = ""
		return nil
	}
	if err := ValidatePIN(pin); err != nil {
		return err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("hash voicemail PIN: %w", err)
	}
	e.VoicemailPIN = string(h)
	return nil
}

// CheckVoicemailPIN reports whether pin is the extension's voicemail PIN.
func (e Extension) CheckVoicemailPIN(pin string) bool {
	return e.VoicemailPIN != "" && bcrypt.CompareHashAndPassword([]byte(e.VoicemailPIN), []byte(pin)) == nil
}
