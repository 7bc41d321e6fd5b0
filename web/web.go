// Package web embeds the pages Dialtone serves: the admin UI (web/admin:
// html/template pages, a style sheet and a little plain JavaScript, no
// build step and nothing loaded from elsewhere) and, with the WebRTC issue,
// the browser softphone (web/phone).
package web

import (
	"embed"
	"io/fs"
)

//go:embed admin/templates/*.html admin/static
var files embed.FS

// AdminTemplates returns the admin UI's html/template files.
func AdminTemplates() fs.FS { return sub("admin/templates") }

// AdminStatic returns the admin UI's static assets (CSS, JavaScript, icons),
// served under /static/.
func AdminStatic() fs.FS { return sub("admin/static") }

func sub(dir string) fs.FS {
	f, err := fs.Sub(files, dir)
	if err != nil {
		panic(err) // embedded at build time
	}
	return f
}
