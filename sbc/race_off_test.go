//go:build !race

package sbc

const raceEnabled = false
