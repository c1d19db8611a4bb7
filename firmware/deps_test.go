package firmware_test

import (
	"testing"

	"github.com/analogpbx/pbx/internal/deptest"
)

// The lifecycle code knows the services only through its own small interfaces.
func TestDeps(t *testing.T) {
	deptest.Forbid(t, "pbx", "hal", "board", "dsp", "ui", "testbench")
}
