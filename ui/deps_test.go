package ui_test

import (
	"testing"

	"github.com/analogpbx/pbx/internal/deptest"
)

// The UI reaches the daemon only through the control API: never a board, a chip
// driver, the database or the testbench (its tests may start them).
func TestDeps(t *testing.T) {
	deptest.Forbid(t, "board", "testbench", "firmware", "hal/si321x", "hal/si3050", "hal/alsa",
		"pbx/store/sqlite", "github.com/mattn/go-sqlite3", "modernc.org", "periph.io")
}
