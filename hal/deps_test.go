package hal_test

import (
	"testing"

	"github.com/analogpbx/pbx/internal/deptest"
)

func TestDeps(t *testing.T) {
	deptest.Forbid(t, "pbx", "board", "dsp", "ui", "testbench", "firmware", "periph.io/x/host", "github.com/mattn/go-sqlite3")
}
