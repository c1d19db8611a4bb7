package si321x

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3/conntest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// decodeOps turns recorded one-byte SPI frames back into register accesses, one per line,
// with a "wait" line wherever the driver let 10 ms pass.
func decodeOps(ops []conntest.IO, steps map[int]int) []byte {
	var b bytes.Buffer
	addr, pending := byte(0), false
	for i, op := range ops {
		if n := steps[i]; n > 0 {
			fmt.Fprintf(&b, "wait %d ms\n", 10*n)
		}
		switch {
		case len(op.W) != 1:
			fmt.Fprintf(&b, "bad frame % x\n", op.W)
		case !pending:
			addr, pending = op.W[0], true
		case addr&0x80 != 0:
			fmt.Fprintf(&b, "r %3d -> %#02x\n", addr&0x7F, op.R[0])
			pending = false
		default:
			fmt.Fprintf(&b, "w %3d = %#02x\n", addr, op.W[0])
			pending = false
		}
	}
	if n := steps[len(ops)]; n > 0 {
		fmt.Fprintf(&b, "wait %d ms\n", 10*n)
	}
	return b.Bytes()
}

// TestBringUpGolden records every SPI frame of New on a fresh chip and compares the
// register sequence with testdata/bringup.golden (go test -update rewrites it).
func TestBringUpGolden(t *testing.T) {
	phone := sim.NewPhone("p1", nil)
	slic := sim.NewSLIC("fxs1", phone)
	rec := &conntest.Record{Conn: slic.Conn()}
	steps := map[int]int{}
	o := DefaultOpts
	o.Timeslot = 2
	o.Step = func() {
		steps[len(rec.Ops)]++
		slic.Step(0)
	}
	if _, err := New(connRegs{rec}, "fxs1", &o); err != nil {
		t.Fatal(err)
	}
	got := append([]byte("# Si3215 bring-up by si321x.New (DefaultOpts, timeslot 2) on the simulated chip.\n"+
		"# One line per register access (each byte its own chip-select frame); r = read, w = write.\n"),
		decodeOps(rec.Ops, steps)...)
	path := filepath.Join("testdata", "bringup.golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
		for i := range min(len(gl), len(wl)) {
			if !bytes.Equal(gl[i], wl[i]) {
				t.Fatalf("bring-up differs from %s at line %d: got %q, want %q (go test -update rewrites it)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("bring-up has %d lines, %s has %d (go test -update rewrites it)", len(gl), path, len(wl))
	}
}
