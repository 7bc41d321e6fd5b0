// Package outbound is the pure part of routing calls to the telephone
// network: it turns what an extension dialled into an E.164 number and a
// class (Normalize), and picks the first outbound route whose pattern
// matches, after checking the caller's permission class (Match). No I/O,
// no clock, no state: a configuration snapshot compiles routes once with
// NewRoutes and every call reads them.
package outbound
