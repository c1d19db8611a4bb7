package pbx_test

import (
	"testing"

	"github.com/analogpbx/pbx/internal/deptest"
)

// The call core reaches ports only through hal: never a board, a chip driver or the UI.
func TestDeps(t *testing.T) {
	deptest.Forbid(t, "board", "ui", "testbench", "firmware", "hal/si321x", "hal/si3050", "hal/alsa", "periph.io")
}
