//go:build !linux

// Command relayd is Linux-only, like media/relay; see main.go.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "relayd: needs Linux")
	os.Exit(1)
}
