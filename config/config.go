// Package config holds Dialtone's one configuration struct and loads it from,
// in order of increasing precedence: defaults, an optional YAML file,
// DIALTONE_* environment variables, and command-line flags.
//
// Every key is described once, in the table returned by Keys; the loader, the
// flag set, the validation errors and docs/configuration.md all follow it.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config is the whole runtime configuration of one Dialtone node.
type Config struct {
	// DataDir holds the SQLite database, generated TLS material and, later,
	// recordings and prompts.
	DataDir string `yaml:"data_dir"`
	// DatabaseURL selects the store: empty means SQLite in DataDir,
	// postgres:// or postgresql:// selects PostgreSQL, sqlite:PATH a SQLite file.
	DatabaseURL string `yaml:"database_url"`
	// SIPListen is the UDP and TCP SIP listener.
	SIPListen string `yaml:"sip_listen"`
	// SIPTLSListen is the SIP over TLS listener.
	SIPTLSListen string `yaml:"sip_tls_listen"`
	// HTTPListen serves the admin UI, the REST API, health and SIP over WebSocket.
	HTTPListen string `yaml:"http_listen"`
	// RTPPorts is the inclusive UDP range for media relay endpoints.
	RTPPorts PortRange `yaml:"rtp_ports"`
	// PublicIP is advertised in SDP and Contact when the node sits behind NAT
	// (EC2, home routers). Empty means the listener's own address.
	PublicIP string `yaml:"public_ip"`
	// LogFormat is text or json.
	LogFormat string `yaml:"log_format"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `yaml:"log_level"`
	// NodeName identifies this node in registrations, CDRs and, later, the HA pair.
	NodeName string `yaml:"node_name"`
	// SIPRealm is the digest authentication realm. Stored password hashes
	// depend on it: changing it requires resetting every SIP password.
	SIPRealm string `yaml:"sip_realm"`
	// TLSCertFile and TLSKeyFile are the SIP TLS certificate; when both are
	// empty a self-signed pair is generated in DataDir.
	TLSCertFile string `yaml:"tls_cert_file"`
	TLSKeyFile  string `yaml:"tls_key_file"`
	// ConfigPoll is how often a running server checks the store for changes
	// made by another process (the CLI, the admin UI of the other node).
	ConfigPoll time.Duration `yaml:"config_poll"`
	// ShutdownGrace bounds how long in-flight work may take on SIGTERM.
	ShutdownGrace time.Duration `yaml:"shutdown_grace"`

	// SIP edge protections.
	SIPMaxMessage int           `yaml:"sip_max_message"` // bytes
	SIPRateLimit  int           `yaml:"sip_rate_limit"`  // requests per second per source IP; 0 disables
	SIPRateBurst  int           `yaml:"sip_rate_burst"`
	BanFailures   int           `yaml:"ban_failures"` // failed authentications ...
	BanWindow     time.Duration `yaml:"ban_window"`   // ... within this time ...
	BanTime       time.Duration `yaml:"ban_time"`     // ... ban the source this long
	TrustedNets   string        `yaml:"trusted_nets"` // comma-separated CIDRs never banned or rate limited
	BlockScanners bool          `yaml:"sip_block_scanners"`

	// Registrar.
	AuthAlgorithms    string        `yaml:"sip_auth_algorithms"` // digest algorithms offered, preferred first
	RegMinExpires     time.Duration `yaml:"reg_min_expires"`
	RegMaxExpires     time.Duration `yaml:"reg_max_expires"`
	RegDefaultExpires time.Duration `yaml:"reg_default_expires"`
	RegMaxContacts    int           `yaml:"reg_max_contacts"`
	NATKeepAlive      time.Duration `yaml:"nat_keepalive"`

	// Admin UI logins.
	AdminSessionIdle time.Duration `yaml:"admin_session_idle"` // a session unused this long ends
	AdminSessionMax  time.Duration `yaml:"admin_session_max"`  // a session ends this long after login
	AdminLockout     time.Duration `yaml:"admin_lockout"`      // how long ten wrong passwords lock an account

	// Calls (B2BUA).
	RingTimeout    time.Duration `yaml:"default_ring_timeout"` // ring this long when the extension sets no time
	RTPTimeout     time.Duration `yaml:"rtp_timeout"`          // hang up a call after this long without RTP
	SessionExpires time.Duration `yaml:"session_expires"`      // RFC 4028 session interval granted by default
	SessionMinSE   time.Duration `yaml:"session_min_se"`       // RFC 4028 smallest session interval accepted
	MediaAddr      string        `yaml:"media_addr"`           // address the RTP relay binds (empty: all)

	// Media server.
	Codecs      string `yaml:"codecs"`       // codec order offered to callees (comma-separated)
	HoldMusic   string `yaml:"moh"`          // music on hold: builtin, off, or a WAV file
	RecordCalls bool   `yaml:"record_calls"` // record every answered call to data_dir/recordings
	Conferences string `yaml:"conferences"`  // conference room numbers: "800" or "800-809,900"

	// Trunks (PSTN).
	Country    string `yaml:"country"`     // E.164 country code dialled numbers are normalised with
	UnknownDID string `yaml:"unknown_did"` // extension taking trunk calls to numbers with no DID; empty: 404
	DNSServers string `yaml:"dns_servers"` // DNS servers for trunk host names (host:port, comma-separated); empty: /etc/resolv.conf

	// WebRTC (the browser softphone at /phone).
	WebRTCPort int `yaml:"webrtc_port"` // the one UDP port of every browser's media (ICE, DTLS-SRTP)
}

// TrustedPrefixes parses TrustedNets (validated at load).
func (c Config) TrustedPrefixes() []netip.Prefix {
	var out []netip.Prefix
	for _, f := range strings.Split(c.TrustedNets, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	return out
}

// PortRange is an inclusive UDP port range written "LOW-HIGH".
type PortRange struct {
	Low, High uint16
}

func (r PortRange) String() string { return fmt.Sprintf("%d-%d", r.Low, r.High) }

// ParsePortRange reads "LOW-HIGH". RTP wants an even first port (RTCP on +1)
// and room for at least one RTP/RTCP pair.
func ParsePortRange(s string) (PortRange, error) {
	lo, hi, ok := strings.Cut(strings.TrimSpace(s), "-")
	if !ok {
		return PortRange{}, errors.New(`want "LOW-HIGH", e.g. "10000-20000"`)
	}
	l, err := strconv.ParseUint(strings.TrimSpace(lo), 10, 16)
	if err != nil {
		return PortRange{}, fmt.Errorf("low port %q is not a port number", lo)
	}
	h, err := strconv.ParseUint(strings.TrimSpace(hi), 10, 16)
	if err != nil {
		return PortRange{}, fmt.Errorf("high port %q is not a port number", hi)
	}
	switch {
	case l < 1024:
		return PortRange{}, fmt.Errorf("low port %d is below 1024", l)
	case l%2 != 0:
		return PortRange{}, fmt.Errorf("low port %d is odd; RTP uses even ports and RTCP the next one", l)
	case h <= l:
		return PortRange{}, fmt.Errorf("high port %d must be above low port %d", h, l)
	}
	return PortRange{Low: uint16(l), High: uint16(h)}, nil
}

// UnmarshalYAML accepts the "LOW-HIGH" form in the YAML file.
func (r *PortRange) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	v, err := ParsePortRange(s)
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Default returns the zero-configuration settings.
func Default() Config {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "dialtone"
	}
	return Config{
		DataDir:       "./data",
		SIPListen:     "0.0.0.0:5060",
		SIPTLSListen:  "0.0.0.0:5061",
		HTTPListen:    "0.0.0.0:8080",
		RTPPorts:      PortRange{Low: 10000, High: 20000},
		LogFormat:     "text",
		LogLevel:      "info",
		NodeName:      host,
		SIPRealm:      "dialtone",
		ConfigPoll:    500 * time.Millisecond,
		ShutdownGrace: 10 * time.Second,

		SIPMaxMessage: 16384,
		SIPRateLimit:  50,
		SIPRateBurst:  100,
		BanFailures:   5,
		BanWindow:     time.Minute,
		BanTime:       time.Hour,
		BlockScanners: true,

		AuthAlgorithms:    "MD5",
		RegMinExpires:     60 * time.Second,
		RegMaxExpires:     time.Hour,
		RegDefaultExpires: time.Hour,
		RegMaxContacts:    10,
		NATKeepAlive:      30 * time.Second,

		AdminSessionIdle: 8 * time.Hour,
		AdminSessionMax:  24 * time.Hour,
		AdminLockout:     15 * time.Minute,

		RingTimeout:    30 * time.Second,
		RTPTimeout:     60 * time.Second,
		Codecs:         "PCMU,PCMA,G722,opus",
		HoldMusic:      "builtin",
		Conferences:    "800",
		SessionExpires: 30 * time.Minute,
		SessionMinSE:   90 * time.Second,

		Country: "1",

		WebRTCPort: 3478,
	}
}

// Error names the key that is wrong and why, so an operator can fix it
// without reading code.
type Error struct {
	Key    string // YAML name of the key
	Env    string // its environment variable
	Value  string
	Reason string
}

func (e *Error) Error() string {
	return fmt.Sprintf("config: %s (%s) = %q: %s", e.Key, e.Env, e.Value, e.Reason)
}

// ErrInvalid is wrapped by every validation error.
var ErrInvalid = errors.New("invalid configuration")

func (e *Error) Unwrap() error { return ErrInvalid }

// Driver is the store implementation a database URL selects.
type Driver string

const (
	DriverSQLite   Driver = "sqlite"
	DriverPostgres Driver = "postgres"
)

// Database resolves DatabaseURL into a driver and its data source: a file
// path for SQLite, the URL itself for PostgreSQL.
func (c Config) Database() (Driver, string, error) {
	u := c.DatabaseURL
	switch {
	case u == "":
		return DriverSQLite, filepath.Join(c.DataDir, "dialtone.db"), nil
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return DriverPostgres, u, nil
	case strings.HasPrefix(u, "sqlite://"):
		return DriverSQLite, strings.TrimPrefix(u, "sqlite://"), nil
	case strings.HasPrefix(u, "sqlite:"):
		return DriverSQLite, strings.TrimPrefix(u, "sqlite:"), nil
	}
	return "", "", errors.New("want empty (SQLite in the data dir), sqlite:PATH, or a postgres:// URL")
}

// Validate checks every key and returns the first problem as an *Error.
func (c Config) Validate() error {
	for _, k := range Keys() {
		if k.check == nil {
			continue
		}
		if reason := k.check(&c); reason != "" {
			return &Error{Key: k.Name, Env: k.Env, Value: k.get(&c), Reason: reason}
		}
	}
	if c.RegMinExpires > c.RegMaxExpires {
		return &Error{Key: "reg_min_expires", Env: "DIALTONE_REG_MIN_EXPIRES", Value: c.RegMinExpires.String(),
			Reason: "must not exceed reg_max_expires (" + c.RegMaxExpires.String() + ")"}
	}
	if c.RegDefaultExpires < c.RegMinExpires || c.RegDefaultExpires > c.RegMaxExpires {
		return &Error{Key: "reg_default_expires", Env: "DIALTONE_REG_DEFAULT_EXPIRES", Value: c.RegDefaultExpires.String(),
			Reason: "must lie between reg_min_expires and reg_max_expires"}
	}
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		return &Error{Key: "tls_key_file", Env: "DIALTONE_TLS_KEY_FILE", Value: c.TLSKeyFile,
			Reason: "tls_cert_file and tls_key_file must be set together"}
	}
	return nil
}

// Load builds a Config from defaults, the YAML file named by --config (or
// DIALTONE_CONFIG), the environment and the flags in args. It returns the
// remaining positional arguments. The flag set's output goes to out.
func Load(name string, args []string, getenv func(string) string, out io.Writer) (Config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	f := RegisterFlags(fs, getenv)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: dialtone %s [flags]\n\nFlags override environment variables, which override the config file.\n\n", name)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return Default(), nil, err
	}
	c, err := f.Resolve(getenv)
	return c, fs.Args(), err
}

// Flags are the configuration flags registered on a command's flag set, so
// every sub-command accepts --config, --data-dir, --database-url, ...
type Flags struct {
	fs         *flag.FlagSet
	configFile *string
	vals       map[string]*string
}

// RegisterFlags adds --config and one flag per key to fs.
func RegisterFlags(fs *flag.FlagSet, getenv func(string) string) *Flags {
	f := &Flags{fs: fs, vals: map[string]*string{}}
	f.configFile = fs.String("config", getenv("DIALTONE_CONFIG"), "YAML configuration file (env DIALTONE_CONFIG)")
	for _, k := range Keys() {
		f.vals[k.Name] = fs.String(k.Flag, "", fmt.Sprintf("%s (env %s, default %q)", k.Help, k.Env, k.Default))
	}
	return f
}

// Resolve applies defaults, the file, the environment and the parsed flags,
// in that order, and validates the result. An empty environment variable
// counts as unset; use ResolveEnv to honour set-but-empty values.
func (f *Flags) Resolve(getenv func(string) string) (Config, error) {
	return f.ResolveEnv(func(k string) (string, bool) {
		v := getenv(k)
		return v, v != ""
	})
}

// ResolveEnv is Resolve with os.LookupEnv semantics: a variable set to the
// empty string sets the key to empty (DIALTONE_SIP_TLS_LISTEN= disables TLS).
func (f *Flags) ResolveEnv(lookup func(string) (string, bool)) (Config, error) {
	c := Default()
	if *f.configFile != "" {
		if err := loadFile(&c, *f.configFile); err != nil {
			return c, err
		}
	}
	set := map[string]bool{}
	f.fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	source := map[string]string{} // key -> where its value came from
	for _, k := range Keys() {
		v, ok := lookup(k.Env)
		from := k.Env
		if set[k.Flag] {
			v, from = *f.vals[k.Name], "--"+k.Flag
		} else if !ok {
			continue
		}
		source[k.Name] = from
		if reason := k.set(&c, v); reason != "" {
			return c, &Error{Key: k.Name, Env: k.Env, Value: v, Reason: reason + " (from " + from + ")"}
		}
	}
	if err := c.Validate(); err != nil {
		var ce *Error
		if errors.As(err, &ce) && source[ce.Key] != "" {
			ce.Reason += " (from " + source[ce.Key] + ")"
		}
		return c, err
	}
	return c, nil
}

func loadFile(c *Config, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	dec := yaml.NewDecoder(f)
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("config: %s: %w", path, err)
	}
	return nil
}

// Key describes one configuration key for the loader, flags and docs.
type Key struct {
	Name    string // YAML key
	Env     string
	Flag    string
	Default string
	Help    string
	get     func(*Config) string
	set     func(*Config, string) string // returns a reason on failure
	check   func(*Config) string
}

// Keys lists every configuration key in documentation order.
func Keys() []Key {
	d := Default()
	str := func(name, env, flagName, help string, p func(*Config) *string, check func(string) string) Key {
		return Key{
			Name: name, Env: env, Flag: flagName, Help: help, Default: *p(&d),
			get: func(c *Config) string { return *p(c) },
			set: func(c *Config, v string) string { *p(c) = v; return "" },
			check: func(c *Config) string {
				if check == nil {
					return ""
				}
				return check(*p(c))
			},
		}
	}
	dur := func(name, env, flagName, help string, p func(*Config) *time.Duration, min time.Duration) Key {
		return Key{
			Name: name, Env: env, Flag: flagName, Help: help, Default: p(&d).String(),
			get: func(c *Config) string { return p(c).String() },
			set: func(c *Config, v string) string {
				x, err := time.ParseDuration(v)
				if err != nil {
					return "not a duration (e.g. 500ms, 10s)"
				}
				*p(c) = x
				return ""
			},
			check: func(c *Config) string {
				if *p(c) < min {
					return "must be at least " + min.String()
				}
				return ""
			},
		}
	}
	integer := func(name, env, flagName, help string, p func(*Config) *int, min, max int) Key {
		return Key{
			Name: name, Env: env, Flag: flagName, Help: help, Default: strconv.Itoa(*p(&d)),
			get: func(c *Config) string { return strconv.Itoa(*p(c)) },
			set: func(c *Config, v string) string {
				x, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil {
					return "not a whole number"
				}
				*p(c) = x
				return ""
			},
			check: func(c *Config) string {
				if v := *p(c); v < min || v > max {
					return fmt.Sprintf("must be between %d and %d", min, max)
				}
				return ""
			},
		}
	}
	boolean := func(name, env, flagName, help string, p func(*Config) *bool) Key {
		return Key{
			Name: name, Env: env, Flag: flagName, Help: help, Default: strconv.FormatBool(*p(&d)),
			get: func(c *Config) string { return strconv.FormatBool(*p(c)) },
			set: func(c *Config, v string) string {
				x, err := strconv.ParseBool(strings.TrimSpace(v))
				if err != nil {
					return "want true or false"
				}
				*p(c) = x
				return ""
			},
		}
	}
	return []Key{
		str("data_dir", "DIALTONE_DATA_DIR", "data-dir", "directory for the SQLite database, TLS material and recordings",
			func(c *Config) *string { return &c.DataDir }, nonEmpty),
		{
			Name: "database_url", Env: "DIALTONE_DATABASE_URL", Flag: "database-url",
			Help:    "store: empty for SQLite in the data dir, sqlite:PATH, or postgres://USER:PASS@HOST:PORT/DB",
			Default: "",
			get:     func(c *Config) string { return c.DatabaseURL },
			set:     func(c *Config, v string) string { c.DatabaseURL = v; return "" },
			check: func(c *Config) string {
				if _, _, err := c.Database(); err != nil {
					return err.Error()
				}
				return ""
			},
		},
		str("sip_listen", "DIALTONE_SIP_LISTEN", "sip-listen", "SIP UDP and TCP listener HOST:PORT",
			func(c *Config) *string { return &c.SIPListen }, hostPort),
		str("sip_tls_listen", "DIALTONE_SIP_TLS_LISTEN", "sip-tls-listen", "SIP TLS listener HOST:PORT (empty disables TLS)",
			func(c *Config) *string { return &c.SIPTLSListen }, optional(hostPort)),
		str("http_listen", "DIALTONE_HTTP_LISTEN", "http-listen", "HTTP listener for the admin UI, API, health and SIP over WebSocket",
			func(c *Config) *string { return &c.HTTPListen }, hostPort),
		{
			Name: "rtp_ports", Env: "DIALTONE_RTP_PORTS", Flag: "rtp-ports",
			Help: "inclusive UDP port range LOW-HIGH for media relay", Default: d.RTPPorts.String(),
			get: func(c *Config) string { return c.RTPPorts.String() },
			set: func(c *Config, v string) string {
				r, err := ParsePortRange(v)
				if err != nil {
					return err.Error()
				}
				c.RTPPorts = r
				return ""
			},
			check: func(c *Config) string {
				if _, err := ParsePortRange(c.RTPPorts.String()); err != nil {
					return err.Error()
				}
				return ""
			},
		},
		str("public_ip", "DIALTONE_PUBLIC_IP", "public-ip", "address advertised in SDP and Contact when behind NAT or on EC2",
			func(c *Config) *string { return &c.PublicIP }, optional(ipAddr)),
		str("log_format", "DIALTONE_LOG_FORMAT", "log-format", "log format: text or json",
			func(c *Config) *string { return &c.LogFormat }, oneOf("text", "json")),
		str("log_level", "DIALTONE_LOG_LEVEL", "log-level", "log level: debug, info, warn or error",
			func(c *Config) *string { return &c.LogLevel }, oneOf("debug", "info", "warn", "error")),
		str("node_name", "DIALTONE_NODE_NAME", "node-name", "name of this node in registrations and CDRs (default: host name)",
			func(c *Config) *string { return &c.NodeName }, nodeName),
		str("sip_realm", "DIALTONE_SIP_REALM", "sip-realm", "digest authentication realm; changing it invalidates stored SIP passwords",
			func(c *Config) *string { return &c.SIPRealm }, realm),
		str("tls_cert_file", "DIALTONE_TLS_CERT_FILE", "tls-cert", "PEM certificate for SIP TLS (empty: self-signed in the data dir)",
			func(c *Config) *string { return &c.TLSCertFile }, nil),
		str("tls_key_file", "DIALTONE_TLS_KEY_FILE", "tls-key", "PEM private key for SIP TLS",
			func(c *Config) *string { return &c.TLSKeyFile }, nil),
		dur("config_poll", "DIALTONE_CONFIG_POLL", "config-poll", "how often to look for configuration changes made by other processes",
			func(c *Config) *time.Duration { return &c.ConfigPoll }, 50*time.Millisecond),
		dur("shutdown_grace", "DIALTONE_SHUTDOWN_GRACE", "shutdown-grace", "time allowed for in-flight work on shutdown",
			func(c *Config) *time.Duration { return &c.ShutdownGrace }, 0),
		integer("sip_max_message", "DIALTONE_SIP_MAX_MESSAGE", "sip-max-message", "largest SIP message accepted, in bytes",
			func(c *Config) *int { return &c.SIPMaxMessage }, 1024, 65535),
		integer("sip_rate_limit", "DIALTONE_SIP_RATE_LIMIT", "sip-rate-limit", "SIP requests per second allowed from one source IP (0 disables)",
			func(c *Config) *int { return &c.SIPRateLimit }, 0, 1000000),
		integer("sip_rate_burst", "DIALTONE_SIP_RATE_BURST", "sip-rate-burst", "burst of SIP requests allowed above the rate from one source IP",
			func(c *Config) *int { return &c.SIPRateBurst }, 1, 1000000),
		integer("ban_failures", "DIALTONE_BAN_FAILURES", "ban-failures", "failed authentications from one source IP within ban_window that ban it",
			func(c *Config) *int { return &c.BanFailures }, 1, 1000),
		dur("ban_window", "DIALTONE_BAN_WINDOW", "ban-window", "window in which ban_failures failures ban a source",
			func(c *Config) *time.Duration { return &c.BanWindow }, time.Second),
		dur("ban_time", "DIALTONE_BAN_TIME", "ban-time", "how long a source stays banned",
			func(c *Config) *time.Duration { return &c.BanTime }, time.Second),
		str("trusted_nets", "DIALTONE_TRUSTED_NETS", "trusted-nets", "comma-separated CIDRs never banned or rate limited",
			func(c *Config) *string { return &c.TrustedNets }, cidrList),
		boolean("sip_block_scanners", "DIALTONE_SIP_BLOCK_SCANNERS", "sip-block-scanners", "drop requests from known scanners (friendly-scanner, sipvicious, ...) without an answer",
			func(c *Config) *bool { return &c.BlockScanners }),
		str("sip_auth_algorithms", "DIALTONE_SIP_AUTH_ALGORITHMS", "sip-auth-algorithms", "digest algorithms offered to phones, preferred first: MD5, SHA-256 or both (e.g. SHA-256,MD5)",
			func(c *Config) *string { return &c.AuthAlgorithms }, algorithms),
		dur("reg_min_expires", "DIALTONE_REG_MIN_EXPIRES", "reg-min-expires", "shortest registration accepted (shorter gets 423 with Min-Expires)",
			func(c *Config) *time.Duration { return &c.RegMinExpires }, time.Second),
		dur("reg_max_expires", "DIALTONE_REG_MAX_EXPIRES", "reg-max-expires", "longest registration granted (longer is shortened)",
			func(c *Config) *time.Duration { return &c.RegMaxExpires }, time.Second),
		dur("reg_default_expires", "DIALTONE_REG_DEFAULT_EXPIRES", "reg-default-expires", "registration time when the phone asks for none",
			func(c *Config) *time.Duration { return &c.RegDefaultExpires }, time.Second),
		integer("reg_max_contacts", "DIALTONE_REG_MAX_CONTACTS", "reg-max-contacts", "most contacts (phones) registered per extension",
			func(c *Config) *int { return &c.RegMaxContacts }, 1, 100),
		dur("nat_keepalive", "DIALTONE_NAT_KEEPALIVE", "nat-keepalive", "OPTIONS keep-alive interval to phones registered over UDP from behind NAT (0 disables)",
			func(c *Config) *time.Duration { return &c.NATKeepAlive }, 0),
		dur("admin_session_idle", "DIALTONE_ADMIN_SESSION_IDLE", "admin-session-idle", "an admin UI session unused this long ends",
			func(c *Config) *time.Duration { return &c.AdminSessionIdle }, time.Minute),
		dur("admin_session_max", "DIALTONE_ADMIN_SESSION_MAX", "admin-session-max", "an admin UI session ends this long after login, used or not",
			func(c *Config) *time.Duration { return &c.AdminSessionMax }, time.Minute),
		dur("admin_lockout", "DIALTONE_ADMIN_LOCKOUT", "admin-lockout", "how long ten wrong passwords in a row lock an admin account",
			func(c *Config) *time.Duration { return &c.AdminLockout }, time.Second),
		dur("default_ring_timeout", "DIALTONE_DEFAULT_RING_TIMEOUT", "default-ring-timeout", "how long a call rings an extension that sets no ring time of its own",
			func(c *Config) *time.Duration { return &c.RingTimeout }, time.Second),
		dur("rtp_timeout", "DIALTONE_RTP_TIMEOUT", "rtp-timeout", "hang up an answered call after this long without RTP in either direction",
			func(c *Config) *time.Duration { return &c.RTPTimeout }, time.Second),
		dur("session_expires", "DIALTONE_SESSION_EXPIRES", "session-expires", "RFC 4028 session interval granted to a caller that supports session timers and asks for none",
			func(c *Config) *time.Duration { return &c.SessionExpires }, 90*time.Second),
		dur("session_min_se", "DIALTONE_SESSION_MIN_SE", "session-min-se", "smallest RFC 4028 session interval accepted (smaller gets 422 with Min-SE)",
			func(c *Config) *time.Duration { return &c.SessionMinSE }, 90*time.Second),
		str("media_addr", "DIALTONE_MEDIA_ADDR", "media-addr", "IP address the RTP relay binds to (empty: all addresses; SDP carries public_ip, else the address each phone reached us on)",
			func(c *Config) *string { return &c.MediaAddr }, optional(ipAddr)),
		str("codecs", "DIALTONE_CODECS", "codecs", "codecs offered to a callee after the caller's own, in order of preference (PCMU, PCMA, G722, opus); a callee that supports none of the caller's codecs gets a transcoded call",
			func(c *Config) *string { return &c.Codecs }, codecList),
		str("moh", "DIALTONE_MOH", "moh", "music on hold played to a phone whose other side holds the call: builtin (the shipped loop), off (the hold is passed on to the other phone), or the path of a 16-bit PCM WAV file (8, 16 or 48 kHz)",
			func(c *Config) *string { return &c.HoldMusic }, nonEmpty),
		boolean("record_calls", "DIALTONE_RECORD_CALLS", "record-calls", "record every answered call, both sides in stereo, to data_dir/recordings (recordings can also be started per call with dialtone call record)",
			func(c *Config) *bool { return &c.RecordCalls }),
		str("conferences", "DIALTONE_CONFERENCES", "conferences", "conference room numbers callers dial to meet (e.g. 800 or 800-809,900); an extension with the same number wins; empty: none",
			func(c *Config) *string { return &c.Conferences }, roomList),
		str("country", "DIALTONE_COUNTRY", "country", "E.164 country code (1 to 3 digits) that dialled numbers and national-form DIDs are normalised with: 1 is the North American plan (10-digit and 1+10-digit dialling, 011 abroad, 911); others dial 00 abroad, 0 before national numbers, 112",
			func(c *Config) *string { return &c.Country }, countryCode),
		str("unknown_did", "DIALTONE_UNKNOWN_DID", "unknown-did", "extension that takes calls from a trunk to a number with no inbound route (DID); empty refuses them with 404",
			func(c *Config) *string { return &c.UnknownDID }, optional(extensionNumber)),
		str("dns_servers", "DIALTONE_DNS_SERVERS", "dns-servers", "DNS servers that resolve trunk host names (RFC 3263 NAPTR, SRV, A/AAAA), as host:port or address, comma-separated, tried in order; empty: those of /etc/resolv.conf",
			func(c *Config) *string { return &c.DNSServers }, optional(hostPortList)),
		{
			Name: "webrtc_port", Env: "DIALTONE_WEBRTC_PORT", Flag: "webrtc-port",
			Help: "UDP port of all browser (WebRTC) media, ICE and DTLS-SRTP multiplexed; open it to the browsers. " +
				"3478 (the STUN port) passes most firewalls that allow WebRTC; 0 picks a free port at start (tests)",
			Default: strconv.Itoa(d.WebRTCPort),
			get:     func(c *Config) string { return strconv.Itoa(c.WebRTCPort) },
			set: func(c *Config, v string) string {
				x, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil {
					return "not a whole number"
				}
				c.WebRTCPort = x
				return ""
			},
			check: func(c *Config) string {
				p := c.WebRTCPort
				switch {
				case p < 0 || p > 65535:
					return "must be between 0 and 65535"
				case p != 0 && p >= int(c.RTPPorts.Low) && p <= int(c.RTPPorts.High)+1:
					return fmt.Sprintf("must be outside rtp_ports (%s): the relay uses those", c.RTPPorts)
				}
				return ""
			},
		},
	}
}

// CodecList splits Codecs (validated at load).
func (c Config) CodecList() []string {
	var out []string
	for _, f := range strings.Split(c.Codecs, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func codecList(v string) string {
	seen := map[string]bool{}
	n := 0
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		switch strings.ToLower(f) {
		case "pcmu", "pcma", "g722", "opus":
		default:
			return fmt.Sprintf("%q is not one of PCMU, PCMA, G722, opus", f)
		}
		if seen[strings.ToLower(f)] {
			return f + " is listed twice"
		}
		seen[strings.ToLower(f)] = true
		n++
	}
	if n == 0 {
		return "must name at least one codec"
	}
	return ""
}

func nonEmpty(v string) string {
	if strings.TrimSpace(v) == "" {
		return "must not be empty"
	}
	return ""
}

func optional(f func(string) string) func(string) string {
	return func(v string) string {
		if v == "" {
			return ""
		}
		return f(v)
	}
}

func hostPort(v string) string {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		return "want HOST:PORT, e.g. 0.0.0.0:5060"
	}
	if host != "" {
		if _, err := netip.ParseAddr(host); err != nil {
			return fmt.Sprintf("host %q is not an IP address", host)
		}
	}
	if p, err := strconv.ParseUint(port, 10, 16); err != nil || (p == 0 && port != "0") {
		return fmt.Sprintf("port %q is not a port number", port)
	}
	return ""
}

func ipAddr(v string) string {
	a, err := netip.ParseAddr(v)
	if err != nil {
		return "not an IP address"
	}
	if a.IsUnspecified() || a.IsMulticast() {
		return "must be a unicast address"
	}
	return ""
}

func oneOf(allowed ...string) func(string) string {
	return func(v string) string {
		for _, a := range allowed {
			if v == a {
				return ""
			}
		}
		return "must be one of " + strings.Join(allowed, ", ")
	}
}

func nodeName(v string) string {
	if v == "" {
		return "must not be empty"
	}
	if len(v) > 64 || strings.ContainsAny(v, " \t\r\n\"'") {
		return "must be at most 64 characters without spaces or quotes"
	}
	return ""
}

// Algorithms splits AuthAlgorithms (validated at load).
func (c Config) Algorithms() []string {
	var out []string
	for _, f := range strings.Split(c.AuthAlgorithms, ",") {
		if f = strings.ToUpper(strings.TrimSpace(f)); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func algorithms(v string) string {
	seen := map[string]bool{}
	for _, f := range strings.Split(v, ",") {
		f = strings.ToUpper(strings.TrimSpace(f))
		if f != "MD5" && f != "SHA-256" {
			return fmt.Sprintf("%q is not MD5 or SHA-256", f)
		}
		if seen[f] {
			return f + " is listed twice"
		}
		seen[f] = true
	}
	return ""
}

func cidrList(v string) string {
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if _, err := netip.ParsePrefix(f); err != nil {
			if _, err := netip.ParseAddr(f); err != nil {
				return fmt.Sprintf("%q is not a CIDR prefix or an IP address", f)
			}
		}
	}
	return ""
}

func realm(v string) string {
	if v == "" {
		return "must not be empty"
	}
	if strings.ContainsAny(v, "\"\\\r\n") {
		return "must not contain quotes, backslashes or line breaks"
	}
	return ""
}

// countryCode is an E.164 country code: 1 to 3 digits, not starting with 0
// (ITU-T E.164 §6.2.1).
func countryCode(v string) string {
	if len(v) < 1 || len(v) > 3 || v[0] == '0' || strings.Trim(v, "0123456789") != "" {
		return "must be a country code of 1 to 3 digits, e.g. 1 or 44"
	}
	return ""
}

// extensionNumber is an extension number: 2 to 8 digits.
func extensionNumber(v string) string {
	if len(v) < 2 || len(v) > 8 || strings.Trim(v, "0123456789") != "" {
		return "must be an extension number (2 to 8 digits)"
	}
	return ""
}

// IsConference reports whether number is one of Conferences (validated at
// load).
func (c Config) IsConference(number string) bool {
	for _, f := range strings.Split(c.Conferences, ",") {
		lo, hi, ok := strings.Cut(strings.TrimSpace(f), "-")
		if !ok {
			hi = lo
		}
		if lo == "" || len(number) != len(lo) || len(lo) != len(hi) {
			continue
		}
		if number >= lo && number <= hi && allDigits(number) {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func roomList(v string) string {
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		lo, hi, ok := strings.Cut(f, "-")
		if !ok {
			hi = lo
		}
		if !allDigits(lo) || !allDigits(hi) || len(lo) > 15 {
			return fmt.Sprintf("%q is not a room number or a range of them (e.g. 800-809)", f)
		}
		if len(lo) != len(hi) || lo > hi {
			return fmt.Sprintf("%q: a range needs two numbers of the same length, low first", f)
		}
	}
	return ""
}

// DNSServerList splits DNSServers (validated at load).
func (c Config) DNSServerList() []string {
	var out []string
	for _, f := range strings.Split(c.DNSServers, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func hostPortList(v string) string {
	for _, f := range strings.Split(v, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, err := netip.ParseAddr(f); err == nil {
			continue
		}
		if _, err := netip.ParseAddrPort(f); err != nil {
			return fmt.Sprintf("%q is not an IP address or address:port", f)
		}
	}
	return ""
}
