//go:build race

package admin

// raceEnabled: the race detector slows the pure-Go SQLite about thirty
// times, so the large export test uses fewer rows under it.
const raceEnabled = true
