// Package phone serves Dialtone's browser softphone: one HTML page, its
// script and style sheet and the vendored JsSIP, all embedded. The admin
// server mounts it under /phone/:
//
//	mux.Handle("/phone/", http.StripPrefix("/phone", phone.Handler(cfg)))
//
// The page reads its settings from config.json beside it (GET
// /phone/config.json), which Handler serves from cfg when cfg is not nil.
package phone

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var files embed.FS

// Config is what the page needs to register: the SIP WebSocket URL
// (wss://host/ws, RFC 7118), the SIP domain of its address of record and
// the ICE servers for RTCPeerConnection (usually none: Dialtone is the
// ICE-lite peer on a reachable address).
type Config struct {
	WSURL      string      `json:"wsURL"`
	Domain     string      `json:"domain"`
	ICEServers []ICEServer `json:"iceServers"`
}

// ICEServer is one RTCIceServer (W3C webrtc-pc §4.2.2).
type ICEServer struct {
	URLs       []string `json:"urls"`
	Username   string   `json:"username,omitempty"`
	Credential string   `json:"credential,omitempty"`
}

// contentSecurityPolicy allows only the page's own files; the SIP
// WebSocket may be on another port or host (ws: wss:).
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

type asset struct {
	body  []byte
	ctype string
	etag  string
	cache string
}

type handler struct {
	cfg    func(r *http.Request) Config
	index  asset
	assets map[string]asset // by path below static/
}

// Handler serves the page at "/" (index.html), its files under
// "/static/", and "/config.json" from cfg (404 when cfg is nil, for a
// server that serves it itself). Paths are relative to the mount point.
func Handler(cfg func(r *http.Request) Config) http.Handler {
	h := &handler{cfg: cfg, assets: map[string]asset{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		rel := strings.TrimPrefix(p, "static/")
		a := asset{body: b, ctype: contentType(rel), etag: etag(b), cache: "no-cache"}
		if strings.HasPrefix(rel, "vendor/") {
			// Vendored files change only with a new version of Dialtone.
			a.cache = "public, max-age=86400"
		}
		if rel == "index.html" {
			a.cache = "no-cache"
			h.index = a
			return nil
		}
		h.assets[rel] = a
		return nil
	})
	if err != nil {
		panic(err) // embedded at build time
	}
	return h
}

func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case "":
		return "text/plain; charset=utf-8" // LICENSE, VERSION
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func etag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	hd := w.Header()
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	p := r.URL.Path
	switch {
	case p == "":
		// Mounted with StripPrefix("/phone") and asked for "/phone": the
		// page's relative URLs need the trailing slash.
		// A relative Location ("phone/") keeps whatever the mount point is.
		last := path.Base(strings.SplitN(r.RequestURI, "?", 2)[0])
		if last == "." || last == "/" {
			http.NotFound(w, r)
			return
		}
		// Not http.Redirect: it would resolve against the stripped path.
		hd.Set("Location", last+"/")
		w.WriteHeader(http.StatusMovedPermanently)
	case p == "/" || p == "/index.html":
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		// Microphone for this page only; no camera, no geolocation.
		hd.Set("Permissions-Policy", "microphone=(self), camera=(), geolocation=()")
		h.serve(w, r, h.index)
	case p == "/config.json":
		if h.cfg == nil {
			http.NotFound(w, r)
			return
		}
		c := h.cfg(r)
		if c.ICEServers == nil {
			c.ICEServers = []ICEServer{}
		}
		b, err := json.Marshal(c)
		if err != nil {
			http.Error(w, "config", http.StatusInternalServerError)
			return
		}
		hd.Set("Content-Type", "application/json")
		hd.Set("Cache-Control", "no-store")
		_, _ = w.Write(b)
	case strings.HasPrefix(p, "/static/"):
		a, ok := h.assets[strings.TrimPrefix(p, "/static/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h.serve(w, r, a)
	default:
		http.NotFound(w, r)
	}
}

func (h *handler) serve(w http.ResponseWriter, r *http.Request, a asset) {
	hd := w.Header()
	hd.Set("Content-Type", a.ctype)
	hd.Set("Cache-Control", a.cache)
	hd.Set("ETag", a.etag)
	// ServeContent answers If-None-Match with 304 and handles Range/HEAD.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}
