// Package web embeds the pages Dialtone serves: the admin UI (web/admin)
// and, with the WebRTC issue, the browser softphone (web/phone).
package web

import (
	"embed"
	"io/fs"
)

//go:embed admin
var files embed.FS

// Admin returns the admin UI's assets.
func Admin() fs.FS {
	f, err := fs.Sub(files, "admin")
	if err != nil {
		panic(err) // embedded at build time
	}
	return f
}
