// Command testbench is the technician's tool: scripted scenarios against the simulated
// card, audio decoding, and per-port diagnostics.
//
//	testbench run FILE...
//	testbench decode dtmf|cid|tones FILE.wav
//	testbench diag [-board NAME] [-port N]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/analogpbx/pbx/board/boards"
	"github.com/analogpbx/pbx/dsp/tone"
	"github.com/analogpbx/pbx/testbench"
	"github.com/analogpbx/pbx/testbench/decode"
	"github.com/analogpbx/pbx/testbench/diag"
)

const usage = `usage:
  testbench run FILE...                 run scenarios (*.tb) against the simulated card
  testbench decode dtmf|cid|tones FILE  decode a WAV recording
  testbench diag [-board NAME] [-port N] per-port self-test (PASS/FAIL table)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "run":
		if len(args) < 2 {
			fmt.Fprint(stderr, "testbench run: give scenario files\n")
			return 2
		}
		if testbench.Run(args[1:], stdout) > 0 {
			return 1
		}
		return 0
	case "decode":
		return decode.Run(args[1:], stdout, stderr)
	case "diag":
		fs := flag.NewFlagSet("diag", flag.ContinueOnError)
		fs.SetOutput(stderr)
		name := fs.String("board", "auto", "board to test: auto, sim, sim:8fxs4fxo, rpi")
		port := fs.Int("port", 0, "test only this physical port (0 = all)")
		var faults faultList
		fs.Var(&faults, "fault", "simulated board only: inject a fault before testing, PORT:KIND (e.g. 3:chip-dead); repeatable")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		z, _ := tone.Lookup("us")
		b, err := boards.Open(*name, z)
		if err != nil {
			fmt.Fprintln(stderr, "testbench diag:", err)
			return 1
		}
		defer b.Halt()
		for _, f := range faults {
			if b.Sim == nil {
				fmt.Fprintln(stderr, "testbench diag: -fault needs the simulated board")
				return 2
			}
			if err := b.Sim.Fault(f.port, f.kind); err != nil {
				fmt.Fprintln(stderr, "testbench diag:", err)
				return 2
			}
		}
		if !diag.Run(b.Board, *port, stdout) {
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "testbench: unknown command %q\n%s", args[0], usage)
	return 2
}

// faultList collects -fault PORT:KIND flags.
type faultList []struct {
	port int
	kind string
}

func (f *faultList) String() string { return fmt.Sprint(len(*f), " faults") }

func (f *faultList) Set(v string) error {
	p, k, ok := strings.Cut(v, ":")
	n, err := strconv.Atoi(p)
	if !ok || err != nil || n < 1 || k == "" {
		return fmt.Errorf("want PORT:KIND, e.g. 3:chip-dead")
	}
	*f = append(*f, struct {
		port int
		kind string
	}{n, k})
	return nil
}
