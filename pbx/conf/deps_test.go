package conf_test

import (
	"testing"

	"github.com/analogpbx/pbx/internal/deptest"
)

// The text format stays pure Go: no storage, no cgo.
func TestDeps(t *testing.T) {
	deptest.Forbid(t, "pbx/store", "github.com/mattn/go-sqlite3", "board", "ui", "testbench")
}
