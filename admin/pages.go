package admin

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/dialtone-pbx/dialtone/web"
)

// navItem is one entry of the navigation. Entries for features that do not
// exist yet are listed, not linked: each later issue flips Ready and adds
// its page.
type navItem struct {
	Group, Label, Path string
	Ready              bool
	Current            bool
}

var navigation = []navItem{
	{Group: "Live", Label: "Dashboard", Path: "/", Ready: true},
	{Group: "Live", Label: "Registrations", Path: "/registrations", Ready: true},
	{Group: "Phones and routing", Label: "Extensions", Path: "/extensions", Ready: true},
	{Group: "Phones and routing", Label: "Ring groups", Path: "/ring-groups"},
	{Group: "Phones and routing", Label: "IVR", Path: "/ivr"},
	{Group: "Phones and routing", Label: "Voicemail", Path: "/voicemail"},
	{Group: "Phones and routing", Label: "Trunks", Path: "/trunks", Ready: true},
	{Group: "Phones and routing", Label: "Inbound routes", Path: "/routes/inbound", Ready: true},
	{Group: "Phones and routing", Label: "Outbound routes", Path: "/routes/outbound", Ready: true},
	{Group: "Records", Label: "Call records", Path: "/cdrs", Ready: true},
	{Group: "Records", Label: "Audit log", Path: "/audit", Ready: true},
	{Group: "System", Label: "Bans", Path: "/bans", Ready: true},
	{Group: "System", Label: "API tokens", Path: "/tokens", Ready: true},
	{Group: "System", Label: "Settings", Path: "/settings", Ready: true},
}

// page is what every template gets.
type page struct {
	Title   string
	Page    string // template name, also the body's data-page
	Org     string
	User    *principal
	CSRF    string
	Nav     []navItem
	Flash   string
	Data    any
	Version string
}

var templateFuncs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "—"
		}
		return t.Local().Format("2006-01-02 15:04:05")
	},
	"iso": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	},
	"dur": func(d time.Duration) string {
		d = d.Round(time.Second)
		if d >= time.Hour {
			return fmt.Sprintf("%d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
		}
		return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
	},
	"secs": func(f float64) string { return fmt.Sprintf("%.0f s", f) },
	"pct":  func(f float64) string { return fmt.Sprintf("%.1f %%", f) },
	"ms":   func(f float64) string { return fmt.Sprintf("%.1f ms", f) },
	"mos": func(f float64) string {
		if f == 0 {
			return "—"
		}
		return fmt.Sprintf("%.2f", f)
	},
	"bytes": func(n uint64) string {
		switch {
		case n >= 1<<30:
			return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
		case n >= 1<<20:
			return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
		}
		return fmt.Sprintf("%d KiB", n/1024)
	},
	"uptime": func(sec int64) string {
		d := time.Duration(sec) * time.Second
		days := int(d.Hours()) / 24
		if days > 0 {
			return fmt.Sprintf("%d d %d h", days, int(d.Hours())%24)
		}
		return fmt.Sprintf("%d h %d min", int(d.Hours()), int(d.Minutes())%60)
	},
	"until": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Local().Format("2006-01-02 15:04")
	},
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
}

// mustParsePages parses each page template together with the layout, so
// every page defines its own "content".
func mustParsePages() map[string]*template.Template {
	tfs := web.AdminTemplates()
	names, err := fs.Glob(tfs, "*.html")
	if err != nil {
		panic(err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		if n == "layout.html" {
			continue
		}
		t := template.Must(template.New("").Funcs(templateFuncs).ParseFS(tfs, "layout.html", n))
		pages[strings.TrimSuffix(n, ".html")] = t
	}
	return pages
}

// secure sets the headers every page carries: no framing, no inline
// script or style (Content-Security-Policy), no caching of what a
// logged-in user sees.
func secure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		return next(c)
	}
}

// render writes a page whole, or fails with nothing sent.
func (s *Server) render(c echo.Context, code int, name, title string, data any) error {
	t := s.pages[name]
	if t == nil {
		return fmt.Errorf("admin: no template %q", name)
	}
	p := page{Title: title, Page: name, Org: "Dialtone", Data: data, Version: s.version, User: principalOf(c)}
	if org, err := s.getSetting(c.Request().Context(), settingOrgName); err == nil && org != "" {
		p.Org = org
	}
	if p.User != nil {
		p.CSRF = p.User.CSRF()
		path := c.Request().URL.Path
		for _, n := range navigation {
			n.Current = n.Ready && (n.Path == path || n.Path != "/" && strings.HasPrefix(path, n.Path+"/"))
			p.Nav = append(p.Nav, n)
		}
	}
	p.Flash = flashText(c.QueryParam("done"), c.QueryParam("n"))
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("admin: render %s: %w", name, err)
	}
	return c.HTMLBlob(code, buf.Bytes())
}

// flashText says what the last form did; only known messages are shown,
// so a link cannot put words in the page.
func flashText(done, n string) string {
	if checkNumber(n) != "" {
		n = ""
	}
	switch done {
	case "created":
		return "Extension " + n + " created."
	case "saved":
		return "Extension " + n + " saved."
	case "deleted":
		return "Extension " + n + " deleted."
	case "enabled":
		return "Extension " + n + " enabled."
	case "disabled":
		return "Extension " + n + " disabled."
	case "ban-lifted":
		return "Ban lifted."
	case "bans-cleared":
		return "All bans lifted."
	case "settings":
		return "Settings saved."
	case "password":
		return "Your password was changed."
	case "unlocked":
		return "User unlocked."
	case "revoked":
		return "Token revoked."
	case "trunk-added":
		return "Trunk added."
	case "trunk-removed":
		return "Trunk removed."
	case "did-added":
		return "Inbound route added."
	case "did-removed":
		return "Inbound route removed."
	case "route-added":
		return "Outbound route added."
	case "route-removed":
		return "Outbound route removed."
	}
	return ""
}

func (s *Server) errorPage(c echo.Context, code int, msg string) {
	data := map[string]any{"Code": code, "Status": http.StatusText(code), "Message": msg}
	if err := s.render(c, code, "error", http.StatusText(code), data); err != nil {
		s.log.Warn("error page failed", "err", err)
		_ = c.String(code, msg)
	}
}
