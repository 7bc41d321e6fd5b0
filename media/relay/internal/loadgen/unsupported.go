//go:build !(linux && (amd64 || arm64))

// Command loadgen is Linux-only (recvmmsg/sendmmsg); see main.go.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "loadgen: needs Linux on amd64 or arm64")
	os.Exit(1)
}
