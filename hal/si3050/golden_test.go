package si3050_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/analogpbx/pbx/hal/si3050"
	"github.com/analogpbx/pbx/testbench/sim"
	"periph.io/x/conn/v3/conntest"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestBringUpSequence records the register traffic of New against the chip model (periph's
// conntest.Record around the chip's connection) and compares it with testdata/bringup.golden.
func TestBringUpSequence(t *testing.T) {
	tests := []struct {
		name string
		opts si3050.Opts
	}{
		{"bringup", si3050.Opts{Zone: "us", Timeslot: 3}},
		{"bringup-cn-irq", si3050.Opts{Zone: "cn", Law: 1, Timeslot: 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sim.NewDAA("fxo1", sim.NewLine("line1", nil))
			rec := &conntest.Record{Conn: d.Conn()}
			var marks []int // index of the first op after each frame wait
			o := tt.opts
			o.Step = func() {
				d.Step(0)
				marks = append(marks, len(rec.Ops))
			}
			if tt.name == "bringup-cn-irq" {
				o.IRQ = d.IRQPin()
			}
			if _, err := si3050.New(regs{c: rec}, "fxo1", &o); err != nil {
				t.Fatal(err)
			}
			got := decode(rec.Ops, marks)
			path := filepath.Join("testdata", tt.name+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("bring-up sequence differs from %s (go test -update rewrites it):\n%s", path, got)
			}
		})
	}
}

// decode turns the recorded one-byte frames into register operations, one per line, with the
// frame waits between them.
func decode(ops []conntest.IO, marks []int) []byte {
	var b bytes.Buffer
	fmt.Fprintln(&b, "# Si3050 bring-up: one line per register access (3 chip-select frames each);")
	fmt.Fprintln(&b, "# \"wait N\" = N frames of 10 ms passed. Rewrite with: go test ./hal/si3050 -update")
	wait := 0
	mi := 0
	for i := 0; i+2 < len(ops); i += 3 {
		for mi < len(marks) && marks[mi] <= i {
			wait++
			mi++
		}
		if wait > 0 {
			fmt.Fprintf(&b, "wait %d\n", wait)
			wait = 0
		}
		ctl, addr := ops[i].W[0], ops[i+1].W[0]
		if ctl&0x40 != 0 {
			fmt.Fprintf(&b, "read  reg %2d -> %#02x\n", addr, ops[i+2].R[0])
		} else {
			fmt.Fprintf(&b, "write reg %2d <- %#02x\n", addr, ops[i+2].W[0])
		}
	}
	return b.Bytes()
}
