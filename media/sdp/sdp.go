// Package sdp parses and rewrites SDP session descriptions (RFC 4566) for a
// B2BUA that anchors media: it rewrites addresses, ports and the origin
// (Anchor) and leaves everything it does not understand untouched.
package sdp

import (
	"bytes"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// Limits on what Parse accepts; SDP in SIP is a few hundred bytes to a few
// KiB (a browser's offer with many candidates stays well under 16 KiB).
const (
	MaxSize  = 16 << 10
	MaxLines = 1000
	MaxMedia = 64
)

// ErrSyntax is wrapped by every Parse error.
var ErrSyntax = errors.New("sdp: syntax")

// Session is a parsed session description. Lines Dialtone does not model are
// kept as Fields, in order, byte for byte.
type Session struct {
	Version    string // v=, "0"
	Origin     Origin
	Name       string // s=
	HasName    bool
	Connection *Connection // session-level c=, nil when absent
	Fields     []Field     // other session-level lines: i u e p b t r z k and unknown types
	Attributes []Attribute // session-level a= lines, in order
	Media      []*Media
}

// Origin is the o= line (RFC 4566 §5.2). SessID and SessVersion are kept
// as text: only equality and increments matter, and some peers send values
// that do not fit a uint64.
type Origin struct {
	Username    string
	SessID      string
	SessVersion string
	NetType     string
	AddrType    string
	Address     string
}

// Connection is a c= line (§5.7); Address may carry /ttl for multicast.
type Connection struct {
	NetType  string
	AddrType string
	Address  string
}

// Addr parses the unicast address of a c= line.
func (c Connection) Addr() (netip.Addr, error) {
	a, _, _ := strings.Cut(c.Address, "/")
	ip, err := netip.ParseAddr(a)
	if err != nil {
		return netip.Addr{}, fmt.Errorf("sdp: connection address %q: %w", c.Address, err)
	}
	return ip, nil
}

// Field is a line kept as it came: Type is the letter before '='.
type Field struct {
	Type  byte
	Value string
}

// Attribute is an a= line (§5.13): "a=Key" when Value is empty, else
// "a=Key:Value".
type Attribute struct {
	Key   string
	Value string
}

// Media is one m= section (§5.14).
type Media struct {
	Type       string // audio, video, application, ...
	Port       uint16 // 0 = rejected stream (RFC 3264 §6)
	PortCount  int    // the /n of "port/n"; 0 when absent
	Proto      string // RTP/AVP, RTP/SAVP, UDP/TLS/RTP/SAVPF, ...
	Formats    []string
	Connection *Connection
	Fields     []Field // i b k and unknown types
	Attributes []Attribute
}

// Parse reads a session description. It accepts LF or CRLF line ends and
// ignores empty lines; errors name the line.
func Parse(b []byte) (*Session, error) {
	if len(b) > MaxSize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrSyntax, len(b), MaxSize)
	}
	s := &Session{}
	var m *Media
	lines, seenV, seenO := 0, false, false
	for num := 1; len(b) > 0; num++ {
		var line []byte
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			line, b = b, nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if len(line) == 0 {
			continue
		}
		if lines++; lines > MaxLines {
			return nil, fmt.Errorf("%w: line %d: more than %d lines", ErrSyntax, num, MaxLines)
		}
		if len(line) < 2 || line[1] != '=' || !isLetter(line[0]) {
			return nil, fmt.Errorf("%w: line %d: want <letter>=<value>, got %q", ErrSyntax, num, clip(line))
		}
		typ, val := line[0], string(line[2:])
		if !seenV {
			if typ != 'v' || val != "0" {
				return nil, fmt.Errorf("%w: line %d: must be v=0, got %q", ErrSyntax, num, clip(line))
			}
			s.Version, seenV = val, true
			continue
		}
		if err := parseLine(s, &m, typ, val, &seenO); err != nil {
			return nil, fmt.Errorf("%w: line %d: %w", ErrSyntax, num, err)
		}
		if len(s.Media) > MaxMedia {
			return nil, fmt.Errorf("%w: line %d: more than %d media sections", ErrSyntax, num, MaxMedia)
		}
	}
	if !seenV {
		return nil, fmt.Errorf("%w: empty description", ErrSyntax)
	}
	if !seenO {
		return nil, fmt.Errorf("%w: no o= line", ErrSyntax)
	}
	return s, nil
}

