package admin

import (
	"fmt"
	"html/template"
	"strings"

	qr "github.com/piglig/go-qr"
)

// Pictures drawn on the server as inline SVG: no script, no image files,
// nothing fetched from elsewhere.

// qrSVG draws text as a QR code, one path of dark modules with the
// four-module quiet zone the standard asks for (ISO/IEC 18004 §6.3.8).
func qrSVG(text, label string) (template.HTML, error) {
	code, err := qr.EncodeText(text, qr.Medium)
	if err != nil {
		return "", fmt.Errorf("QR code: %w", err)
	}
	const border = 4
	n := code.Size()
	var d strings.Builder
	for y := range n {
		for x := range n {
			if code.Module(x, y) {
				fmt.Fprintf(&d, "M%d %dh1v1h-1z", x+border, y+border)
			}
		}
	}
	size := n + 2*border
	return template.HTML(fmt.Sprintf( //nolint:gosec // numbers and an escaped label only
		`<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%s" shape-rendering="crispEdges">`+
			`<rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		size, size, template.HTMLEscapeString(label), size, size, d.String())), nil
}

// barChart draws calls per hour as bars, each with a tooltip, and a
// caption of the total for screen readers.
func barChart(counts []int, label func(i int) string) template.HTML {
	const (
		barW   = 20
		gap    = 4
		height = 120
		top    = 16
		bottom = 20
	)
	peak := 1
	total := 0
	for _, c := range counts {
		peak = max(peak, c)
		total += c
	}
	const left = 12 // room for the first label
	w := len(counts)*(barW+gap) + 2*left
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-label="%d calls today, at most %d in one hour">`,
		w, height+top+bottom, total, peak)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#8a94a6" stroke-width="1"/>`, left, top+height, w-left, top+height)
	for i, c := range counts {
		x := left + i*(barW+gap) + gap/2
		h := c * height / peak
		if c > 0 && h < 2 {
			h = 2
		}
		fmt.Fprintf(&b, `<g><title>%s: %d calls</title><rect class="bar" x="%d" y="%d" width="%d" height="%d" fill="#2563eb"/>`,
			template.HTMLEscapeString(label(i)), c, x, top+height-h, barW, h)
		if c > 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#1f2937">%d</text>`, x+barW/2, top+height-h-3, c)
		}
		b.WriteString("</g>")
		if i%3 == 0 {
			fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="10" text-anchor="middle" fill="#4b5563">%s</text>`,
				x+barW/2, top+height+14, template.HTMLEscapeString(label(i)))
		}
	}
	b.WriteString("</svg>")
	return template.HTML(b.String()) //nolint:gosec // numbers and escaped labels only
}
