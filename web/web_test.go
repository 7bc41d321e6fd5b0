package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// The admin UI needs nothing from elsewhere: no CDN, no web font, no
// script or style from another host.
func TestAdminAssetsAreSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href|url)\s*[=(]\s*["']?(https?:)?//`)
	for name, f := range map[string]fs.FS{"templates": AdminTemplates(), "static": AdminStatic()} {
		n := 0
		err := fs.WalkDir(f, ".", func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			n++
			b, err := fs.ReadFile(f, path)
			if err != nil {
				return err
			}
			if m := external.FindString(string(b)); m != "" {
				t.Errorf("%s/%s loads from elsewhere: %q", name, path, m)
			}
			if strings.Contains(string(b), "<script>") || strings.Contains(string(b), " onclick=") {
				t.Errorf("%s/%s has inline script, which the Content-Security-Policy refuses", name, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("nothing embedded in %s", name)
		}
	}
	for _, want := range []string{"app.css", "app.js", "favicon.svg"} {
		if _, err := fs.Stat(AdminStatic(), want); err != nil {
			t.Errorf("static/%s: %v", want, err)
		}
	}
}
