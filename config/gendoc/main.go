// Command gendoc rewrites the key table in docs/configuration.md from
// config.Keys, so the documentation cannot drift from the code:
//
//	go run ./config/gendoc docs/configuration.md
package main

import (
	"fmt"
	"os"

	"github.com/dialtone-pbx/dialtone/config"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendoc docs/configuration.md")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := config.ReplaceKeyTable(string(b))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[1], []byte(out), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