func parseLine(s *Session, mp **Media, typ byte, val string, seenO *bool) error {
	m := *mp
	switch {
	case typ == 'm':
		nm, err := parseMedia(val)
		if err != nil {
			return err
		}
		s.Media = append(s.Media, nm)
		*mp = nm
	case typ == 'v':
		return errors.New("second v= line")
	case typ == 'o' && m == nil:
		if *seenO {
			return errors.New("second o= line")
		}
		o, err := parseOrigin(val)
		if err != nil {
			return err
		}
		s.Origin, *seenO = o, true
	case typ == 's' && m == nil:
		if s.HasName {
			return errors.New("second s= line")
		}
		s.Name, s.HasName = val, true
	case typ == 'c':
		c, err := parseConnection(val)
		if err != nil {
			return err
		}
		target := &s.Connection
		if m != nil {
			target = &m.Connection
		}
		if *target != nil {
			return errors.New("second c= line in one section (multicast layers are not supported)")
		}
		*target = &c
	case typ == 'a':
		a := parseAttribute(val)
		if m != nil {
			m.Attributes = append(m.Attributes, a)
		} else {
			s.Attributes = append(s.Attributes, a)
		}
	default:
		f := Field{Type: typ, Value: val}
		if m != nil {
			m.Fields = append(m.Fields, f)
		} else {
			s.Fields = append(s.Fields, f)
		}
	}
	return nil
}

func parseOrigin(val string) (Origin, error) {
	f := strings.Fields(val)
	if len(f) != 6 {
		return Origin{}, fmt.Errorf("o= needs 6 fields, got %d", len(f))
	}
	for _, n := range f[1:3] {
		if !isDigits(n) {
			return Origin{}, fmt.Errorf("o= session id/version %q is not a number", n)
		}
	}
	return Origin{Username: f[0], SessID: f[1], SessVersion: f[2], NetType: f[3], AddrType: f[4], Address: f[5]}, nil
}

func parseConnection(val string) (Connection, error) {
	f := strings.Fields(val)
	if len(f) != 3 {
		return Connection{}, fmt.Errorf("c= needs 3 fields, got %d", len(f))
	}
	return Connection{NetType: f[0], AddrType: f[1], Address: f[2]}, nil
}

func parseMedia(val string) (*Media, error) {
	f := strings.Fields(val)
	if len(f) < 3 {
		return nil, fmt.Errorf("m= needs media, port and proto, got %q", clip([]byte(val)))
	}
	m := &Media{Type: f[0], Proto: f[2], Formats: f[3:]}
	port, count, hasCount := strings.Cut(f[1], "/")
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("m= port %q: not 0-65535", f[1])
	}
	m.Port = uint16(p)
	if hasCount {
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("m= port count %q", f[1])
		}
		m.PortCount = n
	}
	if len(m.Formats) == 0 {
		m.Formats = nil
	}
	return m, nil
}

func parseAttribute(val string) Attribute {
	k, v, _ := strings.Cut(val, ":")
	return Attribute{Key: k, Value: v}
}

// Marshal writes the description with CRLF line ends. Lines keep their
// order within each kind; c= goes where RFC 4566 §5 puts it.
func (s *Session) Marshal() []byte {
	var b bytes.Buffer
	b.Grow(1024)
	line := func(typ byte, val string) {
		b.WriteByte(typ)
		b.WriteByte('=')
		b.WriteString(val)
		b.WriteString("\r\n")
	}
	v := s.Version
	if v == "" {
		v = "0"
	}
	line('v', v)
	o := s.Origin
	line('o', strings.Join([]string{o.Username, o.SessID, o.SessVersion, o.NetType, o.AddrType, o.Address}, " "))
	if s.HasName {
		line('s', s.Name)
	}
	writeSection(line, s.Fields, s.Connection, s.Attributes, sessionBeforeC)
	for _, m := range s.Media {
		port := strconv.Itoa(int(m.Port))
		if m.PortCount > 0 {
			port += "/" + strconv.Itoa(m.PortCount)
		}
		mv := m.Type + " " + port + " " + m.Proto
		if len(m.Formats) > 0 {
			mv += " " + strings.Join(m.Formats, " ")
		}
		line('m', mv)
		writeSection(line, m.Fields, m.Connection, m.Attributes, mediaBeforeC)
	}
	return b.Bytes()
}

// The letters that RFC 4566 §5 puts before c= in each section.
const (
	sessionBeforeC = "iuep"
	mediaBeforeC   = "i"
)

// knownAfterC are the letters RFC 4566 puts after c=; a field of another,
// unknown, type stays with its neighbours and never moves c=.
const knownAfterC = "btrzk"

func writeSection(line func(byte, string), fields []Field, c *Connection, attrs []Attribute, beforeC string) {
	cDone := c == nil
	writeC := func() {
		if !cDone {
			line('c', c.NetType+" "+c.AddrType+" "+c.Address)
			cDone = true
		}
	}
	for _, f := range fields {
		if !cDone && strings.IndexByte(knownAfterC, f.Type) >= 0 && strings.IndexByte(beforeC, f.Type) < 0 {
			writeC()
		}
		line(f.Type, f.Value)
	}
	writeC()
	for _, a := range attrs {
		if a.Value == "" {
			line('a', a.Key)
		} else {
			line('a', a.Key+":"+a.Value)
		}
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

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

// clip keeps error texts short.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "..."
	}
	return string(b)
}
