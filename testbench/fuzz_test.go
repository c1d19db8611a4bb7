package testbench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse: any text either parses or gives an error naming the file and a line; it never
// panics, and a parsed scenario's steps carry the line they came from.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("scenarios/*.tb")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("801 dial #804 # pickup\nexpect cdr#2 from=801 rating=\n")
	f.Fuzz(func(t *testing.T, text string) {
		sc, err := Parse(strings.NewReader(text), "f.tb")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.tb") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		lines := strings.Count(text, "\n") + 1
		for _, st := range sc.Steps {
			if st.Line < 1 || st.Line > lines {
				t.Errorf("step %q on line %d of %d", st.Text, st.Line, lines)
			}
		}
	})
}
