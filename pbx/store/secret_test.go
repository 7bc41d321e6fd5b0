package store

import (
	"errors"
	"strings"
	"testing"

	"github.com/dialtone-pbx/dialtone/pbx/registrar/digest"
)

func TestSetPasswordKeepsOnlyHA1(t *testing.T) {
	e := Extension{Number: "101"}
	e.SetPassword("dialtone", "long-secret")
	if e.Realm != "dialtone" || e.HA1MD5 != digest.HA1(digest.MD5, "101", "dialtone", "long-secret") ||
		e.HA1SHA256 != digest.HA1(digest.SHA256, "101", "dialtone", "long-secret") {
		t.Fatalf("got %+v", e)
	}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateSIPPassword(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", "must not be empty"},
		{strings.Repeat("x", 129), "longer than 128"},
		{"abc\ndef", "control characters"},
		{"good-password", ""},
	} {
		err := ValidateSIPPassword(tt.in)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.in, err)
			}
			continue
		}
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err %v, want %q", tt.in, err, tt.want)
		}
	}
}

func TestVoicemailPIN(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"123", "4 to 10 digits"},
		{"12345678901", "4 to 10 digits"},
		{"12a4", "only digits"},
	} {
		var e Extension
		if err := e.SetVoicemailPIN(tt.in); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: err %v, want %q", tt.in, err, tt.want)
		}
		if e.VoicemailPIN != "" {
			t.Errorf("%q: refused PIN was kept", tt.in)
		}
	}
	var e Extension
	if err := e.SetVoicemailPIN("0042"); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.VoicemailPIN, "0042") || !e.CheckVoicemailPIN("0042") || e.CheckVoicemailPIN("0043") {
		t.Fatalf("hash %q", e.VoicemailPIN)
	}
}
