// Package deptest checks the direction of imports between the project's layers.
// Each top-level package calls Forbid from its deps_test.go.
package deptest

import (
	"os/exec"
	"strings"
	"testing"
)

// Module is this repository's module path.
const Module = "github.com/analogpbx/pbx"

// Forbid fails t if the package in the current directory (or any package below it,
// with their dependencies) imports one of the named packages. A name without a dot
// is a package of this module ("pbx", "board"); one with a dot is an outside module
// path prefix ("periph.io/x/host").
func Forbid(t *testing.T, names ...string) {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	self, err := exec.Command("go", "list", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	me := strings.TrimSpace(string(self))
	for _, dep := range strings.Fields(string(out)) {
		for _, n := range names {
			p := n
			if !strings.Contains(n, ".") {
				p = Module + "/" + n
			}
			if dep == p || strings.HasPrefix(dep, p+"/") {
				t.Errorf("%s depends on %s, which its layer must not import", me, dep)
			}
		}
	}
}
