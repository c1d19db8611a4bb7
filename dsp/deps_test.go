package dsp

import (
	"testing"

	"github.com/analogpbx/pbx/internal/deptest"
)

// TestDeps keeps dsp below the rest: it knows nothing of ports, boards, calls or
// interfaces, and needs no outside module but G.711.
func TestDeps(t *testing.T) {
	deptest.Forbid(t, "hal", "board", "pbx", "ui", "firmware", "testbench", "cmd",
		"periph.io", "github.com/mattn", "github.com/emiago", "github.com/gdamore", "github.com/rivo", "github.com/pion")
}
