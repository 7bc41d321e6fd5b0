package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Every command's own flags and the configuration flags share one flag set;
// a name used by both panics when that command runs. Asking each command
// for --help builds every flag set.
func TestEveryCommandHelp(t *testing.T) {
	cmds := [][]string{
		{"serve"}, {"migrate"}, {"doctor"}, {"version"},
		{"ext", "add"}, {"ext", "list"}, {"ext", "rm"}, {"ext", "passwd"}, {"ext", "import"},
		{"reg", "list"}, {"ban", "list"}, {"ban", "rm"}, {"admin", "add"},
		{"cdr", "list"}, {"call", "list"}, {"call", "record"}, {"token", "add"}, {"token", "rm"}, {"token", "list"},
		{"ext", "set"}, {"trunk", "add"}, {"trunk", "list"}, {"trunk", "status"}, {"trunk", "ranges"}, {"trunk", "rm"},
		{"did", "add"}, {"did", "list"}, {"did", "rm"}, {"route", "add"}, {"route", "list"}, {"route", "rm"},
	}
	for _, c := range cmds {
		t.Run(strings.Join(c, "_"), func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(context.Background(), append(c, "--help"), strings.NewReader(""), &out, &errOut, func(string) string { return "" })
			if code != 0 {
				t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
			}
			if c[0] != "version" && !strings.Contains(errOut.String()+out.String(), "-data-dir") {
				t.Fatalf("help does not list the configuration flags:\n%s%s", out.String(), errOut.String())
			}
		})
	}
}
