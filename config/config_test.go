package config

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadPrecedence(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "d.yaml")
	if err := os.WriteFile(file, []byte("sip_listen: 127.0.0.1:5070\nhttp_listen: 127.0.0.1:8081\nrtp_ports: 30000-30100\nlog_format: json\nconfig_poll: 1s\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, rest, err := Load("serve", []string{"--config", file, "--http-listen", "127.0.0.1:9999", "extra"},
		env(map[string]string{"DIALTONE_SIP_LISTEN": "127.0.0.1:6000", "DIALTONE_HTTP_LISTEN": "127.0.0.1:7000"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.SIPListen != "127.0.0.1:6000" { // env beats file
		t.Errorf("sip_listen = %q", c.SIPListen)
	}
	if c.HTTPListen != "127.0.0.1:9999" { // flag beats env
		t.Errorf("http_listen = %q", c.HTTPListen)
	}
	if c.RTPPorts != (PortRange{30000, 30100}) || c.LogFormat != "json" || c.ConfigPoll != time.Second {
		t.Errorf("file values not applied: %+v", c)
	}
	if c.SIPTLSListen != "0.0.0.0:5061" { // default survives
		t.Errorf("sip_tls_listen = %q", c.SIPTLSListen)
	}
	if len(rest) != 1 || rest[0] != "extra" {
		t.Errorf("rest = %v", rest)
	}
}

func TestLoadErrorsNameTheKey(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		file string
		want string
	}{
		{"bad sip listen", map[string]string{"DIALTONE_SIP_LISTEN": "nonsense"}, nil, "", "sip_listen (DIALTONE_SIP_LISTEN)"},
		{"port out of range", map[string]string{"DIALTONE_HTTP_LISTEN": "127.0.0.1:70000"}, nil, "", `port "70000" is not a port number`},
		{"host name not ip", map[string]string{"DIALTONE_SIP_LISTEN": "example.com:5060"}, nil, "", "is not an IP address"},
		{"rtp reversed", map[string]string{"DIALTONE_RTP_PORTS": "20000-10000"}, nil, "", "high port 10000 must be above low port 20000"},
		{"rtp odd", map[string]string{"DIALTONE_RTP_PORTS": "10001-20000"}, nil, "", "is odd"},
		{"rtp low", map[string]string{"DIALTONE_RTP_PORTS": "80-2000"}, nil, "", "below 1024"},
		{"rtp form", map[string]string{"DIALTONE_RTP_PORTS": "10000"}, nil, "", "LOW-HIGH"},
		{"public ip", map[string]string{"DIALTONE_PUBLIC_IP": "1.2.3"}, nil, "", "public_ip (DIALTONE_PUBLIC_IP)"},
		{"log format", map[string]string{"DIALTONE_LOG_FORMAT": "xml"}, nil, "", "must be one of text, json"},
		{"database url", map[string]string{"DIALTONE_DATABASE_URL": "mysql://x"}, nil, "", "database_url (DIALTONE_DATABASE_URL)"},
		{"flag names source", nil, []string{"--log-level", "loud"}, "", "from --log-level"},
		{"tls half", map[string]string{"DIALTONE_TLS_CERT_FILE": "/x.pem"}, nil, "", "must be set together"},
		{"bad duration", map[string]string{"DIALTONE_CONFIG_POLL": "soon"}, nil, "", "not a duration"},
		{"unknown yaml key", nil, nil, "sip_lisen: 1.2.3.4:5060\n", "field sip_lisen not found"},
		{"bad yaml value", nil, nil, "rtp_ports: 5-4\n", "below 1024"},
		{"missing file", nil, []string{"--config", "/nonexistent/dialtone.yaml"}, "", "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.file != "" {
				f := filepath.Join(t.TempDir(), "c.yaml")
				if err := os.WriteFile(f, []byte(tt.file), 0o600); err != nil {
					t.Fatal(err)
				}
				args = append([]string{"--config", f}, args...)
			}
			_, _, err := Load("serve", args, env(tt.env), io.Discard)
			if err == nil {
				t.Fatalf("want error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestValidationErrorIsInvalid(t *testing.T) {
	_, _, err := Load("serve", nil, env(map[string]string{"DIALTONE_LOG_FORMAT": "xml"}), io.Discard)
	var ce *Error
	if !errors.As(err, &ce) || !errors.Is(err, ErrInvalid) || ce.Key != "log_format" {
		t.Fatalf("err = %v", err)
	}
}

func TestDatabase(t *testing.T) {
	tests := []struct {
		url    string
		driver Driver
		dsn    string
	}{
		{"", DriverSQLite, filepath.Join("d", "dialtone.db")},
		{"postgres://u@h/db", DriverPostgres, "postgres://u@h/db"},
		{"postgresql://u@h/db", DriverPostgres, "postgresql://u@h/db"},
		{"sqlite:/tmp/x.db", DriverSQLite, "/tmp/x.db"},
		{"sqlite:///tmp/x.db", DriverSQLite, "/tmp/x.db"},
	}
	for _, tt := range tests {
		c := Default()
		c.DataDir = "d"
		c.DatabaseURL = tt.url
		d, dsn, err := c.Database()
		if err != nil || d != tt.driver || dsn != tt.dsn {
			t.Errorf("%q: got %v %q %v", tt.url, d, dsn, err)
		}
	}
}

// The documentation and the example file must mention every key, so that
// adding a key without documenting it fails here.
func TestEveryKeyDocumented(t *testing.T) {
	docs, err := os.ReadFile("../docs/configuration.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../packaging/dialtone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if want, err := ReplaceKeyTable(string(docs)); err != nil || want != string(docs) {
		t.Errorf("docs/configuration.md key table is stale (%v): run go run ./config/gendoc docs/configuration.md", err)
	}
	for _, k := range Keys() {
		if !strings.Contains(string(example), k.Name+":") {
			t.Errorf("packaging/dialtone.yaml does not mention %s", k.Name)
		}
	}
}

func TestExampleFileLoads(t *testing.T) {
	c, _, err := Load("serve", []string{"--config", "../packaging/dialtone.yaml"}, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.SIPListen == "" {
		t.Fatal("example did not load")
	}
}

func TestEdgeAndRegistrarKeys(t *testing.T) {
	c, _, err := Load("serve", []string{"--trusted-nets", "10.0.0.0/8, 192.0.2.7"}, env(map[string]string{
		"DIALTONE_BAN_FAILURES": "3", "DIALTONE_REG_MIN_EXPIRES": "30s", "DIALTONE_SIP_RATE_LIMIT": "0",
	}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.BanFailures != 3 || c.RegMinExpires != 30*time.Second || c.SIPRateLimit != 0 {
		t.Fatalf("%+v", c)
	}
	p := c.TrustedPrefixes()
	if len(p) != 2 || p[0].String() != "10.0.0.0/8" || p[1].String() != "192.0.2.7/32" {
		t.Fatalf("trusted = %v", p)
	}
	bad := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"DIALTONE_BAN_FAILURES": "many"}, "not a whole number"},
		{map[string]string{"DIALTONE_BAN_FAILURES": "0"}, "between 1 and 1000"},
		{map[string]string{"DIALTONE_TRUSTED_NETS": "10.0.0.0/33"}, "not a CIDR prefix"},
		{map[string]string{"DIALTONE_REG_MIN_EXPIRES": "2h"}, "must not exceed reg_max_expires"},
		{map[string]string{"DIALTONE_REG_DEFAULT_EXPIRES": "10s"}, "must lie between"},
		{map[string]string{"DIALTONE_SIP_MAX_MESSAGE": "100"}, "sip_max_message"},
	}
	for _, b := range bad {
		if _, _, err := Load("serve", nil, env(b.env), io.Discard); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%v: err %v, want %q", b.env, err, b.want)
		}
	}
}

// An environment variable set to the empty string empties the key (it
// disables TLS for DIALTONE_SIP_TLS_LISTEN=); unset leaves the default.
func TestEmptyEnvironmentValue(t *testing.T) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f := RegisterFlags(fs, func(string) string { return "" })
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	c, err := f.ResolveEnv(func(k string) (string, bool) {
		if k == "DIALTONE_SIP_TLS_LISTEN" {
			return "", true
		}
		return "", false
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.SIPTLSListen != "" || c.SIPListen != Default().SIPListen {
		t.Fatalf("tls %q sip %q", c.SIPTLSListen, c.SIPListen)
	}
}

func TestTrunkKeys(t *testing.T) {
	c, _, err := Load("serve", nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.Country != "1" || c.UnknownDID != "" {
		t.Fatalf("defaults: country %q unknown_did %q", c.Country, c.UnknownDID)
	}
	c, _, err = Load("serve", []string{"--country", "44", "--unknown-did", "100"}, env(nil), io.Discard)
	if err != nil || c.Country != "44" || c.UnknownDID != "100" {
		t.Fatalf("flags: %q %q %v", c.Country, c.UnknownDID, err)
	}
	for _, tc := range []struct{ env, value, want string }{
		{"DIALTONE_COUNTRY", "0", "country (DIALTONE_COUNTRY)"},
		{"DIALTONE_COUNTRY", "1234", "1 to 3 digits"},
		{"DIALTONE_COUNTRY", "+1", "1 to 3 digits"},
		{"DIALTONE_UNKNOWN_DID", "1", "unknown_did (DIALTONE_UNKNOWN_DID)"},
		{"DIALTONE_UNKNOWN_DID", "10x", "2 to 8 digits"},
	} {
		_, _, err := Load("serve", nil, env(map[string]string{tc.env: tc.value}), io.Discard)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s=%q: %v, want %q", tc.env, tc.value, err, tc.want)
		}
	}
}

func TestConferenceRooms(t *testing.T) {
	for _, tc := range []struct {
		rooms, bad string
		in, out    []string
	}{
		{rooms: "800", in: []string{"800"}, out: []string{"801", "80", "8000", ""}},
		{rooms: "800-809, 900", in: []string{"800", "805", "809", "900"}, out: []string{"810", "899", "80a"}},
		{rooms: "", out: []string{"800"}},
		{rooms: "80-800", bad: "same length"},
		{rooms: "809-800", bad: "low first"},
		{rooms: "8x0", bad: "not a room number"},
	} {
		c := Default()
		c.Conferences = tc.rooms
		err := c.Validate()
		if tc.bad != "" {
			if err == nil || !strings.Contains(err.Error(), tc.bad) || !strings.Contains(err.Error(), "conferences") {
				t.Errorf("%q: err %v, want one naming conferences and %q", tc.rooms, err, tc.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.rooms, err)
		}
		for _, n := range tc.in {
			if !c.IsConference(n) {
				t.Errorf("%q: %q should be a room", tc.rooms, n)
			}
		}
		for _, n := range tc.out {
			if c.IsConference(n) {
				t.Errorf("%q: %q should not be a room", tc.rooms, n)
			}
		}
	}
}

func TestCodecList(t *testing.T) {
	c := Default()
	if got := strings.Join(c.CodecList(), ","); got != "PCMU,PCMA,G722,opus" {
		t.Fatalf("default codecs %s", got)
	}
	for v, bad := range map[string]string{"PCMU,G729": "not one of", "PCMU,pcmu": "listed twice", " , ": "at least one"} {
		c.Codecs = v
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), bad) || !strings.Contains(err.Error(), "codecs") {
			t.Errorf("codecs %q: err %v, want %q", v, err, bad)
		}
	}
}
