package main

import (
	"fmt"
	"net/netip"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/dialtone-pbx/dialtone/admin"
	"github.com/dialtone-pbx/dialtone/config"
	"github.com/dialtone-pbx/dialtone/pbx/registrar"
	"github.com/dialtone-pbx/dialtone/pbx/store"
	"github.com/dialtone-pbx/dialtone/sbc"
	"github.com/dialtone-pbx/dialtone/sbc/guard"
)

// adminOptions connects the admin UI and API to the running node: the
// store, the registrar's live contacts, the edge's bans and counters, the
// login policy and what phones need to know to register.
func adminOptions(cfg config.Config, st store.Store, reg *registrar.Registrar, edge *sbc.Edge) []admin.Option {
	return []admin.Option{
		admin.WithStore(st),
		admin.WithPhones(func() []admin.Phone { return phonesOf(reg.List()) }),
		admin.WithBans(edgeBans{edge.Bans()}),
		admin.WithPolicy(admin.Policy{
			SessionIdle: cfg.AdminSessionIdle,
			SessionMax:  cfg.AdminSessionMax,
			LockoutFor:  cfg.AdminLockout,
		}),
		admin.WithSIP(admin.SIPInfo{
			Realm:   cfg.SIPRealm,
			Host:    phoneHost(cfg, edge.Addr("udp").Addr()),
			UDPPort: int(edge.Addr("udp").Port()),
			TLSPort: int(edge.Addr("tls").Port()),
			WSPath:  "/ws",
		}),
		admin.WithConfig(func() []admin.Setting { return configSettings(cfg) }),
		admin.WithHealth(func() map[string]any {
			es, rs := edge.Stats(), reg.Stats()
			return map[string]any{
				"SIP messages received":               es.Received,
				"SIP requests refused (banned)":       es.Banned,
				"SIP requests refused (rate limited)": es.RateLimited,
				"SIP scanners dropped":                es.Scanner,
				"SIP connections open":                es.FlowsActive,
				"Registrations since start":           rs.Registrations,
				"Failed phone logins since start":     rs.AuthFailures,
			}
		}),
		admin.WithVersion(version()),
	}
}

// phonesOf adapts the registrar's contacts.
func phonesOf(cs []registrar.Contact) []admin.Phone {
	out := make([]admin.Phone, 0, len(cs))
	for _, c := range cs {
		out = append(out, admin.Phone{
			Extension: c.Extension, URI: c.URI, Transport: c.Transport, Source: c.Source.String(),
			UserAgent: c.UserAgent, ExpiresAt: c.Expires, Node: c.Node,
		})
	}
	return out
}

// edgeBans adapts the edge's ban list.
type edgeBans struct{ b *guard.BanList }

func (e edgeBans) Bans() []admin.Ban {
	list := e.b.List()
	out := make([]admin.Ban, 0, len(list))
	for _, b := range list {
		out = append(out, admin.Ban{Addr: b.Addr, Reason: b.Reason, Since: b.Since, ExpiresAt: b.Until})
	}
	return out
}

func (e edgeBans) Unban(addr netip.Addr) bool { return e.b.Unban(addr) }

// phoneHost is the address phones are told to register to when the
// settings page names none: the public IP, the SIP listener's own address,
// or this host's first address when listening on all of them.
func phoneHost(cfg config.Config, listen netip.Addr) string {
	switch {
	case cfg.PublicIP != "":
		return cfg.PublicIP
	case listen.IsValid() && !listen.IsUnspecified():
		return listen.String()
	}
	if ip := firstLocalIP(); ip.IsValid() {
		return ip.String()
	}
	return ""
}

// configSettings lists the running configuration for the settings page,
// with the database password masked.
func configSettings(cfg config.Config) []admin.Setting {
	values := map[string]string{}
	v := reflect.ValueOf(cfg)
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		if name == "" {
			continue
		}
		switch x := v.Field(i).Interface().(type) {
		case time.Duration:
			values[name] = x.String()
		case fmt.Stringer:
			values[name] = x.String()
		default:
			values[name] = fmt.Sprint(x)
		}
	}
	if u, err := url.Parse(cfg.DatabaseURL); err == nil && u.User != nil {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			values["database_url"] = u.String()
		}
	}
	var out []admin.Setting
	for _, k := range config.Keys() {
		out = append(out, admin.Setting{Key: k.Name, Value: values[k.Name], Help: k.Help})
	}
	return out
}
