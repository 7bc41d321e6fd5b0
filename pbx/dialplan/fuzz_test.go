package dialplan

import (
	"errors"
	"testing"
)

// FuzzNormalize checks that Normalize never panics, classifies every
// failure, and that a success is short, made of dialable characters only,
// and its own normal form. Seeds live in testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"101", "sip:102@pbx;transport=tcp", "tel:+1-555-0100", "*97#", "<sips:%2B44@x>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out, err := Normalize(in)
		if err != nil {
			if out != "" {
				t.Fatalf("Normalize(%q) = %q with error %v", in, out, err)
			}
			if !errors.Is(err, ErrEmpty) && !errors.Is(err, ErrNotDialable) && !errors.Is(err, ErrTooLong) {
				t.Fatalf("Normalize(%q): unclassified error %v", in, err)
			}
			if len(err.Error()) > 256 {
				t.Fatalf("Normalize(%q): error of %d bytes", in, len(err.Error()))
			}
			return
		}
		if out == "" || len(out) > MaxLen {
			t.Fatalf("Normalize(%q) = %q: length %d", in, out, len(out))
		}
		for i := 0; i < len(out); i++ {
			c := out[i]
			ok := c >= '0' && c <= '9' || (c == '+' && i == 0 && len(out) > 1)
			if out[0] != '+' {
				ok = ok || c == '*' || c == '#'
			}
			if !ok {
				t.Fatalf("Normalize(%q) = %q: %q at %d", in, out, c, i)
			}
		}
		again, err := Normalize(out)
		if err != nil || again != out {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q, %v", in, out, out, again, err)
		}
		// A Route over any input terminates with a decision that has a reason.
		d := Route(Input{Caller: Caller{Number: "101"}, Dialled: in, Source: SourceInternal, Snapshot: testDirectory()})
		if d.Kind == KindNone || d.Reason == "" || d.Number != out {
			t.Fatalf("Route(%q) = %+v", in, d)
		}
	})
}
