//go:build race

package sbc

// raceEnabled: the race detector slows everything about ten times.
const raceEnabled = true
